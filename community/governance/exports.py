"""What those who run an assembly's meeting export (issue 23), registered in
apps.ready: its attendance and its results, as CSV or .xlsx.

Both come from the meeting's page behind the perm that runs the meeting
(``governance.run_meeting``: staff, the body's secretaries, the meeting's
chair and secretary), so a member, or the chair of another meeting, is
refused with the reason of that perm.

- Attendance: one row per member of the body on the meeting's day (and
  anyone who attended without being one), with their college, their votes
  (1 in a general assembly, their shares in a co-owners' meeting) and how
  they took part. ``attendance_status`` decides it once, from the same
  presence the minutes and the quorum use (``selectors.presence_over_meeting``:
  a proxy counts when its holder attended and its giver did not). It holds
  personal data: the export is written to the access log.
- Results: one row per question, from its frozen result only (what
  ``voting.close_question`` stored), so an open vote's running count never
  leaves the room, and no column says who voted what: a secret ballot
  reveals nobody, and an open vote's named minorities stay in the minutes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.dataio.exporters import Column, Exporter, register_exporter

from community.models import MeetingReply, User

from . import selectors
from .models import Attendance, BodyMembership, Meeting, Proxy, Question
from .refusals import REASONS

PRESENT = "present"
ONLINE = "online"
REPRESENTED = "represented"
EXCUSED = "excused"
ABSENT = "absent"

STATUS_LABELS = {
    PRESENT: _("Present in person"),
    ONLINE: _("Present online"),
    REPRESENTED: _("Represented by proxy"),
    EXCUSED: _("Excused"),
    ABSENT: _("Absent"),
}


def attendance_status(*, modes: set[str], is_represented: bool, excused: bool) -> str:
    """How one member took part, decided once (pure). Present beats
    represented (a proxy lapses while its giver is in: DOMAIN.md §8);
    excused is an absence announced by a reply before the meeting."""
    if Attendance.Mode.IN_PERSON in modes:
        return PRESENT
    if modes:
        return ONLINE
    if is_represented:
        return REPRESENTED
    return EXCUSED if excused else ABSENT


@dataclass(frozen=True)
class AttendanceRow:
    member: User
    college: str
    weight: int
    status: str
    holder: User | None
    arrived: datetime | None
    left: datetime | None
    reply: str


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body", "convocation"), pk=pk)


def attendance_rows(_user, meeting: Meeting, _params) -> list[AttendanceRow]:
    """The members of the body on the meeting's day, those the minutes and the
    quorum count (``selectors.presence_over_meeting``) and anyone who attended,
    in name order; each with the membership of that day, or their latest one.
    Seven queries whatever their number."""
    day = meeting.starts_at.date()
    memberships = {
        m.user_id: m
        for m in BodyMembership.objects.active(day)
        .filter(body=meeting.body)
        .select_related("user", "college")
    }
    stays: dict[int, list[Attendance]] = {}
    for stay in (
        Attendance.objects.filter(meeting=meeting)
        .select_related("member")
        .order_by("checked_in_at")
    ):
        stays.setdefault(stay.member_id, []).append(stay)
    presence = selectors.presence_over_meeting(meeting)
    counted = {p for principals in presence.represented.values() for p in principals}
    missing = (set(presence.members) | set(stays)) - set(memberships)
    if missing:
        latest = (
            BodyMembership.objects.filter(body=meeting.body, user_id__in=missing)
            .select_related("user", "college")
            .order_by("user_id", "-active_from", "-pk")
        )
        for membership in latest:
            memberships.setdefault(membership.user_id, membership)
    holders = {
        p.principal_id: p.holder
        for p in Proxy.objects.filter(meeting=meeting, withdrawn_at__isnull=True).select_related(
            "holder"
        )
    }
    replies = (
        dict(
            MeetingReply.objects.filter(
                convocation_id=meeting.convocation_id, lapsed_at__isnull=True
            ).values_list("user_id", "answer")
        )
        if meeting.convocation_id
        else {}
    )
    answers = dict(MeetingReply.Answer.choices)
    people = {uid: m.user for uid, m in memberships.items()}
    people.update({uid: rows[0].member for uid, rows in stays.items() if uid not in people})
    rows = []
    for uid, person in people.items():
        membership = memberships.get(uid)
        own = stays.get(uid, [])
        status = attendance_status(
            modes={s.mode for s in own},
            is_represented=uid in counted,
            excused=replies.get(uid) == MeetingReply.Answer.ABSENT,
        )
        rows.append(
            AttendanceRow(
                member=person,
                college=str(membership.college) if membership and membership.college else "",
                weight=membership.weight if membership else 0,
                status=status,
                holder=holders.get(uid) if status == REPRESENTED else None,
                arrived=own[0].checked_in_at if own else None,
                left=max((s.checked_out_at for s in own if s.checked_out_at), default=None)
                if own
                else None,
                reply=str(answers.get(replies.get(uid), "")),
            )
        )
    rows.sort(
        key=lambda r: (r.member.last_name.casefold(), r.member.first_name.casefold(), r.member.pk)
    )
    return rows


def _sortable(name: str) -> str:
    # "Épicerie" sorts among the E, not after the Z.
    return "".join(
        c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c)
    )


def attendance_subjects(rows: list[AttendanceRow]):
    return [row.member for row in rows]


ATTENDANCE = Exporter(
    name="governance.attendance",
    title=_("Attendance of a meeting"),
    description=_(
        "Every member of the body on the meeting's day: their college, their votes (shares in a co-owners' "
        "meeting), whether they were present in person or online, represented by proxy (and by whom), "
        "excused or absent, and when they arrived and left."
    ),
    perm="governance.run_meeting",
    refusal=REASONS["governance.run_meeting"],
    target=_meeting,
    rows=attendance_rows,
    personal_data=True,
    subjects=attendance_subjects,
    columns=(
        Column("member", _("Member"), lambda r: r.member.get_full_name() or str(r.member)),
        Column("college", _("College"), lambda r: r.college),
        Column("weight", _("Votes (shares)"), lambda r: r.weight),
        Column("status", _("How they took part"), lambda r: str(STATUS_LABELS[r.status])),
        Column(
            "holder",
            _("Proxy holder"),
            lambda r: (r.holder.get_full_name() or str(r.holder)) if r.holder else "",
        ),
        Column("arrived", _("Arrived"), lambda r: r.arrived),
        Column("left", _("Left"), lambda r: r.left),
        Column("reply", _("Their reply to the convocation"), lambda r: r.reply, default=False),
    ),
)


# --- Results ---------------------------------------------------------------------


def result_rows(_user, meeting: Meeting, _params) -> list[Question]:
    """The meeting's questions in agenda order, with their frozen results: one query."""
    return list(
        Question.objects.filter(meeting=meeting)
        .select_related("agenda_item")
        .prefetch_related("choices")
        .order_by("agenda_item__order", "agenda_item_id", "order", "pk")
    )


