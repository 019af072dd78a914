"""Stewardship's entry in the record of processing: the yearly checks the deed
asks of an owner household, with the documents it sends."""

from django.utils.translation import gettext_lazy as _

from community.privacy import retention_rules as rr
from community.privacy.registry import (
    Category,
    LegalBasis,
    Retention,
    declare,
    declare_not_personal,
)
from community.privacy.retention_rules import accounts_open_since

from .models import (
    FeeCharge,
    FeeCredit,
    FeeReference,
    FeeSetting,
    OwnerRequest,
    SaleNotice,
    YearlyCheck,
)

declare(
    YearlyCheck,
    purpose=_("Check each year, as the deed asks, that the owner household lives in its home and insures it"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.HOUSEHOLD, Category.HOUSING],
    sensitive_fields=["document"],
    # The document itself is read on the home's file (its reading by an officer is logged).
    not_exported=["document"],
    visible_to=_("the household and the trust's stewardship officers"),
    retention=Retention(rr.OWNER_RULE),
    subject=["household__members__user", "answered_by", "reviewed_by"],
    on_erasure=rr.keep_rows,
)
declare(
    OwnerRequest,
    purpose=_("Decide, as the deed asks, the owner household's requests to sublet, borrow against or transform its home"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.HOUSEHOLD, Category.HOUSING, Category.INCOME],
    sensitive_fields=["amount_cents"],
    visible_to=_("the household and the trust's stewardship officers (and its board above their thresholds)"),
    retention=Retention(rr.OWNER_RULE),
    subject=["household__members__user", "submitted_by", "decided_by"],
    on_erasure=rr.keep_rows,
)
declare(
    SaleNotice,
    purpose=_("Follow an owner household's sale of its home: the trust's right of first refusal, then the resale"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.HOUSEHOLD, Category.HOUSING],
    visible_to=_("the household and the trust's stewardship officers"),
    retention=Retention(rr.OWNER_RULE),
    subject=["household__members__user", "given_by", "decided_by"],
    on_erasure=rr.keep_rows,
)
declare(
    FeeCharge,
    purpose=_("Ask the owner household the ground-lease fee its deed sets, and follow what it owes"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.HOUSING, Category.DISPUTES],
    sensitive_fields=["amount_cents"],
    visible_to=_("the household and the trust's stewardship officers"),
    retention=Retention(rr.OWNER_RULE),
    subject=["household__members__user"],
    on_erasure=rr.keep_rows,
)
declare(
    FeeReference,
    purpose=_("Recognise the owner household's fee payments by their structured communication"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.HOUSING],
    visible_to=_("the household and the trust's stewardship officers"),
    retention=Retention(rr.OWNER_RULE),
    subject=["household__members__user"],
    on_erasure=rr.keep_rows,
)
declare(
    FeeCredit,
    purpose=_("Reconcile the trust's ground-lease account statements with the owners' fee payments"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSING, Category.DISPUTES],
    sensitive_fields=["amount_cents", "counterparty_iban"],
    visible_to=_("the trust's stewardship officers, and the household for its own payments"),
    # Part of the trust's books; the payer's name, account and words go when the accounts need no longer be kept.
    retention=Retention(
        _("Kept with the accounts (Code of Economic Law art. III.88); the payer's name, account and communication, "
          "and who handled it, are removed seven years after its financial year"),
        expired=lambda now: FeeCredit.objects.filter(booked_on__lt=accounts_open_since(now)).exclude(
            counterparty_name="", counterparty_iban="", communication="", handled_by__isnull=True),
        anonymise=lambda rows: rows.update(counterparty_name="", counterparty_iban="", communication="", handled_by=None),
    ),
    subject=["household__members__user", "handled_by"],
    on_erasure=rr.keep_rows,
)
declare_not_personal(FeeSetting, reason=_("The name of a published index (the health index), not of a person"))
