"""Stewardship's entry in the record of processing: the yearly checks the deed
asks of an owner household, with the documents it sends."""

from django.utils.translation import gettext_lazy as _

from community.privacy import retention_rules as rr
from community.privacy.registry import Category, LegalBasis, Retention, declare

from .models import OwnerRequest, SaleNotice, YearlyCheck

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
