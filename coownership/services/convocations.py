"""How co-owners are convened (Civil Code art. 3.87 §3): their written consent
to e-mail convocations, and the day the registered letters were posted."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.governance.models import Meeting
from community.models import Household, User
from community.services.audit import record_audit

from ..convocations import convocations_of, coowners_today
from ..errors import CoownershipRefusal
from ..models import Building, EmailConsent, RegisteredLetters
from ._common import DOCUMENT_TYPES, MAX_DOCUMENT_SIZE, _require, _store

PERM = "coownership.manage_convocations"


def record_email_consent(*, acting_user: User, building: Building, household: Household, agreed_on: date,
                         upload) -> EmailConsent:
    """Record a co-owner's signed agreement to be convened by e-mail, with the document."""
    _require(acting_user, PERM, building)
    if household not in coowners_today(building):
        raise CoownershipRefusal(_("Only a co-owner of the building agrees to be convened by e-mail."))
    if agreed_on is None or agreed_on > timezone.localdate():
        raise CoownershipRefusal(_("The agreement's date cannot be in the future."))
    if upload is None:
        raise CoownershipRefusal(_("Attach the signed agreement (PDF or picture)."))
    try:
        with transaction.atomic():
            stored = _store(upload, allowed=DOCUMENT_TYPES, max_size=MAX_DOCUMENT_SIZE)
            consent = EmailConsent.objects.create(
                building=building, household=household, agreed_on=agreed_on, document=stored, recorded_by=acting_user
            )
            record_audit(actor=acting_user, action="coownership.email_consent.recorded", target=building,
                         household=household.pk, agreed_on=agreed_on.isoformat())
    except IntegrityError:
        raise CoownershipRefusal(
            _("%(household)s has already agreed to e-mail convocations.") % {"household": household}
        ) from None
    return consent


def withdraw_email_consent(*, acting_user: User, consent: EmailConsent) -> EmailConsent:
    """The co-owner is convened by registered letter again from today."""
    _require(acting_user, PERM, consent.building)
    with transaction.atomic():
        consent = EmailConsent.objects.select_for_update().get(pk=consent.pk)
        if consent.withdrawn_on is not None:
            raise CoownershipRefusal(_("This consent was already withdrawn."))
        consent.withdrawn_on = timezone.localdate()
        consent.withdrawn_by = acting_user
        consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
        record_audit(actor=acting_user, action="coownership.email_consent.withdrawn", target=consent.building,
                     household=consent.household_id)
    return consent


def record_letters_sent(*, acting_user: User, building: Building, meeting: Meeting, sent_on: date) -> RegisteredLetters:
    """Record the day the registered letters were posted; recording again corrects it.
    Whether they gave the notice is read from it (``law.letters_give_notice``)."""
    _require(acting_user, PERM, building)
    if sent_on is None or sent_on > timezone.localdate():
        raise CoownershipRefusal(_("The letters cannot have been sent on a day to come."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if building.body_id is None or meeting.body_id != building.body_id:
            raise CoownershipRefusal(_("This meeting is not a co-owners' meeting of this building."))
        if meeting.status != Meeting.Status.CONVENED:
            raise CoownershipRefusal(_("The sending of the letters is recorded for a convened meeting that has not started."))
        if sent_on < timezone.localdate(meeting.convened_at):
            raise CoownershipRefusal(_("The letters are sent once the meeting is convened, not before."))
        letters = len(convocations_of(building, meeting).letters)
        sent, _created = RegisteredLetters.objects.update_or_create(
            meeting=meeting,
            defaults={"building": building, "sent_on": sent_on, "letters": letters, "recorded_by": acting_user,
                      "recorded_at": timezone.now()},
        )
        record_audit(actor=acting_user, action="coownership.registered_letters.sent", target=meeting,
                     sent_on=sent_on.isoformat(), letters=letters)
    return sent
