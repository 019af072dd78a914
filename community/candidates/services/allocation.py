"""Homes put up for allocation and offered from the ranked list, at the price policy.offered_price decides."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from socle_site.kernel import formatting

from community.models import User
from community.services.audit import record_audit
from community.services.dwellings import dwelling_for
from community.services.notifications import notify

from .. import policy, selectors
from ..models import (
    Application,
    Home,
    Offer,
    Operator,
)
from ._common import CandidacyRefusal, _url


@transaction.atomic
def create_home(*, acting_user: User, operator: Operator, housing_project, label: str, bedrooms: int, floor_area: Decimal,
                is_accessible: bool, price: Decimal, cost_price: Decimal, land_value: Decimal) -> Home:
    if not selectors.operators_staffed_by(acting_user).filter(pk=operator.pk).exists():
        raise CandidacyRefusal(_("Only the register staff of this operator may describe its homes."))
    policy.check_price(price=price, cost_price=cost_price, land_value=land_value)
    if Home.objects.filter(housing_project=housing_project, label=label).exists():
        raise CandidacyRefusal(_("This project already has a home with this name."))
    # The one record of this home: the co-ownership's lot of the same label
    # in the project, if the building is already described, is this dwelling.
    dwelling = dwelling_for(housing_project=housing_project, label=label)
    home = Home.objects.create(operator=operator, housing_project=housing_project, dwelling=dwelling, label=label, bedrooms=bedrooms, floor_area=floor_area,
                               is_accessible=is_accessible, price=price, cost_price=cost_price, land_value=land_value)
    record_audit(actor=acting_user, action="candidacy.home_created", target=home, price=str(price))
    return home


@transaction.atomic
def make_offer(*, acting_user: User, home: Home, application: Application, skip_reason: str = "") -> Offer:
    """The home is offered to an eligible household. Offering it past eligible
    households ranked before it that have not had their turn needs a written
    reason, kept with the offer and audited (policy.passed_over)."""
    home = Home.objects.select_for_update().select_related("housing_project").get(pk=home.pk)
    if not selectors.operators_staffed_by(acting_user).filter(pk=home.operator_id).exists():
        raise CandidacyRefusal(_("Only the register staff of this operator may offer its homes."))
    if home.status != Home.Status.OPEN:
        raise CandidacyRefusal(_("This home is already offered or allocated."))
    line = selectors.ranking_line(home, application)
    if line is None:
        raise CandidacyRefusal(_("This household is not eligible for this home: it is not on the home's ranked list."))
    had_their_turn = set(Offer.objects.filter(home=home).values_list("application_id", flat=True))
    skipped = policy.passed_over(selectors.ranked_ids(home), application.pk, had_their_turn)
    skip_reason = (skip_reason or "").strip()[:1000]
    if skipped and not skip_reason:
        raise CandidacyRefusal(ngettext(
            "%(n)s eligible household ranks before this one and has not had its turn: write why it is passed over "
            "(the register keeps the reason).",
            "%(n)s eligible households rank before this one and have not had their turn: write why they are passed "
            "over (the register keeps the reason).", len(skipped)) % {"n": len(skipped)})
    max_price = selectors.max_price_for(home, application)
    answer_by = timezone.localdate() + timezone.timedelta(days=home.operator.offer_answer_days)
    offer = Offer.objects.create(home=home, application=application, made_by=acting_user, max_price=max_price,
                                 answer_by=answer_by, skip_reason=skip_reason if skipped else "")
    home.status = Home.Status.OFFERED
    home.save(update_fields=["status"])
    record_audit(actor=acting_user, action="candidacy.offer_made", target=application, home=str(home), reasons=line.reasons,
                 max_price=str(max_price), answer_by=answer_by.isoformat(), passed_over=len(skipped),
                 passed_over_numbers=list(Application.objects.filter(pk__in=skipped[:50]).order_by("register_number")
                                          .values_list("register_number", flat=True)),
                 skip_reason=offer.skip_reason)
    members = selectors.member_users(application)
    transaction.on_commit(
        lambda: notify(
            members,
            category="candidacy",
            title=gettext_lazy("A home is offered to you: %(home)s"),
            body=gettext_lazy("Answer the offer in your candidacy page by %(date)s: accept it or decline it with a reason. Without an answer by then, the offer expires."),
            url=_url("candidates:my_candidacy"),
            params={"home": str(home), "date": formatting.day(answer_by)},
        )
    )
    return offer


@transaction.atomic
def answer_offer(*, acting_user: User, offer: Offer, accept: bool, reason: str = "") -> Offer:
    offer = Offer.objects.select_for_update().select_related("home", "application").get(pk=offer.pk)
    # The household answers in the portal; the operator's staff may record an
    # answer the household gave on paper or by phone.
    on_behalf = offer.home.operator_id in selectors.operator_ids_of(acting_user)
    if not (on_behalf or selectors.is_member_of(acting_user, offer.application)):
        raise CandidacyRefusal(_("This offer was not made to your household."))
    if offer.status == Offer.Status.EXPIRED or (
        offer.status == Offer.Status.PROPOSED and offer.answer_by and offer.answer_by < timezone.localdate()
    ):
        raise CandidacyRefusal(_("The deadline to answer this offer has passed: the home goes to the next candidate."))
    if offer.status != Offer.Status.PROPOSED:
        raise CandidacyRefusal(_("This offer has already been answered."))
    if not accept and not reason.strip():
        raise CandidacyRefusal(_("Tell the CLT why you decline: it helps the next offers."))
    offer.status = Offer.Status.ACCEPTED if accept else Offer.Status.DECLINED
    offer.reason = reason.strip()[:500]
    offer.answered_at = timezone.now()
    offer.save(update_fields=["status", "reason", "answered_at"])
    home = offer.home
    home.status = Home.Status.ALLOCATED if accept else Home.Status.OPEN
    home.save(update_fields=["status"])
    if accept:
        offer.application.status = Application.Status.HOUSED
        offer.application.save(update_fields=["status"])
    record_audit(actor=acting_user, action="candidacy.offer_answered", target=offer.application, home=str(home), accepted=accept, reason=offer.reason, recorded_by_staff=on_behalf)
    staff = list(home.operator.staff.all())
    transaction.on_commit(
        lambda: notify(
            staff,
            category="candidacy_staff",
            title=gettext_lazy("Offer of %(home)s accepted") if accept else gettext_lazy("Offer of %(home)s declined"),
            url=_url("candidates:home_ranking", home.pk),
            params={"home": str(home)},
        )
    )
    return offer


def expire_offers(*, today: date | None = None) -> int:
    """Daily: an offer still unanswered after its deadline expires; the home
    goes back to its ranked list (without this household) and both sides are
    told. Run twice, it expires nothing more."""
    today = today or timezone.localdate()
    expired = 0
    due = Offer.objects.filter(status=Offer.Status.PROPOSED, answer_by__lt=today).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            offer = Offer.objects.select_for_update().select_related("home__operator", "application").get(pk=pk)
            if offer.status != Offer.Status.PROPOSED:  # answered meanwhile
                continue
            offer.status = Offer.Status.EXPIRED
            offer.answered_at = timezone.now()
            offer.save(update_fields=["status", "answered_at"])
            home = Home.objects.select_for_update().get(pk=offer.home_id)
            home.status = Home.Status.OPEN
            home.save(update_fields=["status"])
            record_audit(actor=None, action="candidacy.offer_expired", target=offer.application, home=str(home),
                         answer_by=offer.answer_by.isoformat())
            members = selectors.member_users(offer.application)
            staff = list(offer.home.operator.staff.all())
            params = {"home": str(home), "date": formatting.day(offer.answer_by)}
            transaction.on_commit(lambda members=members, params=params: notify(
                members, category="candidacy",
                title=gettext_lazy("The offer of %(home)s has expired"),
                body=gettext_lazy("It was not answered by %(date)s. Your candidacy stays in the register."),
                url=_url("candidates:my_candidacy"), params=params,
            ))
            transaction.on_commit(lambda staff=staff, params=params, home_pk=home.pk: notify(
                staff, category="candidacy_staff",
                title=gettext_lazy("The offer of %(home)s has expired"),
                body=gettext_lazy("It was not answered by %(date)s: the home can be offered to the next candidate."),
                url=_url("candidates:home_ranking", home_pk), params=params,
            ))
        expired += 1
    return expired
