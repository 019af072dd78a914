"""Minutes of a closed meeting: drafted from the data, edited by the
secretary (sanitised HTML), approved once; approved minutes are published to
the members and never change again."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.sanitise import sanitise_html

from community.models import User
from community.services.audit import record_audit
from community.services.notifications import notify

from .. import selectors
from ..errors import GovernanceRefusal
from ..models import Meeting, Minutes


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
        if not minutes.body_html.strip():
            raise GovernanceRefusal(_("The minutes cannot be empty."))
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
            params={"meeting": meeting.title},
        )
    return minutes
