"""Who may do what with rooms and activities: named predicates, written once.

The audiences come from the community core: residents of a room are the
people in a household (membership not ended) living in the room's housing
project; the partner association is the members of the room's partner
organisation; members of any other organisation may ask ("on request")."""

import rules

from community.predicates import is_staff_member, organisation_ids, resident_project_ids

from .policy import Audience


def audiences_for(user, room) -> frozenset[str]:
    """The audiences ``user`` belongs to for ``room``. Read with the member's
    access rows (``community.access``): one query per request, whatever the
    number of rooms."""
    if not getattr(user, "is_authenticated", False) or room is None:
        return frozenset()
    projects, organisations, is_staff = _profile(user)
    found = set()
    if is_staff or room.manager_id == user.pk:
        found.add(Audience.MANAGER)
    if room.housing_project_id in projects:
        found.add(Audience.RESIDENT)
    if room.partner_organisation_id and room.partner_organisation_id in organisations:
        found.add(Audience.PARTNER)
    elif organisations - {room.partner_organisation_id}:
        found.add(Audience.OTHER)
    return frozenset(found)


def _profile(user) -> tuple[set[int], set[int], bool]:
    cached = getattr(user, "_events_profile", None)
    if cached is None:
        projects = set(resident_project_ids(user))
        organisations = set(organisation_ids(user))
        cached = user._events_profile = (projects, organisations, bool(is_staff_member(user)))
    return cached


@rules.predicate
def is_room_resident(user, room) -> bool:
    return Audience.RESIDENT in audiences_for(user, room)


@rules.predicate
def is_room_partner(user, room) -> bool:
    return Audience.PARTNER in audiences_for(user, room)


@rules.predicate
def is_other_organisation_member(user, room) -> bool:
    return Audience.OTHER in audiences_for(user, room)


@rules.predicate
def is_room_manager(user, room) -> bool:
    return Audience.MANAGER in audiences_for(user, room)


@rules.predicate
def manages_booking(user, booking) -> bool:
    return booking is not None and is_room_manager(user, booking.room)


@rules.predicate
def is_booking_holder(user, booking) -> bool:
    return booking is not None and booking.booked_by_id == getattr(user, "pk", None)


@rules.predicate
def organises_activity(user, activity) -> bool:
    return activity is not None and activity.organiser_id == getattr(user, "pk", None)


@rules.predicate
def manages_activity_room(user, activity) -> bool:
    """The manager of the room the activity's booking is in."""
    return activity is not None and manages_booking(user, activity.booking)


@rules.predicate
def sees_activity(user, activity) -> bool:
    # Members-only activities: the people who could book the room see them.
    return activity is not None and (activity.is_public or bool(audiences_for(user, activity.booking.room)))
