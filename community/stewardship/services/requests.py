"""Owners' requests (issue 25): the owner household asks before subletting,
borrowing against the home or carrying out works; the stewardship officers
decide below the trust's thresholds (DecisionRule) and record the board's
decision above them, always with a reason the household reads. A loan above
the formula price is refused; approved works count in the resale price once
their invoices are in."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting
from socle_site.kernel.money import to_cents

from community import homefile
from community.models import Dwelling, User
from community.services.audit import record_audit
from community.services.notifications import notify

from .. import policy, selectors
from ..models import DecisionRule, OwnerRequest, RequestKind
from ._common import StewardshipRefusal, _url

DEFAULT_RULES = {
    RequestKind.SUBLET: {"staff_up_to_months": 12},
    RequestKind.REFINANCE: {"staff_up_to_cents": 50_000_00},
    RequestKind.WORKS: {"staff_up_to_cents": 15_000_00},
}


def ensure_decision_rules() -> None:
    for kind, values in DEFAULT_RULES.items():
        DecisionRule.objects.get_or_create(kind=kind, defaults=values)


def _cents(amount, label) -> int:
    try:
        cents = to_cents(amount)
    except ValueError:
        raise StewardshipRefusal(_("%(field)s: enter an amount in euros, e.g. 12500,00.") % {"field": label}) from None
    if cents <= 0:
        raise StewardshipRefusal(_("%(field)s: enter an amount above zero.") % {"field": label})
    return cents


def _loan_refusal(dwelling: Dwelling, amount_cents: int, on: date, *, unknown_price_refuses: bool) -> str | None:
    """Why the trust cannot agree to this loan, or None. A price that cannot be
    estimated yet refuses an approval, not the household's request."""
    price = homefile.formula_price_cents(dwelling, on)
    if price is None:
        if not unknown_price_refuses:
            return None
        return _("The formula price of this home cannot be estimated yet (no index value or appraisal): "
                 "the trust enters it first.")
    if policy.loan_above_formula_price(amount_cents, price):
        return _("A loan above the formula price (%(price)s today) could not be repaid by a resale: the trust "
                 "cannot agree to it.") % {"price": formatting.format_money(price)}
    return None


def _notify_owners(request: OwnerRequest, title, body) -> None:
    owners = selectors.owner_users(request.household_id)
    params = {"request": request.get_kind_display(), "home": str(request.dwelling), "note": request.decision_note}
    transaction.on_commit(lambda: notify(owners, category="stewardship", title=title, body=body,
                                         url=_url("stewardship:request", request.pk), params=params))


@transaction.atomic
def submit_request(*, acting_user: User, dwelling: Dwelling, kind: str, reason: str, starts_on: date | None = None,
                   ends_on: date | None = None, amount=None) -> OwnerRequest:
    """The owner household's request; an officer enters one the household sent on paper."""
    dwelling = Dwelling.objects.select_for_update().select_related("housing_project").get(pk=dwelling.pk)
    on_paper = dwelling.pk not in selectors.owned_dwelling_ids(acting_user)
    if dwelling.owner_household_id is None or (on_paper and not selectors.is_steward(acting_user)):
        raise StewardshipRefusal(_("Only the owner household of this home asks the trust about it."))
    if kind not in RequestKind.values:
        raise StewardshipRefusal(_("Choose what you ask."))
    reason = (reason or "").strip()
    if not reason:
        raise StewardshipRefusal(_("Say what you plan and why: the trust decides from it."))
    amount_cents = months = None
    today = timezone.localdate()
    if kind == RequestKind.SUBLET:
        if starts_on is None or ends_on is None:
            raise StewardshipRefusal(_("Give the dates of the sublet."))
        if ends_on <= starts_on:
            raise StewardshipRefusal(_("The sublet must end after it starts."))
        if starts_on < today:
            raise StewardshipRefusal(_("A sublet is asked before it starts: choose a start from today."))
        months = policy.months_between(starts_on, ends_on)
    else:
        starts_on = ends_on = None
        amount_cents = _cents(amount, _("Loan") if kind == RequestKind.REFINANCE else _("Estimated cost"))
        if kind == RequestKind.REFINANCE:
            refusal = _loan_refusal(dwelling, amount_cents, today, unknown_price_refuses=False)
            if refusal:
                raise StewardshipRefusal(refusal)
    rule = DecisionRule.objects.filter(kind=kind).first()
    request = OwnerRequest.objects.create(
        dwelling=dwelling, household_id=dwelling.owner_household_id, kind=kind, reason=reason[:2000],
        starts_on=starts_on, ends_on=ends_on, amount_cents=amount_cents, submitted_by=acting_user,
        for_board=rule is not None and policy.goes_to_board(
            amount_cents=amount_cents, months=months, staff_up_to_cents=rule.staff_up_to_cents,
            staff_up_to_months=rule.staff_up_to_months),
    )
    record_audit(actor=acting_user, action="stewardship.request_submitted", target=request, kind=kind,
                 amount_cents=amount_cents, for_board=request.for_board, on_paper=on_paper)
    officers = selectors.steward_users()
    params = {"request": request.get_kind_display(), "home": str(dwelling)}
    transaction.on_commit(lambda: notify(
        officers, category="stewardship_staff", title=gettext_lazy("New request: %(request)s, %(home)s"),
        url=_url("stewardship:request", request.pk), params=params))
    return request


