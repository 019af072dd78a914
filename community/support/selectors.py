"""Reads for early warning: a fixed number of queries per signal."""

from datetime import date, timedelta

from django.utils import timezone

from community import warnings
from community.models import Household, User
from community.predicates import is_support_worker

from . import policy
from .models import CaseEntry, LetterTemplate, SignalRule, SupportCase, SupportSetting


def is_support(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (bool(user.is_superuser) or is_support_worker(user))


def setting() -> SupportSetting:
    return SupportSetting.objects.get_or_create(pk=1)[0]


def rules() -> dict[str, SignalRule]:
    return {rule.key: rule for rule in SignalRule.objects.all()}


def hits(today: date) -> dict[str, dict[int, str]]:
    """What each enabled signal finds today, at the trust's threshold."""
    known = rules()
    found = {}
    for signal in warnings.signals():
        rule = known.get(signal.key)
        if rule is not None and not rule.is_enabled:
            continue
        found[signal.key] = signal.households(today, rule.threshold if rule else signal.default_threshold)
    return found


def proposals(today: date) -> list[tuple[Household, list[tuple[str, str]]]]:
    """The households Socle proposes today, each with its signals' labels and details."""
    terms = setting()
    open_case = set(SupportCase.objects.filter(status=SupportCase.Status.OPEN).values_list("household_id", flat=True))
    since = timezone.now() - timedelta(days=terms.quiet_days)
    quiet = set(SupportCase.objects.filter(status=SupportCase.Status.DECLINED, opened_at__gte=since)
                .values_list("household_id", flat=True))
    found = policy.proposals(hits(today), signals_needed=terms.signals_to_propose, open_case=open_case, quiet=quiet)
    households = Household.objects.in_bulk([p.household_id for p in found])
    labels = {s.key: s.label for s in warnings.signals()}
    return [(households[p.household_id], [(labels[key], detail) for key, detail in p.signals])
            for p in found if p.household_id in households]


def signals_of(household_id: int, today: date) -> list[dict]:
    """The signals that hold for one household today, as a case keeps them."""
    labels = {s.key: s.label for s in warnings.signals()}
    return [{"key": key, "label": str(labels[key]), "detail": households[household_id]}
            for key, households in hits(today).items() if household_id in households]


def open_cases() -> list[SupportCase]:
    return list(SupportCase.objects.filter(status=SupportCase.Status.OPEN).select_related("household")
                .order_by("opened_at", "pk"))


def entries(case: SupportCase) -> list[CaseEntry]:
    return list(case.entries.select_related("author").order_by("-written_at", "-pk"))


def usable_templates() -> list[LetterTemplate]:
    return list(LetterTemplate.objects.filter(reviewed_at__isnull=False).order_by("language", "title"))


def household_users(household_id: int) -> list[User]:
    return list(User.objects.filter(household_memberships__household_id=household_id,
                                    household_memberships__until__isnull=True).distinct())
