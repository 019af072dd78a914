"""Calls for funds, payments, and reminders of what is owed (policy.arrears)."""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting
from socle_site.kernel.banking.qr import epc_qr_png
from socle_site.kernel.formatting import money

from community.models import Household, User
from community.services.audit import record_audit
from community.services.notifications import notify

from .. import policy, selectors
from ..errors import CoownershipRefusal
from ..models import (
    BudgetLine,
    Building,
    CallForFunds,
    CallLine,
    Fund,
    KeyWeight,
    Ownership,
    Payment,
)
from ._common import (
    _cents,
    _members,
    _require,
    _url,
)

# --- Calls for funds, payments, reminders, statements ----------------------------------------

QUARTER_DUE = {1: (1, 15), 2: (4, 15), 3: (7, 15), 4: (10, 15)}


@transaction.atomic
def issue_call_for_funds(
    *, acting_user: User | None, building: Building, year: int, quarter: int, due_on: date | None = None
) -> CallForFunds:
    """A quarter of the year's budget (ordinary lines and reserve fund),
    split over the lots by each line's key and called from each lot's owner on
    the due date. Co-owners are notified."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    if quarter not in QUARTER_DUE:
        raise CoownershipRefusal(_("Choose a quarter from 1 to 4."))
    Building.objects.select_for_update().get(pk=building.pk)
    if CallForFunds.objects.filter(building=building, year=year, quarter=quarter).exists():
        raise CoownershipRefusal(_("This quarter has already been called."))
    lines = list(BudgetLine.objects.filter(building=building, year=year, amount_cents__gt=0))
    if not lines:
        raise CoownershipRefusal(_("Enter the year's budget before calling funds."))
    due_on = due_on or date(year, *QUARTER_DUE[quarter])
    weights = defaultdict(list)
    for key_id, lot_id, weight in KeyWeight.objects.filter(key_id__in={li.key_id for li in lines}).order_by(
        "lot_id"
    ).values_list("key_id", "lot_id", "weight"):
        weights[key_id].append((lot_id, weight))
    amounts, reserves = defaultdict(int), defaultdict(int)
    for line in lines:
        for lot_id, part in policy.charge_shares(policy.quarter_of(line.amount_cents, quarter), weights[line.key_id]):
            amounts[lot_id] += part
            if line.is_reserve:
                reserves[lot_id] += part
    owners = dict(
        Ownership.objects.filter(selectors.owned_on(due_on), lot__building=building).values_list("lot_id", "household_id")
    )
    call = CallForFunds.objects.create(building=building, year=year, quarter=quarter, due_on=due_on)
    CallLine.objects.bulk_create(
        [
            CallLine(call=call, building=building, lot_id=lot_id, household_id=owners[lot_id], due_on=due_on,
                     amount_cents=amount, reserve_cents=reserves[lot_id])
            for lot_id, amount in sorted(amounts.items())
            if amount and lot_id in owners
        ]
    )
    record_audit(actor=acting_user, action="coownership.issue_call", target=building, year=year, quarter=quarter)
    # notify() itself sends the e-mails and live counts once the transaction commits.
    notify(
        _members(set(owners.values())), category="coownership",
        title=gettext_lazy("Call for funds: %(building)s, quarter %(quarter)s %(year)s"),
        body=gettext_lazy("Your share is in your account, to pay by %(due)s."),
        url=_url("coownership:my_account", building.slug),
        params={"building": building.name, "quarter": quarter, "year": year, "due": formatting.day(due_on)},
    )
    return call


@transaction.atomic
def record_payment(
    *, acting_user: User | None, building: Building, household: Household, paid_on: date, amount, reference: str = "",
    movement: str = "", fund: str = Fund.WORKING,
) -> Payment:
    """A co-owner's payment; it clears their oldest open call first (the
    balances allocate payments oldest first) of the fund it is paid into (its
    account's calls: a call's reserve part, or the rest). ``movement`` is the identity of
    the bank statement movement it comes from, when a person assigned one."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    if not selectors.is_owner_ever(building, household):
        raise CoownershipRefusal(_("This household owns no lot in the building."))
    payment = Payment.objects.create(
        building=building, household=household, paid_on=paid_on, amount_cents=_cents(amount),
        reference=(reference or "").strip()[:140], recorded_by=acting_user,
        source=Payment.Source.BANK if movement else Payment.Source.MANUAL, movement=movement,
        fund=fund if fund in Fund.values else Fund.WORKING,
    )
    record_audit(actor=acting_user, action="coownership.record_payment", target=building, payment=payment.pk,
                 cents=payment.amount_cents)
    return payment



