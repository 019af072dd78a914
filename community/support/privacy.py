"""Early warning's entry in the record of processing (GDPR art. 30): the
profiling it does is assessed in docs/dpia-early-warning.md (art. 35). The
household reads its cases, their signals and every note and letter in its
"my data" export (art. 15)."""

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from community.privacy import retention_rules as rr
from community.privacy.registry import (
    Category,
    LegalBasis,
    Retention,
    declare,
    declare_not_personal,
)

from .models import CaseEntry, LetterTemplate, SignalRule, SupportCase, SupportSetting

# A closed case, or a declined proposal, is deleted two years after it ended.
KEPT_AFTER_CLOSING = relativedelta(years=2)
SUPPORT_WORKERS = _("the trust's support workers only")

declare(
    SupportCase,
    purpose=_("Offer help early to a household whose signals add up (arrears, an unanswered check, repairs left "
              "undone): proposed by Socle, opened or not by the support worker, never an automatic warning"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.HOUSEHOLD, Category.HOUSING, Category.DISPUTES],
    visible_to=SUPPORT_WORKERS,
    retention=Retention(_("Two years after the case is closed or the proposal declined; then deleted"),
                        expired=rr.older_than("closed_at", KEPT_AFTER_CLOSING)(SupportCase)),
    subject=["household__members__user"],
)
declare(
    CaseEntry,
    purpose=_("Keep the support worker's notes and the letters sent to the household with its case"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.HOUSEHOLD, Category.DISPUTES],
    visible_to=SUPPORT_WORKERS,
    retention=Retention(_("Deleted with its case")),
    subject=["case__household__members__user", "author"],
)
declare_not_personal(LetterTemplate, reason=_("A letter written for any household, with no person's data"))
declare_not_personal(SignalRule, reason=_("A threshold the trust sets"))
declare_not_personal(SupportSetting, reason=_("The trust's terms for early warning"))
