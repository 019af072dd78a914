"""Draft minutes from the data of a closed meeting, and their PDF.

The draft is built from what the database holds after closing: attendance,
proxies, the quorum (``selectors.presence_over_meeting``, decided by
``rulesets.quorum_of`` as on the live screen), each agenda item and each
frozen result. Open votes name those against and abstaining (as the
results frozen by ``voting.close_question`` do); secret votes give counts
only. The secretary then edits the text (sanitised) and approves it.

Signatures (Civil Code art. 3.87 §10: chair, secretary and the co-owners
still present at the end sign the minutes after reading them) are kept in
their own table and printed after the text, on the page and in the PDF;
``signing_role`` says who may sign, for the perm and the service alike.

The PDF is rendered on demand (WeasyPrint, well under a second for a few
pages): it always matches the current text, and nothing is stored that
could go stale between an edit and the approval.
"""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from community.meetings import minutes as minutes_text
from community.models import User

from . import selectors
from .models import AgendaItem, Attendance, Meeting, Minutes, MinutesSignature, Proxy, Question


def minutes_data(meeting: Meeting) -> dict:
    """Everything the draft shows, read once."""
    meeting = (
        Meeting.objects.select_related("body", "chair", "secretary")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "pk")),
            Prefetch("questions", queryset=Question.objects.prefetch_related("choices").order_by("order", "pk")),
        )
        .get(pk=meeting.pk)
    )
    stays = list(Attendance.objects.filter(meeting=meeting).select_related("member").order_by("member__last_name", "member__first_name"))
    attended: dict[int, tuple[User, set[str]]] = {}
    for stay in stays:
        attended.setdefault(stay.member_id, (stay.member, set()))[1].add(stay.mode)
    # Who counted, and the quorum, as the live screen decides them (``selectors.presence_over_meeting``).
    presence = selectors.presence_over_meeting(meeting)
    counted = {p for principals in presence.represented.values() for p in principals}
    represented = list(
        Proxy.objects.filter(meeting=meeting, withdrawn_at__isnull=True, principal_id__in=counted)
        .select_related("principal", "holder")
    )
    questions = list(meeting.questions.all())
    items = []
    for item in meeting.agenda_items.all():
        items.append({"item": item, "questions": [q for q in questions if q.agenda_item_id == item.pk]})
    loose = [q for q in questions if q.agenda_item_id is None or q.agenda_item_id not in {i["item"].pk for i in items}]
    return {
        "meeting": meeting,
        "in_person": [user for user, modes in attended.values() if Attendance.Mode.IN_PERSON in modes],
        "online": [user for user, modes in attended.values() if Attendance.Mode.IN_PERSON not in modes],
        "represented": represented,
        "present_or_represented": len(presence.present_or_represented),
        "members": len(presence.members),
        "weight_present_or_represented": presence.weight_present_or_represented,
        "weight_total": presence.weight_total,
        "has_quorum": presence.has_quorum,
        "items": items,
        "other_questions": loose,
        "results": {q.pk: _result_rows(q) for q in questions},
    }


def _result_rows(question: Question) -> dict | None:
    """The frozen result shaped for the template (labels of motion choices are translated there)."""
    result = question.result
    if not result:
        return None
    out = dict(result)
    if question.is_secret:
        out.pop("named", None)  # secret: never a name
    return out


def draft_html(meeting: Meeting) -> str:
    """The draft text, in the current language (the secretary's), written by
    the meeting core's one minutes builder (``community.meetings.minutes``):
    assemblies add the quorum after the attendance, the votes under each
    agenda item and the votes outside the agenda after them."""
    data = minutes_data(meeting)
    meeting = data["meeting"]
    results = data["results"]

    def votes(template: str, questions) -> str:
        return render_to_string(template, {"questions": questions, "results": results})

    other_votes = (
        [minutes_text.Section(heading=_("Other votes"), html=votes("governance/minutes/other_votes.html", data["other_questions"]))]
        if data["other_questions"] else []
    )
    return minutes_text.minutes_html(minutes_text.Minutes(
        heading=minutes_text.Heading(
            title=meeting.title, held_by=meeting.body.name, starts_at=meeting.starts_at, place=meeting.place,
            online=bool(meeting.online_url), chair=str(meeting.chair or ""),
            secretary=str(meeting.secretary or "") if meeting.chair else "",
        ),
        attendance=[
            minutes_text.Group(_("Present in person:"), [str(user) for user in data["in_person"]]),
            minutes_text.Group(_("Present online:"), [str(user) for user in data["online"]]),
            minutes_text.Group(_("Represented by proxy:"), [
                _("%(principal)s (by %(holder)s)") % {"principal": proxy.principal, "holder": proxy.holder}
                for proxy in data["represented"]
            ]),
        ],
        attendance_note=render_to_string("governance/minutes/quorum.html", data),
        items=[
            minutes_text.Item(
                title=entry["item"].title, description_html=entry["item"].description,
                detail_html=votes("governance/minutes/item_votes.html", entry["questions"]),
            )
            for entry in data["items"]
        ],
        sections=other_votes,
    ))


def present_at_end_ids(meeting: Meeting) -> set[int]:
    """Who was still in the room (or online) when the meeting closed: closing
    checks everyone out at ``closed_at``, so their stay ends exactly then."""
    if meeting.closed_at is None:
        return set()
    return set(
        Attendance.objects.filter(meeting=meeting, checked_out_at__gte=meeting.closed_at).values_list("member_id", flat=True)
    )


def signing_role(minutes: Minutes, user) -> str | None:
    """As what ``user`` may sign these minutes (chair, secretary, member present
    at the end), or None. Art. 3.87 §10: signed at the end of the meeting by its
    chair, its secretary and the co-owners still present."""
    if not getattr(user, "is_authenticated", False):
        return None
    meeting = minutes.meeting
    if meeting.status != Meeting.Status.CLOSED:
        return None
    if user.pk == meeting.chair_id:
        return MinutesSignature.Role.CHAIR
    if user.pk == meeting.secretary_id:
        return MinutesSignature.Role.SECRETARY
    if user.pk in present_at_end_ids(meeting):
        return MinutesSignature.Role.ATTENDEE
    return None


def signatures_of(minutes: Minutes) -> list[MinutesSignature]:
    return list(minutes.signatures.select_related("signer").order_by("signed_at", "pk"))


def render_pdf(minutes: Minutes) -> bytes:
    from weasyprint import HTML

    html = render_to_string("governance/minutes/pdf.html", {
        "minutes": minutes, "meeting": minutes.meeting, "language": get_language(), "signatures": signatures_of(minutes),
    })
    return HTML(string=html).write_pdf()