@transaction.atomic
def record_opening_balance(
    *, acting_user: User | None, building: Building, household: Household, as_of: date, amount_cents: int
) -> Payment:
    """What a co-owner's account stood at when the trust's books moved to
    Socle: a credit (positive) or what they owed (negative), kept as one
    payment row of its own kind, so every balance (paid less called) counts
    it. One per co-owner and building: recorded again, it is corrected."""
    if acting_user is not None:
        _require(acting_user, "coownership.create_building", None)
    if not selectors.is_owner_ever(building, household):
        raise CoownershipRefusal(_("This household owns no lot in the building."))
    payment, _created = Payment.objects.update_or_create(
        building=building, household=household, source=Payment.Source.OPENING,
        defaults={"paid_on": as_of, "amount_cents": int(amount_cents), "recorded_by": acting_user,
                  "reference": ""},
    )
    record_audit(actor=acting_user, action="coownership.record_opening_balance", target=building, payment=payment.pk,
                 cents=payment.amount_cents, on=as_of.isoformat())
    return payment


@transaction.atomic
def send_arrears_reminders(*, acting_user: User | None, building: Building, today: date | None = None) -> int:
    """Remind each co-owner in arrears of what is due, quoting the account,
    their structured communication and, attached, the payment QR code for the
    amount; returns how many households."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    today = today or timezone.localdate()
    late = [row for row in selectors.balances(building, today) if row["arrears_cents"] > 0]
    # Each fund has its own account and reference: the reminder quotes each fund still owed.
    instructions = defaultdict(list)
    for row in selectors.payment_instructions(building, [row["household_id"] for row in late], today):
        if row["owed_cents"] > 0 and row["iban"] and row["reference"]:
            instructions[row["household_id"]].append(row)
    for row in late:
        to_pay = instructions.get(row["household_id"]) or []
        params = {"building": building.name, "amount": money(row["arrears_cents"])}
        if len(to_pay) == 2:
            working, reserve = sorted(to_pay, key=lambda r: r["fund"] != "working")
            body = gettext_lazy(
                "%(amount)s of your calls for funds is still unpaid. Thank you for paying soon %(working_amount)s to "
                "the working fund's account %(working_iban)s with the structured communication "
                "%(working_reference)s, and %(reserve_amount)s to the reserve fund's account %(reserve_iban)s with "
                "the structured communication %(reserve_reference)s (%(beneficiary)s), or by scanning the payment "
                "QR codes attached with your banking app.")
            params |= {"working_amount": money(working["owed_cents"]), "working_iban": working["iban"],
                       "working_reference": working["reference"], "reserve_amount": money(reserve["owed_cents"]),
                       "reserve_iban": reserve["iban"], "reserve_reference": reserve["reference"],
                       "beneficiary": working["beneficiary"]}
        elif to_pay:
            body = gettext_lazy(
                "%(amount)s of your calls for funds is still unpaid. Thank you for paying it soon to the account "
                "%(iban)s (%(beneficiary)s) with the structured communication %(reference)s, or by scanning the "
                "payment QR code attached with your banking app.") if to_pay[0].get("epc_payload") else gettext_lazy(
                "%(amount)s of your calls for funds is still unpaid. Thank you for paying it soon to the account "
                "%(iban)s (%(beneficiary)s) with the structured communication %(reference)s.")
            params |= {"iban": to_pay[0]["iban"], "beneficiary": to_pay[0]["beneficiary"],
                       "reference": to_pay[0]["reference"]}
        else:
            body = gettext_lazy("%(amount)s of your calls for funds is still unpaid. Thank you for paying it soon.")
        attachments = [(f"payment-qr-code-{item['fund']}.png", epc_qr_png(item["epc_payload"]), "image/png")
                       for item in to_pay if item.get("epc_payload")]
        notify(
            _members([row["household_id"]]), category="coownership",
            title=gettext_lazy("Reminder: charges due for %(building)s"), body=body,
            url=_url("coownership:my_account", building.slug), params=params, attachments=attachments,
        )
    record_audit(actor=acting_user, action="coownership.send_reminders", target=building, households=len(late))
    return len(late)
