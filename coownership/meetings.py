"""Co-owners' general meetings, held through the one voting engine (community.governance).

A building's co-owners' meeting is a governance ``Body`` of kind ``coownership``;
its rule set (``coownership.ruleset.CoownershipRules``, registered with the engine in
``apps.py``) applies the double quorum, the proxy cap and the majority owner's cap of
``coownership.law``.
This module only keeps that body in step with the building:

- each co-owner household sits once, through its first adult with an account
  (the household votes as one owner, art. 3.87 §2), with the shares of the lots it
  owns on the day as its votes;
- the syndic sits without votes of their own and may hold no proxy (art. 3.87 §7);
- the building committee and the syndic are the body's secretaries, so they
  prepare, convene, chair and minute the meetings with the assembly's own pages.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from community.content_translation.fields import in_every_language
from community.governance import selectors as governance_selectors
from community.governance.errors import GovernanceRefusal
from community.governance.models import Body, BodyMembership, Meeting, Proxy
from community.governance.services import bodies as body_services
from community.governance.services import meetings as meeting_services
from community.governance.services import voting as voting_services
from community.models import HouseholdMember, User
from community.services.audit import record_audit

from . import law, ruleset
from .models import Building, BuildingRole
from .selectors import coowner_weights

# Art. 3.87 §5: the second meeting is held at least fifteen days after the first.
SECOND_MEETING_MIN_DAYS = 15


def body_name(building_name: str) -> str:
    return pgettext("body name", "Co-owners — %(building)s") % {"building": building_name}


def building_body(building: Building) -> Body:
    """The co-owners' meeting body of a building, created the first time it is needed."""
    if building.body_id is not None:
        return building.body
    body, _created = Body.objects.get_or_create(
        slug=f"coownership-{building.slug}"[:80],
        defaults={
            # In every language, from a template that needs no elision ("de Arc-en-Ciel").
            **in_every_language("name", lambda: body_name(building.name)),
            "kind": ruleset.KIND,
            # Art. 3.87 §3: convened at least fifteen days before the meeting.
            "notice_days": 15,
            "proxy_holders": Body.ProxyHolders.ANY_MEMBER,
            # Art. 3.87 §7: three, or more within 10 % (``law.PROXY_CAP``). Staff may set a
            # stricter limit; ``engine.proxies.proxy_limit_reached`` decides which applies.
            "max_proxies_per_holder": law.PROXY_CAP.proxies,
        },
    )
    Building.objects.filter(pk=building.pk).update(body=body)
    building.body = body
    return body


def representatives(household_ids) -> dict[int, int]:
    """household id -> user id of its first adult with an account (the one who votes)."""
    chosen: dict[int, int] = {}
    rows = (
        HouseholdMember.objects.filter(
            household_id__in=list(household_ids), user__isnull=False, until__isnull=True,
            relationship=HouseholdMember.Relationship.ADULT, user__is_active=True,
        )
        .order_by("household_id", "since", "pk")
        .values_list("household_id", "user_id")
    )
    for household_id, user_id in rows:
        chosen.setdefault(household_id, user_id)
    return chosen


def sync_coownership_body(*, building: Building, acting_user: User | None, on_date: date | None = None) -> Body:
    """Seat the building's co-owners on ``on_date`` with their shares as votes, the
    syndic without votes, and make the committee and syndic the body's secretaries."""
    on_date = on_date or timezone.localdate()
    with transaction.atomic():
        body = building_body(building)
        weights = {household.pk: shares for household, shares in coowner_weights(building, on_date).items()}
        reps = representatives(weights)
        wanted: dict[int, tuple[int, bool]] = {}
        for household_id, shares in weights.items():
            user_id = reps.get(household_id)
            if user_id is not None:
                weight, _may_hold = wanted.get(user_id, (0, True))
                wanted[user_id] = (weight + shares, True)
        roles = list(
            BuildingRole.objects.filter(building=building, ends_on__isnull=True).values_list("user_id", "kind")
        )
        for user_id, kind in roles:
            if kind == BuildingRole.Kind.SYNDIC:
                weight, _may_hold = wanted.get(user_id, (0, True))
                wanted[user_id] = (weight, False)
        for membership in BodyMembership.objects.filter(body=body, active_until__isnull=True):
            if membership.user_id not in wanted:
                body_services.end_membership(membership=membership, acting_user=acting_user)
        users = User.objects.in_bulk(list(wanted))
        for user_id, (weight, may_hold) in wanted.items():
            body_services.add_member(
                body=body, user=users[user_id], acting_user=acting_user, weight=weight, may_hold_proxies=may_hold
            )
        body.secretaries.set(sorted({user_id for user_id, _kind in roles}))
    return body