@transaction.atomic
def decide_request(*, acting_user: User, request: OwnerRequest, approve: bool, note: str,
                   board_decided_on: date | None = None, approved_amount=None) -> OwnerRequest:
    """The officers' decision, or the board's that an officer records."""
    request = OwnerRequest.objects.select_for_update().select_related("dwelling__housing_project").get(pk=request.pk)
    if not selectors.is_steward(acting_user):
        raise StewardshipRefusal(_("Only the stewardship officers decide the owners' requests."))
    if request.status != OwnerRequest.Status.SUBMITTED:
        raise StewardshipRefusal(_("This request is already decided or withdrawn."))
    note = (note or "").strip()[:1000]
    if not note:
        raise StewardshipRefusal(_("Give the reason of the decision: the household will read it."))
    if request.for_board:
        if board_decided_on is None:
            raise StewardshipRefusal(_("This request is beyond what the officers decide alone: enter the date of "
                                       "the board's decision."))
        if board_decided_on > timezone.localdate():
            raise StewardshipRefusal(_("The board's decision cannot be in the future."))
    else:
        board_decided_on = None
    if approve and request.kind == RequestKind.REFINANCE:
        refusal = _loan_refusal(request.dwelling, request.amount_cents, timezone.localdate(), unknown_price_refuses=True)
        if refusal:
            raise StewardshipRefusal(refusal)
    if approve and request.kind == RequestKind.WORKS:
        approved = request.amount_cents if approved_amount in (None, "") else _cents(approved_amount, _("Approved amount"))
        if approved > request.amount_cents:
            raise StewardshipRefusal(_("The approved amount cannot be more than the works' estimated cost."))
        request.approved_cents = approved
    request.status = OwnerRequest.Status.APPROVED if approve else OwnerRequest.Status.REFUSED
    request.decided_by = acting_user
    request.decided_at = timezone.now()
    request.decision_note = note
    request.board_decided_on = board_decided_on
    request.save()
    record_audit(actor=acting_user, action="stewardship.request_approved" if approve else "stewardship.request_refused",
                 target=request, note=note, board_decided_on=board_decided_on.isoformat() if board_decided_on else None,
                 approved_cents=request.approved_cents)
    if approve:
        _notify_owners(request, gettext_lazy("Your request is approved: %(request)s"), gettext_lazy("%(note)s"))
    else:
        _notify_owners(request, gettext_lazy("Your request is refused: %(request)s"), gettext_lazy("%(note)s"))
    return request


@transaction.atomic
def withdraw_request(*, acting_user: User, request: OwnerRequest) -> OwnerRequest:
    request = OwnerRequest.objects.select_for_update().get(pk=request.pk)
    if request.dwelling_id not in selectors.owned_dwelling_ids(acting_user):
        raise StewardshipRefusal(_("Only the owner household withdraws its request."))
    if request.status != OwnerRequest.Status.SUBMITTED:
        raise StewardshipRefusal(_("This request is already decided or withdrawn."))
    request.status = OwnerRequest.Status.WITHDRAWN
    request.save(update_fields=["status"])
    record_audit(actor=acting_user, action="stewardship.request_withdrawn", target=request)
    return request


@transaction.atomic
def record_invoices(*, acting_user: User, request: OwnerRequest, invoiced_amount) -> OwnerRequest:
    """Approved works are done: the officer, having seen the invoices, records
    their total. What counts in the resale price is policy.works_counted."""
    request = OwnerRequest.objects.select_for_update().get(pk=request.pk)
    if not selectors.is_steward(acting_user):
        raise StewardshipRefusal(_("Only the stewardship officers record the works' invoices."))
    if request.kind != RequestKind.WORKS or request.status != OwnerRequest.Status.APPROVED:
        raise StewardshipRefusal(_("Invoices are recorded for approved works only."))
    request.invoiced_cents = _cents(invoiced_amount, _("Invoiced amount"))
    request.invoices_recorded_at = timezone.now()
    request.status = OwnerRequest.Status.COMPLETED
    request.save(update_fields=["invoiced_cents", "invoices_recorded_at", "status"])
    counted = policy.works_counted(request.approved_cents or 0, request.invoiced_cents)
    record_audit(actor=acting_user, action="stewardship.works_invoiced", target=request,
                 invoiced_cents=request.invoiced_cents, counted_cents=counted)
    _notify_owners(request, gettext_lazy("Your works count in the resale price: %(request)s"),
                   gettext_lazy("The trust recorded the invoices. Your home's file shows the price with them."))
    return request