def frozen(question: Question) -> dict:
    """The result stored when the vote closed, never a running count."""
    return (question.result or {}) if question.is_final else {}


def _motion_figure(key: str):
    return lambda q: frozen(q).get(key) if q.kind == Question.Kind.MOTION else None


def outcome(question: Question) -> str:
    """The result in words, in the reader's language; no voter is named."""
    result = frozen(question)
    if not result:
        return (
            gettext("No result yet: the vote is not closed.")
            if question.status != Question.Status.DRAFT
            else ""
        )
    if question.kind == Question.Kind.MOTION:
        return gettext("Adopted") if result.get("adopted") else gettext("Rejected")
    if question.kind == Question.Kind.ELECTION:
        elected = [
            c["label"]
            for college in result.get("colleges", [])
            for c in college["candidates"]
            if c["elected"]
        ]
        return (
            gettext("Elected: %(names)s") % {"names": ", ".join(elected)}
            if elected
            else gettext("Nobody elected")
        )
    labels = {option["id"]: option["label"] for option in result.get("options", [])}
    if question.kind == Question.Kind.SINGLE:
        winner = result.get("winner")
        if winner is None:
            return gettext("No option reached the required majority.")
        return gettext("Chosen: %(option)s") % {"option": labels.get(winner, "")}
    return "; ".join(f"{o['label']}: {o['weight']}" for o in result.get("options", []))


RESULTS = Exporter(
    name="governance.results",
    title=_("Results of a meeting"),
    description=_(
        "Every question put to the meeting, in agenda order: how it was voted, the ballots, the votes for, "
        "against and abstaining (weighted by shares where the meeting counts them) and the outcome. Only "
        "closed votes have figures, and no column says who voted what."
    ),
    perm="governance.run_meeting",
    refusal=REASONS["governance.run_meeting"],
    target=_meeting,
    rows=result_rows,
    columns=(
        Column("item", _("Agenda item"), lambda q: q.agenda_item.title if q.agenda_item_id else ""),
        Column("question", _("Question"), lambda q: q.title),
        Column("kind", _("Kind"), lambda q: q.get_kind_display()),
        Column(
            "secret", _("Secret ballot"), lambda q: gettext("yes") if q.is_secret else gettext("no")
        ),
        Column("majority", _("Majority"), lambda q: q.get_majority_display()),
        Column("status", _("Status"), lambda q: q.get_status_display()),
        Column("ballots", _("Ballots"), lambda q: frozen(q).get("ballots")),
        Column("yes", _("For"), _motion_figure("yes")),
        Column("no", _("Against"), _motion_figure("no")),
        Column("abstain", _("Abstaining"), _motion_figure("abstain")),
        Column("outcome", _("Outcome"), outcome),
    ),
)


def register() -> None:
    register_exporter(ATTENDANCE)
    register_exporter(RESULTS)
