"""The draft minutes of a platform meeting, written by the meeting core's one
minutes builder (``community.meetings.minutes``), as an assembly's are.

The secretariat finds it in the minutes form and corrects it before recording:
the header, who replied they would come, were excused or sent a colleague (the
meeting core's replies; the secretariat corrects who actually came), the
agenda in its order, and what platform meetings add: the actions of earlier
meetings still under way, to follow up."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from community import selectors as community_selectors
from community.meetings import minutes as minutes_text
from community.models import MeetingReply

from .models import ActionItem, Meeting


def open_actions_before(meeting: Meeting) -> list[ActionItem]:
    """The actions decided at earlier meetings of the same platform (or
    sub-commission) and not done yet."""
    return list(
        ActionItem.objects.filter(
            meeting__platform_id=meeting.platform_id,
            meeting__sub_commission_id=meeting.sub_commission_id,
            meeting__starts_at__lt=meeting.starts_at,
            done_at__isnull=True,
        )
        .select_related("owner")
        .order_by("due_on", "pk")
    )


def draft_html(meeting: Meeting) -> str:
    """The draft, in the current language (the secretariat's)."""
    replies = community_selectors.replies_to(meeting.convocation_id)

    def who(answer: str) -> list[str]:
        return [reply.user.display_name for reply in replies if reply.answer == answer]

    actions = open_actions_before(meeting)
    held_by = meeting.platform.name
    if meeting.sub_commission_id:
        held_by = _("%(platform)s, %(group)s") % {"platform": held_by, "group": meeting.sub_commission.name}
    return minutes_text.minutes_html(minutes_text.Minutes(
        heading=minutes_text.Heading(
            title=meeting.title, held_by=held_by, starts_at=meeting.starts_at, place=meeting.place
        ),
        attendance=[
            minutes_text.Group(_("Present:"), who(MeetingReply.Answer.IN_PERSON)),
            minutes_text.Group(_("Excused:"), who(MeetingReply.Answer.ABSENT)),
            minutes_text.Group(_("Replaced by a colleague:"), who(MeetingReply.Answer.DELEGATED)),
        ],
        items=[minutes_text.Item(title=item.title) for item in meeting.agenda_items.all()],
        sections=[minutes_text.Section(
            heading=_("Actions under way"),
            html=render_to_string("platform_forums/minutes_actions.html", {"actions": actions}),
        )] if actions else [],
    ))


def draft_text(meeting: Meeting) -> str:
    """The draft as the secretariat edits it in the minutes form: plain
    paragraphs, which ``text.render_post`` reads back into HTML."""
    return minutes_text.as_plain_text(draft_html(meeting))
