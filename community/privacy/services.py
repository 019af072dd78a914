"""Writes about personal data: one function per write, one transaction each,
refusals as PrivacyRefusal with a translated message (nothing changed)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting
from socle_site.kernel.refusals import Refusal

from community.models import User
from community.services.audit import record_audit
from community.services.notifications import notify

from . import consents, engine
from .models import AccessLog, Consent, DataRequest
from .predicates import is_privacy_officer


class PrivacyRefusal(Refusal):
    pass


MAX_DETAILS = 4000


def log_access(*, viewer: User, subject: User | None, what: str, target: models.Model | None = None) -> AccessLog:
    """The one way to record that someone read a person's sensitive data."""
    return log_access_to(viewer=viewer, subjects=[subject] if subject is not None else [], what=what, target=target)[0]


def log_access_to(*, viewer: User, subjects, what: str, target: models.Model | None = None) -> list[AccessLog]:
    """One reading of data about several people (a household's candidacy):
    a row for each, at the same instant, so each sees it in "who opened my
    file" and staff can tell it was one reading; a row about nobody in
    particular when none has an account."""
    at = timezone.now()
    common = dict(
        viewer=viewer if viewer is not None and viewer.pk else None,
        what=what[:120],
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        at=at,
    )
    people = list({s.pk: s for s in subjects if s is not None}.values()) or [None]
    # One INSERT whatever the number of people (an export of the register).
    return AccessLog.objects.bulk_create([AccessLog(subject=person, **common) for person in people])


def _open_request(user: User, kind: str) -> DataRequest | None:
    return DataRequest.objects.filter(user=user, kind=kind, status=DataRequest.Status.RECEIVED).first()


# --- Export ---------------------------------------------------------------------
@transaction.atomic
def request_export(*, acting_user: User) -> DataRequest:
    """The member asks for a copy of their data; a background task builds it."""
    if _open_request(acting_user, DataRequest.Kind.EXPORT):
        raise PrivacyRefusal(_("Your copy is being prepared. You will be notified when it is ready."))
    request = DataRequest.objects.create(user=acting_user, kind=DataRequest.Kind.EXPORT)
    record_audit(actor=acting_user, action="privacy.export_requested", target=request)
    pk = request.pk
    transaction.on_commit(lambda: _queue_export(pk))
    return request


def _queue_export(pk: int) -> None:
    from django_q.tasks import async_task

    async_task("community.privacy.tasks.build_export", pk)


@transaction.atomic
def build_export(*, request_id: int) -> DataRequest | None:
    """Collects the member's rows from every app into JSON and a readable
    page. Idempotent: a request already built is left alone."""
    request = DataRequest.objects.select_for_update().filter(pk=request_id, kind=DataRequest.Kind.EXPORT).first()
    if request is None or request.status != DataRequest.Status.RECEIVED:
        return request
    user = request.user
    sections = engine.collect(user)
    request.export_json = engine.export_json(user, sections)
    request.export_html = engine.export_html(user, sections)
    request.status = DataRequest.Status.READY
    request.handled_at = timezone.now()
    request.save(update_fields=["export_json", "export_html", "status", "handled_at"])
    notify(
        [user],
        category="privacy",
        title=gettext_lazy("Your copy of your data is ready"),
        body=gettext_lazy("You can download it from your personal data page."),
        url=lambda: reverse("privacy:my_data"),
    )
    return request


# --- Correction -----------------------------------------------------------------
@transaction.atomic
def request_correction(*, acting_user: User, details: str) -> DataRequest:
    details = (details or "").strip()
    if not details:
        raise PrivacyRefusal(_("Say what is wrong and what it should be."))
    if len(details) > MAX_DETAILS:
        raise PrivacyRefusal(_("Please keep your request under %(n)s characters.") % {"n": MAX_DETAILS})
    request = DataRequest.objects.create(user=acting_user, kind=DataRequest.Kind.CORRECTION, details=details)
    record_audit(actor=acting_user, action="privacy.correction_requested", target=request)
    transaction.on_commit(lambda: _tell_officers(request))
    return request


def _tell_officers(request: DataRequest) -> None:
    officers = [u for u in User.objects.filter(is_active=True, role_assignments__role="staff", role_assignments__ended_at__isnull=True).distinct()]
    notify(
        officers,
        category="privacy",
        title=gettext_lazy("New personal data request: %(kind)s"),
        body=gettext_lazy("To answer by %(deadline)s."),
        params={"kind": DataRequest.Kind(request.kind).label, "deadline": formatting.day(request.deadline)},
        url=lambda: reverse("privacy:queue"),
    )


# --- Erasure --------------------------------------------------------------------
@transaction.atomic
def request_erasure(*, acting_user: User, confirm: bool) -> DataRequest:
    """Erases the member at once when no law keeps their data; otherwise
    records the request with each rule and the date it will happen."""
    if not confirm:
        raise PrivacyRefusal(_("Tick the box to confirm that you want your data erased."))
    if acting_user.is_staff or acting_user.is_superuser:
        raise PrivacyRefusal(_("Staff accounts are closed by another administrator, not erased by themselves."))
    if DataRequest.objects.filter(user=acting_user, kind=DataRequest.Kind.ERASURE, status=DataRequest.Status.ON_HOLD).exists():
        raise PrivacyRefusal(_("Your erasure request is already recorded; it will happen on the dates shown."))
    holds = engine.holds_for(acting_user)
    request = DataRequest.objects.create(user=acting_user, kind=DataRequest.Kind.ERASURE)
    if holds:
        request.status = DataRequest.Status.ON_HOLD
        request.holds = [{"rule": str(h.rule), "until": h.until.isoformat() if h.until else None} for h in holds]
        request.save(update_fields=["status", "holds"])
        record_audit(actor=acting_user, action="privacy.erasure_on_hold", target=request, holds=request.holds)
        transaction.on_commit(lambda: _tell_officers(request))
        return request
    _erase(request, acting_user=acting_user)
    return request


