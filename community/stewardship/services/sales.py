"""The resale's first steps (issue 25): the owner household gives notice of
its wish to sell; the trust decides, by the deadline its deeds give it,
whether it buys the home back (right of first refusal). If it does not, the
register prices the home with the deed's formula, under the legal cap, and
offers it to the next household in the register's order (the register's own
pages and services); every step is dated on the home's file."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting

from community.models import Dwelling, User
from community.services.audit import record_audit
from community.services.notifications import notify

from .. import policy, selectors
from ..models import ResaleSetting, SaleNotice
from ._common import StewardshipRefusal, _url


def _notify_owners(notice: SaleNotice, title, body) -> None:
    owners = selectors.owner_users(notice.household_id)
    params = {"home": str(notice.dwelling), "date": formatting.day(notice.first_refusal_until),
              "note": notice.decision_note}
    transaction.on_commit(lambda: notify(owners, category="stewardship", title=title, body=body,
                                         url=_url("stewardship:home_file", notice.dwelling_id), params=params))


def give_notice(*, acting_user: User, dwelling: Dwelling, wished_on: date | None = None, note: str = "") -> SaleNotice:
    """The owner household (or the officer, from its letter) gives notice."""
    dwelling = Dwelling.objects.select_related("housing_project").get(pk=dwelling.pk)
    on_paper = dwelling.pk not in selectors.owned_dwelling_ids(acting_user)
    if dwelling.owner_household_id is None or (on_paper and not selectors.is_steward(acting_user)):
        raise StewardshipRefusal(_("Only the owner household of this home gives notice of its sale."))
    today = timezone.localdate()
    if wished_on is not None and wished_on < today:
        raise StewardshipRefusal(_("The sale you wish for cannot be in the past."))
    days = ResaleSetting.objects.values_list("first_refusal_days", flat=True).first() or 60
    try:
        with transaction.atomic():
            notice = SaleNotice.objects.create(
                dwelling=dwelling, household_id=dwelling.owner_household_id, given_on=today, wished_on=wished_on,
                note=(note or "").strip()[:1000], first_refusal_until=policy.first_refusal_until(today, days),
                given_by=acting_user)
            record_audit(actor=acting_user, action="stewardship.sale_notice_given", target=notice, on_paper=on_paper)
            officers = selectors.steward_users()
            transaction.on_commit(lambda: notify(
                officers, category="stewardship_staff",
                title=gettext_lazy("Notice of sale: %(home)s"),
                body=gettext_lazy("Decide on the trust's right of first refusal by %(date)s."),
                url=_url("stewardship:home_file", dwelling.pk),
                params={"home": str(dwelling), "date": formatting.day(notice.first_refusal_until)}))
            _notify_owners(notice, gettext_lazy("Your notice of sale is received: %(home)s"),
                           gettext_lazy("The trust tells you by %(date)s whether it buys the home back; if not, "
                                        "the next household comes from the register, at the deed's price."))
    except IntegrityError:
        raise StewardshipRefusal(_("A sale of this home is already under way.")) from None
    return notice


@transaction.atomic
def decide_first_refusal(*, acting_user: User, notice: SaleNotice, buy_back: bool, note: str) -> SaleNotice:
    notice = SaleNotice.objects.select_for_update().select_related("dwelling__housing_project").get(pk=notice.pk)
    if not selectors.is_steward(acting_user):
        raise StewardshipRefusal(_("Only the stewardship officers record the trust's decision."))
    if notice.status != SaleNotice.Status.GIVEN:
        raise StewardshipRefusal(_("This notice of sale is already decided or withdrawn."))
    note = (note or "").strip()[:1000]
    if not note:
        raise StewardshipRefusal(_("Give the reason of the decision: the household will read it."))
    notice.status = SaleNotice.Status.EXERCISED if buy_back else SaleNotice.Status.WAIVED
    notice.decided_on = timezone.localdate()
    notice.decided_by = acting_user
    notice.decision_note = note
    notice.save(update_fields=["status", "decided_on", "decided_by", "decision_note"])
    record_audit(actor=acting_user, action="stewardship.first_refusal_" + notice.status, target=notice, note=note,
                 late=notice.decided_on > notice.first_refusal_until)
    if buy_back:
        _notify_owners(notice, gettext_lazy("The trust buys your home back: %(home)s"), gettext_lazy("%(note)s"))
    else:
        _notify_owners(notice, gettext_lazy("Your home goes to the next household of the register: %(home)s"),
                       gettext_lazy("%(note)s"))
    return notice


@transaction.atomic
def withdraw_notice(*, acting_user: User, notice: SaleNotice) -> SaleNotice:
    notice = SaleNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.dwelling_id not in selectors.owned_dwelling_ids(acting_user):
        raise StewardshipRefusal(_("Only the owner household withdraws its notice of sale."))
    if notice.status != SaleNotice.Status.GIVEN:
        raise StewardshipRefusal(_("This notice of sale is already decided or withdrawn."))
    notice.status = SaleNotice.Status.WITHDRAWN
    notice.save(update_fields=["status"])
    record_audit(actor=acting_user, action="stewardship.sale_notice_withdrawn", target=notice)
    return notice
