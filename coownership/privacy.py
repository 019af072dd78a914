"""Co-ownership in the record of processing: owners' data is kept for the
ownership plus five years (Brussels Housing Code art. 166/1), accounting
records seven years (accounting law), then deleted."""


from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from community.privacy import retention_rules as rr
from community.privacy.registry import (
    Category,
    Hold,
    LegalBasis,
    Retention,
    declare,
    declare_not_personal,
)

from .models import (
    Allocation,
    Building,
    BuildingDocument,
    BuildingRole,
    CallLine,
    Expense,
    Ownership,
    Payment,
    Statement,
    Ticket,
    TicketComment,
)

ACCOUNTS_KEPT = relativedelta(years=7)
CO_OWNERS = _("the building's co-owners, its syndic and the staff")
OWNER_RULE = _("Owners' data is kept during the ownership and for five years after it ends (Brussels Housing Code art. 166/1).")
ACCOUNTS_RULE = _("Seven years after the financial year (accounting law); deleted by the staff with the year's accounts")


def ownership_hold(user, today):
    latest = None
    for ownership in Ownership.objects.filter(household__members__user=user).distinct():
        if ownership.ends_on is None:
            return Hold(OWNER_RULE, None)
        end = ownership.ends_on + rr.AFTER_LEAVING
        if end > today and (latest is None or end > latest):
            latest = end
    return Hold(OWNER_RULE, latest) if latest else None


declare_not_personal(Building, reason=_("The address is the building's, not a person's."))
declare(
    Ownership,
    purpose=_("Know who owns each lot, to share charges and count votes in the co-owners' meeting"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSEHOLD, Category.HOUSING],
    visible_to=CO_OWNERS,
    retention=Retention(OWNER_RULE, expired=rr.rows_older_than(Ownership, "ends_on", rr.AFTER_LEAVING)),
    subject=["household__members__user"],
    on_erasure=rr.keep_rows,
    hold=ownership_hold,
)
declare(
    BuildingRole,
    purpose=_("Know who is syndic, auditor or council member of a building"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.IDENTITY, Category.PARTICIPATION],
    visible_to=CO_OWNERS,
    retention=Retention(_("Five years after the role ended, then deleted"), expired=rr.rows_older_than(BuildingRole, "ends_on", rr.AFTER_LEAVING)),
    subject=["user"],
)
declare(
    Expense,
    purpose=_("Keep the building's accounts"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSING],
    visible_to=CO_OWNERS,
    retention=Retention(ACCOUNTS_RULE),
    subject=["recorded_by"],
    on_erasure=rr.null_out("recorded_by"),
)
for _model in (Allocation, CallLine):
    declare(
        _model,
        purpose=_("Share the building's charges among the owners"),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        categories=[Category.HOUSING, Category.DISPUTES],
        visible_to=_("the household, the syndic and the staff"),
        retention=Retention(ACCOUNTS_RULE),
        subject=["household__members__user"],
        on_erasure=rr.keep_rows,
    )
declare(
    Payment,
    purpose=_("Record owners' payments and arrears"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSING, Category.DISPUTES],
    sensitive_fields=["amount_cents"],
    visible_to=_("the household, the syndic and the staff"),
    retention=Retention(_("Seven years after the payment, then deleted (accounting law)"), expired=rr.rows_older_than(Payment, "paid_on", ACCOUNTS_KEPT)),
    subject=["household__members__user"],
    on_erasure=rr.keep_rows,
)
declare(
    Statement,
    purpose=_("Give each owner the yearly statement of their charges"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSING],
    visible_to=_("the household, the syndic and the staff"),
    retention=Retention(ACCOUNTS_RULE),
    subject=["household__members__user", "requested_by"],
    on_erasure=rr.keep_rows,
)
declare(
    Ticket,
    purpose=_("Follow the repairs and problems reported in the building"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.PARTICIPATION],
    visible_to=CO_OWNERS,
    retention=Retention(_("Two years after the ticket was closed, then deleted by the staff")),
    subject=["reporter", "assignee"],
    on_erasure=rr.null_out("assignee"),
)
declare(
    TicketComment,
    purpose=_("Follow the repairs and problems reported in the building"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.PARTICIPATION],
    visible_to=CO_OWNERS,
    retention=Retention(_("With the ticket")),
    subject=["author"],
    on_erasure=rr.keep_rows,
)
declare(
    BuildingDocument,
    purpose=_("Share the building's documents with its co-owners"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.TECHNICAL],
    visible_to=CO_OWNERS,
    retention=Retention(_("As long as the document is useful; the uploader is anonymised on erasure")),
    subject=["uploaded_by"],
    on_erasure=rr.null_out("uploaded_by"),
)
del _model