def _erase(request: DataRequest, *, acting_user: User) -> None:
    user = request.user
    try:
        with transaction.atomic():
            done = engine.erase(user)
    except (ProtectedError, IntegrityError) as error:
        # A record another law keeps final (PROTECT, database guards): the
        # staff finish by hand; nothing was changed.
        raise PrivacyRefusal(_("Some of your data is still needed by a file in progress; the staff will erase it by hand.")) from error
    request.status = DataRequest.Status.DONE
    request.handled_at = timezone.now()
    request.handled_by = acting_user if acting_user.pk != user.pk else None
    request.save(update_fields=["status", "handled_at", "handled_by"])
    # The trace keeps counts only: nothing about the person.
    record_audit(actor=None, action="privacy.erased", target=request, rows=done)


# --- Staff queue ----------------------------------------------------------------
@transaction.atomic
def handle_request(*, acting_user: User, request: DataRequest, answer: str, erase_now: bool = False, refuse: bool = False) -> DataRequest:
    """Staff answer a request: correction made, erasure done (once holds are
    over) or refused with a reason. The member is notified."""
    if not is_privacy_officer(acting_user):
        raise PrivacyRefusal(_("Only the staff handle personal data requests."))
    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise PrivacyRefusal(_("This request has already been answered."))
    answer = (answer or "").strip()
    if not answer and not erase_now:
        raise PrivacyRefusal(_("Write the answer the member will read."))
    if refuse and erase_now:
        raise PrivacyRefusal(_("Choose either to erase or to refuse."))
    if erase_now:
        if request.kind != DataRequest.Kind.ERASURE:
            raise PrivacyRefusal(_("Only an erasure request can erase data."))
        holds = engine.holds_for(request.user)
        if holds:
            raise PrivacyRefusal(_("The law still keeps this member's data: %(rules)s") % {"rules": "; ".join(str(h.rule) for h in holds)})
        request.answer = answer
        _erase(request, acting_user=acting_user)
        return request
    request.answer = answer
    request.status = DataRequest.Status.REFUSED if refuse else DataRequest.Status.DONE
    request.handled_by = acting_user
    request.handled_at = timezone.now()
    request.save(update_fields=["answer", "status", "handled_by", "handled_at"])
    record_audit(actor=acting_user, action="privacy.request_answered", target=request, status=request.status)
    member = request.user
    transaction.on_commit(
        lambda: notify(
            [member],
            category="privacy",
            title=gettext_lazy("Your personal data request has been answered"),
            body=gettext_lazy("Read the answer on your personal data page."),
            url=lambda: reverse("privacy:my_data"),
        )
    )
    return request


# --- Consents -------------------------------------------------------------------
@transaction.atomic
def give_consent(*, acting_user: User, user: User, purpose: str, target: models.Model | None = None) -> Consent:
    """Records a consent with the current version of its text. Staff may
    record one given on paper (a testimonial's release form)."""
    definition = consents.get_purpose(purpose)
    if definition is None:
        raise PrivacyRefusal(_("This consent does not exist."))
    if acting_user.pk != user.pk and not is_privacy_officer(acting_user):
        raise PrivacyRefusal(_("Only the person, or the staff with their signed form, can record a consent."))
    if acting_user.pk == user.pk and not definition.self_service:
        raise PrivacyRefusal(_("This consent is given with the staff, on the form about it."))
    User.objects.select_for_update().filter(pk=user.pk).first()  # one consent at a time per person
    live = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True)
    if target is not None:
        live = live.filter(target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk))
    else:
        live = live.filter(target_type__isnull=True)
    if live.exists():
        raise PrivacyRefusal(_("This consent is already given."))
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                user=user,
                purpose=purpose,
                text_version=definition.text_version,
                text=str(definition.text),
                target_type=ContentType.objects.get_for_model(target) if target is not None else None,
                target_id=str(target.pk) if target is not None else "",
            )
    except IntegrityError as error:
        raise PrivacyRefusal(_("This consent is already given.")) from error
    record_audit(actor=acting_user, action="privacy.consent_given", target=consent, purpose=purpose, version=definition.text_version)
    return consent


@transaction.atomic
def withdraw_consent(*, acting_user: User, consent: Consent) -> Consent:
    """One click: the consent ends now and what it allowed is undone
    everywhere (the purpose's on_withdraw)."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.user_id != acting_user.pk and not is_privacy_officer(acting_user):
        raise PrivacyRefusal(_("Only the person who gave this consent can withdraw it."))
    if consent.withdrawn_at is not None:
        raise PrivacyRefusal(_("This consent was already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    definition = consents.get_purpose(consent.purpose)
    if definition is not None and definition.on_withdraw is not None:
        definition.on_withdraw(consent)
    record_audit(actor=acting_user, action="privacy.consent_withdrawn", target=consent, purpose=consent.purpose)
    return consent


def has_consent(user: User, purpose: str, target: models.Model | None = None) -> bool:
    live = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True)
    if target is not None:
        live = live.filter(target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk))
    return live.exists()
