"""Direct debit: co-owners' SEPA mandates recorded and revoked, and the pain.008
file that collects a call's provisions from those who signed one (made by the
shared socle_site.kernel.banking.sepa, validated against the ISO 20022 XSD)."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from socle_site.kernel.banking.iban import bic_for, normalise_iban
from socle_site.kernel.banking.sepa import (
    Collection,
    Party,
    direct_debit_file,
    normalise_creditor_id,
)

from community.models import Household, User
from community.services.audit import record_audit

from ..errors import CoownershipRefusal
from ..models import Building, CallForFunds, CallLine, Fund, PaymentReference, SepaMandate
from ..selectors import fund_part
from ._common import _require


@transaction.atomic
def set_creditor_id(*, acting_user: User | None, building: Building, creditor_id: str) -> Building:
    """The association's SEPA creditor identifier (from its bank), needed to collect."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    try:
        building.creditor_id = normalise_creditor_id(creditor_id) if (creditor_id or "").strip() else ""
    except ValueError:
        raise CoownershipRefusal(_("This is not a SEPA creditor identifier (e.g. BE69ZZZ050D000000008): check "
                                   "the letters and digits your bank gave.")) from None
    building.save(update_fields=["creditor_id"])
    record_audit(actor=acting_user, action="coownership.set_creditor_id", target=building,
                 creditor_id=building.creditor_id)
    return building


def record_mandate(
    *, acting_user: User | None, building: Building, household: Household, reference: str, signed_on: date,
    debtor_name: str, debtor_iban: str,
) -> SepaMandate:
    """A co-owner's signed mandate. One standing mandate per co-owner and building; a
    reference is never reused in the building (the bank knows each for good)."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    reference = "".join((reference or "").split())
    if not reference or len(reference) > 35:
        raise CoownershipRefusal(_("Give the mandate's reference, as on the signed form (35 characters at most)."))
    if signed_on > timezone.localdate():
        raise CoownershipRefusal(_("A mandate cannot be signed in the future."))
    name = " ".join((debtor_name or "").split())[:70]
    if not name:
        raise CoownershipRefusal(_("Give the name of the account holder."))
    try:
        iban = normalise_iban(debtor_iban)
    except ValueError:
        raise CoownershipRefusal(_("This is not a valid IBAN (check the letters and digits).")) from None
    if not building.lots.filter(ownerships__household=household).exists():
        raise CoownershipRefusal(_("This household owns no lot in the building."))
    try:
        with transaction.atomic():
            mandate = SepaMandate.objects.create(
                building=building, household=household, reference=reference, signed_on=signed_on, debtor_name=name,
                debtor_iban=iban, debtor_bic=bic_for(iban), recorded_by=acting_user,
            )
    except IntegrityError:
        raise CoownershipRefusal(_("This co-owner already has a standing mandate, or the reference is already "
                                   "used in this building: revoke the old mandate first.")) from None
    record_audit(actor=acting_user, action="coownership.record_mandate", target=building, mandate=mandate.pk,
                 household=household.pk, reference=reference)
    return mandate


@transaction.atomic
def revoke_mandate(*, acting_user: User | None, mandate: SepaMandate, on: date | None = None) -> SepaMandate:
    """The co-owner withdrew their mandate: kept for the record, never collected again."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", mandate.building)
    mandate = SepaMandate.objects.select_for_update().get(pk=mandate.pk)
    if mandate.revoked_on is not None:
        raise CoownershipRefusal(_("This mandate is already revoked."))
    mandate.revoked_on = on or timezone.localdate()
    mandate.save(update_fields=["revoked_on"])
    record_audit(actor=acting_user, action="coownership.revoke_mandate", target=mandate.building,
                 mandate=mandate.pk, household=mandate.household_id)
    return mandate


def collection_file(*, acting_user: User | None, call: CallForFunds) -> bytes:
    """The pain.008 file collecting a call's provisions from each co-owner with a
    standing mandate signed by the call's due date, on that date: one collection
    per co-owner (their lines together), remitted with their structured
    communication, so that the bank's statement is matched like a transfer."""
    building = call.building
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    # The provisions are collected on the working fund's account, with the
    # co-owners' references for it (the reserve part is paid by transfer to its own account).
    account = building.working_account
    if account is None or not building.creditor_id:
        raise CoownershipRefusal(_("Enter the building's bank account and its SEPA creditor identifier before "
                                   "collecting by direct debit."))
    mandates = {m.household_id: m for m in SepaMandate.objects.filter(
        building=building, revoked_on__isnull=True, signed_on__lte=call.due_on)}
    totals: dict[int, int] = {}
    for household_id, cents in CallLine.objects.filter(call=call, household_id__in=mandates).annotate(
            part=fund_part(Fund.WORKING)).values_list("household_id", "part"):
        totals[household_id] = totals.get(household_id, 0) + cents
    references = dict(PaymentReference.objects.filter(building=building, fund=Fund.WORKING, household_id__in=totals)
                      .values_list("household_id", "digits"))
    collections = [
        Collection(mandate_id=mandates[h].reference, signed_on=mandates[h].signed_on,
                   debtor_name=mandates[h].debtor_name, debtor_iban=mandates[h].debtor_iban,
                   debtor_bic=mandates[h].debtor_bic, amount_cents=cents, reference=references[h],
                   end_to_end_id=f"C{call.pk}-H{h}")
        for h, cents in sorted(totals.items()) if cents > 0
    ]
    if not collections:
        raise CoownershipRefusal(_("No co-owner with a standing mandate has anything to pay in this call."))
    creditor = Party(name=account.holder or building.name, iban=account.iban, bic=account.bic,
                     creditor_id=building.creditor_id)
    content = direct_debit_file(creditor, collections, collect_on=max(call.due_on, timezone.localdate()),
                                message_id=f"{building.slug[:20]}-{call.year}Q{call.quarter}-{call.pk}")
    record_audit(actor=acting_user, action="coownership.collection_file", target=building, call=call.pk,
                 count=len(collections), cents=sum(c.amount_cents for c in collections))
    return content
