"""The yearly checks' writes, one service each (issue 25): opened by the daily
task, answered by the owner, checked by the stewardship officer, reminded and,
past the deadline, sent to the officer. Refusals say why and change nothing."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting
from socle_site.kernel.crypto import encrypt_bytes
from socle_site.kernel.uploads import DOCUMENTS, UploadRefusal, prepare_upload

from community.models import Dwelling, User
from community.services.audit import record_audit
from community.services.notifications import notify

from .. import policy, selectors
from ..models import CheckKind, CheckRule, YearlyCheck
from ._common import StewardshipRefusal, _url
from .fees import open_fees

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024

# What the trust asks the household to send with each check (shown on the form).
DOCUMENT_ASKED = {
    CheckKind.OCCUPANCY: gettext_lazy(
        "A household composition certificate (composition de ménage / gezinssamenstelling) from your municipality, "
        "less than three months old."),
    CheckKind.INSURANCE: gettext_lazy("Your home insurance certificate for this year, from your insurer."),
}


def _calendar(rule: CheckRule) -> policy.Calendar:
    return policy.Calendar(opens_month=rule.opens_month, opens_day=rule.opens_day, answer_days=rule.answer_days,
                           reminder_days=rule.reminder_days)


def _notify_owners(check: YearlyCheck, title, body) -> None:
    owners = selectors.owner_users(check.household_id)
    params = {"check": check.get_kind_display(), "year": check.year, "date": formatting.day(check.due_on),
              "home": str(check.dwelling), "note": check.review_note}
    transaction.on_commit(lambda: notify(owners, category="stewardship", title=title, body=body,
                                         url=_url("stewardship:home_file", check.dwelling_id), params=params))


def open_checks(*, today: date | None = None) -> int:
    """Daily: each owned home gets this year's check of each kind once its
    opening day has come (policy.year_to_open), and its owners are told.
    Idempotent: the database keeps one check per home, kind and year."""
    today = today or timezone.localdate()
    opened = 0
    for rule in CheckRule.objects.filter(is_enabled=True):
        calendar = _calendar(rule)
        for dwelling in Dwelling.objects.filter(owner_household__isnull=False).select_related("housing_project"):
            year = policy.year_to_open(calendar, today, dwelling.owned_since)
            if year is None:
                continue
            with transaction.atomic():
                check, created = YearlyCheck.objects.get_or_create(
                    dwelling=dwelling, kind=rule.kind, year=year,
                    defaults={"household_id": dwelling.owner_household_id, "opened_on": today,
                              "due_on": policy.deadline(calendar, year, opened_on=today)},
                )
                if created:
                    opened += 1
                    record_audit(actor=None, action="stewardship.check_opened", target=check)
                    _notify_owners(check, gettext_lazy("Your yearly check is open: %(check)s (%(year)s)"),
                                   gettext_lazy("Answer by %(date)s in your home's file, with the document asked."))
    return opened


@transaction.atomic
def answer_check(*, acting_user: User, check: YearlyCheck, declared: bool, upload) -> YearlyCheck:
    """The owner confirms (occupancy: the household lives in the home;
    insurance: the home is insured) and sends the document asked. An officer
    enters the answer of a household that answered on paper."""
    check = YearlyCheck.objects.select_for_update().get(pk=check.pk)
    if not (selectors.may_answer(acting_user, check) or selectors.is_steward(acting_user)):
        raise StewardshipRefusal(_("Only the owner household of this home answers its checks."))
    if check.status == YearlyCheck.Status.ACCEPTED:
        raise StewardshipRefusal(_("This check is already accepted: nothing more is needed."))
    if check.status == YearlyCheck.Status.SUBMITTED:
        raise StewardshipRefusal(_("Your answer is already sent: the trust is checking it."))
    if not declared:
        raise StewardshipRefusal(_("Tick the box to confirm what the check asks."))
    if upload is None:
        raise StewardshipRefusal(_("Add the document the trust asks for."))
    try:
        upload, checked = prepare_upload(upload, allowed=DOCUMENTS, max_size=MAX_DOCUMENT_SIZE)
    except UploadRefusal as refusal:
        raise StewardshipRefusal(refusal.message) from refusal
    data = upload.read()
    check.status = YearlyCheck.Status.SUBMITTED
    check.answered_at = timezone.now()
    check.answered_by = acting_user
    check.document_name = upload.name[-200:]
    check.document_type = checked.content_type
    check.document_size = len(data)
    check.document = encrypt_bytes(data)
    check.save()
    record_audit(actor=acting_user, action="stewardship.check_answered", target=check,
                 on_paper=not selectors.may_answer(acting_user, check))
    return check


@transaction.atomic
def review_check(*, acting_user: User, check: YearlyCheck, accept: bool, note: str = "") -> YearlyCheck:
    """The officer accepts the answer, or sends it back with a reason the household reads."""
    check = YearlyCheck.objects.select_for_update().select_related("dwelling__housing_project").get(pk=check.pk)
    if not selectors.is_steward(acting_user):
        raise StewardshipRefusal(_("Only the stewardship officers check the owners' answers."))
    if check.status != YearlyCheck.Status.SUBMITTED:
        raise StewardshipRefusal(_("This check has no answer waiting to be checked."))
    note = note.strip()[:500]
    if not accept and not note:
        raise StewardshipRefusal(_("Say why the document is sent back: the household will read it."))
    check.status = YearlyCheck.Status.ACCEPTED if accept else YearlyCheck.Status.OPEN
    check.reviewed_at = timezone.now()
    check.reviewed_by = acting_user
    check.review_note = "" if accept else note
    check.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    record_audit(actor=acting_user, action="stewardship.check_accepted" if accept else "stewardship.check_sent_back",
                 target=check, note=note)
    if accept:
        _notify_owners(check, gettext_lazy("Your yearly check is accepted: %(check)s (%(year)s)"),
                       gettext_lazy("Thank you: nothing more is needed for this year."))
    else:
        _notify_owners(check, gettext_lazy("Please send again: %(check)s (%(year)s)"),
                       gettext_lazy("The trust could not accept the document: %(note)s"))
    return check


def send_reminders(*, today: date | None = None) -> int:
    """Daily: one reminder per open check, ``reminder_days`` before its deadline."""
    today = today or timezone.localdate()
    sent = 0
    rules = {rule.kind: _calendar(rule) for rule in CheckRule.objects.all()}
    waiting = YearlyCheck.objects.filter(status=YearlyCheck.Status.OPEN, reminded_at__isnull=True, due_on__gte=today)
    for check in waiting.select_related("dwelling__housing_project"):
        calendar = rules.get(check.kind)
        if calendar is None or not policy.reminder_due(calendar, today, check.due_on):
            continue
        with transaction.atomic():
            if YearlyCheck.objects.filter(pk=check.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()):
                sent += 1
                _notify_owners(check, gettext_lazy("Reminder: %(check)s (%(year)s), answer by %(date)s"),
                               gettext_lazy("Your home's yearly check is still waiting for your answer."))
    return sent


def escalate_overdue(*, today: date | None = None) -> int:
    """Daily: a check still unanswered after its deadline goes to the
    stewardship officers, once; the household is told, kindly, that the trust
    will get in touch. Never a silent lapse, never an automatic sanction."""
    today = today or timezone.localdate()
    escalated = 0
    overdue = YearlyCheck.objects.filter(status=YearlyCheck.Status.OPEN, escalated_at__isnull=True, due_on__lt=today)
    officers = None
    for check in overdue.select_related("dwelling__housing_project"):
        with transaction.atomic():
            if not YearlyCheck.objects.filter(pk=check.pk, escalated_at__isnull=True).update(escalated_at=timezone.now()):
                continue
            escalated += 1
            record_audit(actor=None, action="stewardship.check_escalated", target=check)
            officers = officers if officers is not None else selectors.steward_users()
            params = {"check": check.get_kind_display(), "year": check.year, "home": str(check.dwelling),
                      "date": formatting.day(check.due_on)}
            transaction.on_commit(lambda check=check, params=params, officers=officers: notify(
                officers, category="stewardship_staff",
                title=gettext_lazy("Not answered in time: %(check)s (%(year)s), %(home)s"),
                body=gettext_lazy("The deadline was %(date)s. Get in touch with the household."),
                url=_url("stewardship:home_file", check.dwelling_id), params=params))
            _notify_owners(check, gettext_lazy("Your yearly check is late: %(check)s (%(year)s)"),
                           gettext_lazy("You can still answer in your home's file. The trust will get in touch "
                                        "to help if something stands in the way."))
    return escalated


def run_daily(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {"opened": open_checks(today=today), "reminded": send_reminders(today=today),
            "escalated": escalate_overdue(today=today), "fees_opened": open_fees(today=today)}


def ensure_rules() -> None:
    """A rule per kind, with the defaults, the first time (staff then adjust them)."""
    defaults = {CheckKind.OCCUPANCY: {"opens_month": 12, "opens_day": 1},
                CheckKind.INSURANCE: {"opens_month": 2, "opens_day": 1}}
    for kind, values in defaults.items():
        CheckRule.objects.get_or_create(kind=kind, defaults=values)

