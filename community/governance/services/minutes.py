"""Minutes of a closed meeting: drafted from the data, edited by the
secretary (sanitised HTML), signed, approved once; approved minutes are
published to the members and never change again.

Civil Code art. 3.87 §10: the syndic draws the minutes up during the meeting;
at its end, after reading, they are signed by the chair, the secretary and the
co-owners still present. So the text is frozen from the first signature (what
was signed is what is read), and a co-owners' meeting's minutes are approved
by the signatures of its chair and secretary rather than by a button."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.sanitise import sanitise_html

from community.models import User
from community.notification_messages import text_of
from community.services.audit import record_audit
from community.services.notifications import notify

from .. import selectors
from ..errors import GovernanceRefusal
from ..models import Meeting, Minutes, MinutesSignature


def _closed(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.CLOSED:
        raise GovernanceRefusal(_("Minutes are drafted once the meeting is closed."))
    return meeting


def draft_minutes(*, meeting: Meeting, acting_user: User) -> Minutes:
    """Draft (or redraft) the minutes from the meeting's data. A redraft
    replaces the edited text; approved minutes are never redrafted."""
    from ..minutes import draft_html

    try:
        with transaction.atomic():
            meeting = _closed(meeting)
            minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
            if minutes is not None and minutes.status == Minutes.Status.APPROVED:
                raise GovernanceRefusal(_("These minutes are approved: they can no longer change."))
            if minutes is not None:
                _refuse_if_signed(minutes)
            text = sanitise_html(draft_html(meeting), linkify=False)
            if minutes is None:
                minutes = Minutes.objects.create(meeting=meeting, body_html=text)
            else:
                minutes.body_html, minutes.drafted_at = text, timezone.now()
                minutes.save(update_fields=["body_html", "drafted_at"])
            record_audit(actor=acting_user, action="governance.minutes.drafted", target=meeting)
    except IntegrityError:
        # Drafted by someone else a moment ago: theirs stands.
        raise GovernanceRefusal(_("The minutes were drafted by someone else a moment ago: reload the page.")) from None
    return minutes


def edit_minutes(*, minutes: Minutes, acting_user: User, body_html: str) -> Minutes:
    text = sanitise_html(body_html or "")
    if not text.strip():
        raise GovernanceRefusal(_("The minutes cannot be empty."))
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
        if minutes.status == Minutes.Status.APPROVED:
            raise GovernanceRefusal(_("These minutes are approved: they can no longer change."))
        _refuse_if_signed(minutes)
        if text != minutes.body_html:
            minutes.body_html = text
            minutes.save(update_fields=["body_html"])
            record_audit(actor=acting_user, action="governance.minutes.edited", target=minutes.meeting)
    return minutes


def approve_minutes(*, minutes: Minutes, acting_user: User) -> Minutes:
    """Approve the minutes: final from now on, published to the body's members."""
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().select_related("meeting__body").get(pk=minutes.pk)
        if minutes.status == Minutes.Status.APPROVED:
            raise GovernanceRefusal(_("These minutes are already approved."))
        if minutes.meeting.body.rule_set.minutes_approved_by_signatures:
            raise GovernanceRefusal(
                _("The minutes of a co-owners' meeting are approved when its chair and its secretary have signed them.")
            )
        if not minutes.body_html.strip():
            raise GovernanceRefusal(_("The minutes cannot be empty."))
        _approve(minutes, acting_user)
    return minutes


def _refuse_if_signed(minutes: Minutes) -> None:
    if minutes.signatures.exists():
        raise GovernanceRefusal(_("The minutes are signed: their text can no longer change."))


def _approve(minutes: Minutes, acting_user: User) -> None:
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_by = acting_user
    minutes.save(update_fields=["status", "approved_at", "approved_by"])
    record_audit(actor=acting_user, action="governance.minutes.approved", target=minutes.meeting)
    meeting = minutes.meeting
    notify(
        User.objects.filter(pk__in=list(selectors.members_of(meeting.body).keys())),
        category="governance",
        title=gettext_lazy("Minutes approved: %(meeting)s"),
        body=gettext_lazy("The approved minutes of %(meeting)s are on the meeting's page."),
        url=lambda: reverse("governance_live:minutes", args=[meeting.pk]),
        params={"meeting": text_of(meeting, "title")},
    )


def sign_minutes(*, meeting: Meeting, acting_user: User) -> MinutesSignature:
    """Sign the minutes of ``meeting`` as its chair, its secretary or a member
    present at its end (``minutes.signing_role``). Once the chair and the
    secretary of a co-owners' meeting have both signed, the minutes are approved."""
    from ..minutes import signing_role

    try:
        with transaction.atomic():
            minutes = (
                Minutes.objects.select_for_update().select_related("meeting__body").filter(meeting_id=meeting.pk).first()
            )
            if minutes is None:
                raise GovernanceRefusal(_("The minutes are not drafted yet: they are signed once drafted and read."))
            if minutes.signatures.filter(signer=acting_user).exists():
                raise GovernanceRefusal(_("You have already signed these minutes."))
            role = signing_role(minutes, acting_user)
            if role is None:
                raise GovernanceRefusal(
                    _("Only the chair, the secretary and the members present at the end of the meeting sign its minutes.")
                )
            signature = MinutesSignature.objects.create(minutes=minutes, signer=acting_user, role=role)
            record_audit(actor=acting_user, action="governance.minutes.signed", target=minutes.meeting, role=role)
            if minutes.status == Minutes.Status.DRAFT and _signed_by_chair_and_secretary(minutes):
                _approve(minutes, acting_user)
    except IntegrityError:
        # The same person's second click, a moment after the first: one signature stands.
        raise GovernanceRefusal(_("You have already signed these minutes.")) from None
    return signature


def _signed_by_chair_and_secretary(minutes: Minutes) -> bool:
    """Where the rule set says so (a co-owners' meeting, art. 3.87 §10), the chair's
    and the secretary's signatures make the minutes final (one person holding both signs once)."""
    meeting = minutes.meeting
    if not meeting.body.rule_set.minutes_approved_by_signatures or not (meeting.chair_id and meeting.secretary_id):
        return False
    signed = set(minutes.signatures.values_list("signer_id", flat=True))
    return {meeting.chair_id, meeting.secretary_id} <= signed
