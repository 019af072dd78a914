"""Reads of governance, joins chosen once (STYLE.md §2)."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from .engine.proxies import represented
from .engine.quorum import QuorumCount
from .models import AgendaItem, Attendance, Body, BodyMembership, Meeting, Proxy, Question
from .rulesets import Member, quorum_of


def members_of(body: Body, on=None, *, user_ids=None) -> dict[int, Member]:
    """Active members of a body: user id -> Member(college, weight, may_hold_proxies). One query.
    With ``user_ids``, only those people (a ballot needs its voters, not the whole assembly)."""
    rows = BodyMembership.objects.active(on).filter(body=body)
    if user_ids is not None:
        rows = rows.filter(user_id__in=list(user_ids))
    rows = rows.values_list("user_id", "college_id", "weight", "may_hold_proxies")
    return {user_id: Member(college, weight, may_hold) for user_id, college, weight, may_hold in rows}


def voting_members(members: dict[int, Member]) -> dict[int, Member]:
    """The members who have votes. A member without votes (weight 0: the syndic
    of a co-ownership, art. 3.87 §7) sits, is convened and may speak, but is no
    voter, so never counts in attendance, quorum or participation figures."""
    return {user_id: member for user_id, member in members.items() if member.weight > 0}


def membership(body: Body, user) -> BodyMembership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return BodyMembership.objects.active().filter(body=body, user=user).select_related("college").first()


def active_proxies(meeting: Meeting) -> dict[int, int]:
    """principal id -> holder id, for proxies not withdrawn."""
    return dict(
        Proxy.objects.filter(meeting=meeting, withdrawn_at__isnull=True).values_list("principal_id", "holder_id")
    )


def checked_in_ids(meeting: Meeting) -> set[int]:
    return set(
        Attendance.objects.filter(meeting=meeting, checked_out_at__isnull=True).values_list("member_id", flat=True)
    )


@dataclass
class Presence:
    """Who counts in a meeting right now (DOMAIN.md §8: proxies follow presence)."""

    members: dict
    checked_in: set
    proxies: dict  # principal -> holder (active)
    represented: dict = field(default_factory=dict)  # holder -> {principals counting now}
    quorum: QuorumCount = field(default_factory=lambda: QuorumCount(reached=False))

    @property
    def has_quorum(self) -> bool:
        return self.quorum.reached

    @property
    def present_or_represented(self) -> set:
        members = self.members.keys()
        out = {m for m in self.checked_in if m in members}
        for principals in self.represented.values():
            out |= {p for p in principals if p in members}
        return out

    @property
    def weight_present_or_represented(self) -> int:
        return sum(self.members[m].weight for m in self.present_or_represented)

    @property
    def weight_total(self) -> int:
        return sum(m.weight for m in self.members.values())


def ballots_held(meeting: Meeting, holder_id: int) -> tuple[bool, set[int]]:
    """Whether ``holder_id`` is checked in, and the principals whose proxies they
    hold that count now: ``presence`` for one person, in two small queries
    instead of reading the whole assembly on every ballot."""
    proxies = dict(
        Proxy.objects.filter(meeting=meeting, holder_id=holder_id, withdrawn_at__isnull=True).values_list("principal_id", "holder_id")
    )
    checked_in = set(
        Attendance.objects.filter(meeting=meeting, checked_out_at__isnull=True, member_id__in=[holder_id, *proxies])
        .values_list("member_id", flat=True)
    )
    return holder_id in checked_in, represented(proxies, checked_in).get(holder_id, set())


def presence(meeting: Meeting) -> Presence:
    """Voting members, check-ins, proxies and the quorum of a meeting now: four queries."""
    return _presence(meeting, checked_in_ids(meeting))


def presence_over_meeting(meeting: Meeting) -> Presence:
    """Who counted over the whole meeting, for its minutes: every member who
    attended at some time (in person or online), and the proxies whose holder
    attended and whose principal did not. The same rules as ``presence``."""
    attended = set(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    return _presence(meeting, attended)


def _presence(meeting: Meeting, checked_in: set) -> Presence:
    body = meeting.body
    members = voting_members(members_of(body))
    proxies = active_proxies(meeting)
    result = Presence(members=members, checked_in=checked_in, proxies=proxies)
    result.represented = {
        holder: principals
        for holder, principals in represented(proxies, checked_in).items()
        if holder in members
    }
    result.quorum = quorum_of(
        body, members, result.present_or_represented, second_meeting=meeting.second_meeting_of_id is not None
    )
    return result


def bodies_of(user):
    """The bodies a person currently sits in."""
    return Body.objects.filter(
        pk__in=BodyMembership.objects.active().filter(user=user).values("body_id")
    ).order_by("kind", "name")


def meetings_for(user, *, upcoming: bool | None = None):
    """Meetings (not drafts) of the bodies the person sits in, with their body."""
    qs = Meeting.objects.filter(body__in=bodies_of(user)).exclude(status=Meeting.Status.DRAFT).select_related("body")
    now = timezone.now()
    if upcoming is True:
        qs = qs.filter(status__in=[Meeting.Status.CONVENED, Meeting.Status.IN_PROGRESS]).order_by("starts_at")
    elif upcoming is False:
        qs = qs.filter(Q(status=Meeting.Status.CLOSED) | Q(starts_at__lt=now, status=Meeting.Status.CANCELLED))
    return qs


def meeting_detail_queryset(reader=None):
    """The meeting page's read. With ``reader``, each meeting also carries
    whether they are checked in now (``reader_checked_in``), in the same query
    (their reply is the meeting core's: ``community.selectors.reply_of``)."""
    meetings = (
        # The minutes with the meeting: the page's links ask for them.
        Meeting.objects.select_related("body", "chair", "secretary", "second_meeting_of", "minutes")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.prefetch_related("documents").order_by("order", "pk")),
            Prefetch("questions", queryset=Question.objects.order_by("order", "pk")),
        )
    )
    if reader is None:
        return meetings
    return meetings.annotate(
        reader_checked_in=Exists(
            Attendance.objects.filter(meeting=OuterRef("pk"), member=reader, checked_out_at__isnull=True)
        ),
    )


def online_votes_for(user):
    """Online votes (questions with no meeting) of the person's bodies, not drafts."""
    return (
        Question.objects.filter(meeting__isnull=True, body__in=bodies_of(user))
        .exclude(status=Question.Status.DRAFT)
        .select_related("body")
        .order_by("-closes_at", "-pk")
    )


def voted_member_ids(question: Question, member_ids) -> set[int]:
    return set(
        question.participations.filter(member_id__in=list(member_ids)).values_list("member_id", flat=True)
    )


def possible_holders(meeting: Meeting, user):
    """Members the person may ask to hold their proxy (the rules check the rest)."""
    from community.models import User

    # One query: the body's active members as a subquery.
    members = BodyMembership.objects.active().filter(body=meeting.body).values("user_id")
    return User.objects.filter(pk__in=members).exclude(pk=user.pk).order_by("last_name", "first_name")


def bodies_managed_by(user):
    """Bodies whose meetings ``user`` may prepare: all for staff, else those they are secretary of."""
    from .predicates import is_governance_staff

    if is_governance_staff(user):
        return Body.objects.all()
    return Body.objects.filter(secretaries=user).distinct()