def convene_coowners_meeting(*, meeting: Meeting, building: Building, acting_user: User,
                             now: datetime | None = None) -> Meeting:
    """Refresh the co-owners and their shares, then convene through the assembly's service."""
    sync_coownership_body(building=building, acting_user=acting_user, on_date=timezone.localdate(meeting.starts_at))
    return meeting_services.convene_meeting(meeting=meeting, acting_user=acting_user, now=now)


def had_quorum(meeting: Meeting) -> bool:
    """Whether the meeting reached its quorum: now while it runs, or over the
    whole meeting once closed (everyone who attended, and the proxies that counted)."""
    if meeting.status == Meeting.Status.CLOSED:
        return governance_selectors.presence_over_meeting(meeting).has_quorum
    return governance_selectors.presence(meeting).has_quorum


def call_second_meeting(*, meeting: Meeting, acting_user: User, starts_at: datetime, place: str = "",
                        online_url: str = "", now: datetime | None = None) -> Meeting:
    """Art. 3.87 §5: a meeting without quorum is followed by a second one, at least
    fifteen days later, that decides whatever the attendance. Same agenda and
    questions; the proxies given for the first meeting cover the second."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    if not meeting.body.rule_set.has_second_meeting:
        raise GovernanceRefusal(_("Only a co-owners' meeting is followed by a second meeting."))
    if meeting.second_meeting_of_id is not None:
        raise GovernanceRefusal(_("A second meeting decides whatever the attendance: it has no second meeting of its own."))
    if meeting.status not in (Meeting.Status.IN_PROGRESS, Meeting.Status.CLOSED):
        raise GovernanceRefusal(_("A second meeting is called once the first has been held without a quorum."))
    if had_quorum(meeting):
        raise GovernanceRefusal(_("This meeting has its quorum: no second meeting is needed."))
    if meeting.second_meetings.exclude(status=Meeting.Status.CANCELLED).exists():
        raise GovernanceRefusal(_("A second meeting has already been called."))
    if starts_at - meeting.starts_at < timedelta(days=SECOND_MEETING_MIN_DAYS):
        raise GovernanceRefusal(
            _("The second meeting must be held at least %(days)d days after the first.") % {"days": SECOND_MEETING_MIN_DAYS}
        )
    with transaction.atomic():
        second = meeting_services.create_meeting(
            body=meeting.body, acting_user=acting_user,
            title=_("%(title)s (second meeting)") % {"title": meeting.title},
            starts_at=starts_at, place=place or meeting.place, online_url=online_url or meeting.online_url,
            description=meeting.description, chair=meeting.chair, secretary=meeting.secretary,
            second_meeting_of=meeting,
        )
        for item in meeting.agenda_items.order_by("order", "pk").prefetch_related("questions__choices"):
            new_item = meeting_services.add_agenda_item(
                meeting=second, acting_user=acting_user, title=item.title, kind=item.kind, description=item.description
            )
            for question in item.questions.all():
                voting_services.add_question(
                    body=meeting.body, acting_user=acting_user, meeting=second, agenda_item=new_item,
                    title=question.title, kind=question.kind, description=question.description,
                    options=[c.label for c in question.choices.all()] if question.kind != question.Kind.MOTION else (),
                    max_choices=question.max_choices, is_secret=question.is_secret, majority=question.majority,
                    abstentions_count=question.abstentions_count,
                )
        # DOMAIN.md §3: a proxy covers one meeting and its second meeting.
        for proxy in Proxy.objects.filter(meeting=meeting, withdrawn_at__isnull=True):
            Proxy.objects.create(meeting=second, principal_id=proxy.principal_id, holder_id=proxy.holder_id)
        building = Building.objects.filter(body=meeting.body).first()
        if building is not None:
            sync_coownership_body(building=building, acting_user=acting_user, on_date=timezone.localdate(starts_at))
        second = meeting_services.convene_meeting(meeting=second, acting_user=acting_user, now=now)
        record_audit(actor=acting_user, action="coownership.second_meeting.called", target=second, first=meeting.pk)
    return second
