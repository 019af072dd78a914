"""Early warning's writes (issue 25): one function per write, refusals as
SupportRefusal with a translated message (nothing changed), every step in
the audit log. Only the support worker acts; nothing reaches the household
but the letter the worker writes."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.refusals import Refusal

from community import warnings
from community.models import Household, User
from community.services.audit import record_audit
from community.services.notifications import notify

from . import selectors
from .models import CaseEntry, LetterTemplate, SignalRule, SupportCase

MAX_TEXT = 2000


class SupportRefusal(Refusal):
    pass


def _require_support(user: User) -> None:
    if not selectors.is_support(user):
        raise SupportRefusal(_("Only the trust's support worker sees and handles early-warning cases."))


def _text(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise SupportRefusal(message)
    if len(text) > MAX_TEXT:
        raise SupportRefusal(_("At most %(count)d characters, please.") % {"count": MAX_TEXT})
    return text


def ensure_signal_rules() -> None:
    """A rule per registered signal, at its default threshold, the first time (staff then adjust them)."""
    for signal in warnings.signals():
        SignalRule.objects.get_or_create(key=signal.key, defaults={"threshold": signal.default_threshold})


def _proposed_signals(household: Household) -> list[dict]:
    signals = selectors.signals_of(household.pk, timezone.localdate())
    if len(signals) < selectors.setting().signals_to_propose:
        raise SupportRefusal(_("Socle no longer proposes this household (its signals changed): reload the page."))
    return signals


def open_case(*, acting_user: User, household: Household) -> SupportCase:
    """The worker decides to accompany the household Socle proposed: the
    case keeps the signals seen today. One open case per household (the
    database holds it)."""
    _require_support(acting_user)
    signals = _proposed_signals(household)
    try:
        with transaction.atomic():
            Household.objects.select_for_update().get(pk=household.pk)  # against a decline at the same moment
            case = SupportCase.objects.create(household=household, status=SupportCase.Status.OPEN, signals=signals,
                                              opened_by=acting_user)
    except IntegrityError:
        raise SupportRefusal(_("A case is already open for this household.")) from None
    record_audit(actor=acting_user, action="support.open_case", target=case, signals=[s["key"] for s in signals])
    return case


@transaction.atomic
def decline(*, acting_user: User, household: Household, reason: str) -> SupportCase:
    """Not now, with the reason: the household is not proposed again for the quiet days."""
    _require_support(acting_user)
    reason = _text(reason, _("Say why no case is opened (the reason stays with the proposal)."))[:500]
    Household.objects.select_for_update().get(pk=household.pk)  # against an opening at the same moment
    if SupportCase.objects.filter(household=household, status=SupportCase.Status.OPEN).exists():
        raise SupportRefusal(_("A case is already open for this household."))
    signals = _proposed_signals(household)
    case = SupportCase.objects.create(household=household, status=SupportCase.Status.DECLINED, signals=signals,
                                      opened_by=acting_user, closed_at=timezone.now(), reason=reason)
    record_audit(actor=acting_user, action="support.decline_proposal", target=case)
    return case


def _open(case: SupportCase) -> SupportCase:
    case = SupportCase.objects.select_for_update().select_related("household").get(pk=case.pk)
    if case.status != SupportCase.Status.OPEN:
        raise SupportRefusal(_("This case is closed."))
    return case


@transaction.atomic
def add_note(*, acting_user: User, case: SupportCase, text: str) -> CaseEntry:
    _require_support(acting_user)
    case = _open(case)
    entry = CaseEntry.objects.create(case=case, kind=CaseEntry.Kind.NOTE, author=acting_user,
                                     text=_text(text, _("Write the note.")))
    record_audit(actor=acting_user, action="support.add_note", target=case)
    return entry


@transaction.atomic
def send_letter(*, acting_user: User, case: SupportCase, template: LetterTemplate | None, text: str) -> CaseEntry:
    """The worker writes to the household from a reviewed template (adapted
    to them): it reaches every current member in the portal, by e-mail for
    those who have one, and stays on the case to print for a visit or the post."""
    _require_support(acting_user)
    case = _open(case)
    if template is None or template.reviewed_at is None:
        raise SupportRefusal(_("Start from a reviewed letter: choose one of the trust's templates."))
    text = _text(text, _("Write the letter."))
    entry = CaseEntry.objects.create(case=case, kind=CaseEntry.Kind.LETTER, author=acting_user, template=template, text=text)
    members = selectors.household_users(case.household_id)
    transaction.on_commit(lambda: notify(
        members, category="support", title=gettext_lazy("A message from the trust"), body=gettext_lazy("%(text)s"),
        params={"text": text}, url=lambda: reverse("community:notifications"),
    ))
    record_audit(actor=acting_user, action="support.send_letter", target=case, template=template.pk,
                 recipients=len(members))
    return entry


@transaction.atomic
def close_case(*, acting_user: User, case: SupportCase, reason: str) -> SupportCase:
    _require_support(acting_user)
    case = _open(case)
    case.status, case.closed_at = SupportCase.Status.CLOSED, timezone.now()
    case.reason = _text(reason, _("Say how the case ends (it stays with the case)."))[:500]
    case.save(update_fields=["status", "closed_at", "reason"])
    record_audit(actor=acting_user, action="support.close_case", target=case)
    return case


def review_template(*, acting_user: User, template: LetterTemplate) -> LetterTemplate:
    """Someone of the staff read it and finds it kind and right: it can be used."""
    if not (acting_user.is_superuser or acting_user.has_perm("support.change_lettertemplate")):
        raise SupportRefusal(_("Only the trust's staff review the letters."))
    template.reviewed_by, template.reviewed_at = acting_user, timezone.now()
    template.save(update_fields=["reviewed_by", "reviewed_at"])
    record_audit(actor=acting_user, action="support.review_template", target=template)
    return template
