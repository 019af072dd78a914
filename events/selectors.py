"""Reads: each selector chooses its joins once, so a page costs a fixed
number of queries whatever the number of bookings."""

from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from socle_site.kernel.formatting import BRUSSELS

from community import selectors as community_selectors
from community.models import HousingProject, Registration

from .models import (
    ACTIVE,
    Activity,
    AvailabilityWindow,
    Booking,
    Closure,
    Occurrence,
    Room,
    RoomPhoto,
    WaitingEntry,
)


def rooms() -> QuerySet[Room]:
    """Rooms with their windows, coming closures and photos as plain lists
    (``window_list``, ``closure_list``, ``photo_list``): one query each for all
    the rooms. ``to_attr`` matters on the 20-room calendar: a prefetch into
    the related manager clones a queryset per room and per relation."""
    return Room.objects.select_related("housing_project", "partner_organisation", "manager").prefetch_related(
        Prefetch("windows", queryset=AvailabilityWindow.objects.order_by("weekday", "starts"), to_attr="window_list"),
        Prefetch("closures", queryset=Closure.objects.filter(last_day__gte=timezone.localdate()), to_attr="closure_list"),
        Prefetch("photos", queryset=RoomPhoto.objects.order_by("order", "pk"), to_attr="photo_list"),
    )


def rooms_of_project(project: HousingProject) -> list[Room]:
    return list(rooms().filter(housing_project=project))


def local_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(first, datetime.min.time(), BRUSSELS),
        datetime.combine(last + timedelta(days=1), datetime.min.time(), BRUSSELS),
    )


class OccurrenceRow(NamedTuple):
    """What a calendar shows of an occurrence: no model instances."""

    room_id: int
    starts_at: datetime
    ends_at: datetime
    status: str
    booking_title: str
    activity_title: str | None
    activity_is_public: bool | None


def occurrences_between(room_ids: list[int], first: date, last: date) -> list[OccurrenceRow]:
    """Active occurrences of the rooms in the local days [first, last], with
    their booking's and activity's titles, as plain rows: one query."""
    start, end = local_bounds(first, last)
    rows = (
        Occurrence.objects.filter(
            room_id__in=room_ids,
            status__in=ACTIVE,
            # A lower bound on starts_at lets the (room, starts_at) index skip
            # past years; no occurrence lasts more than a day.
            starts_at__gte=start - timedelta(days=1),
            starts_at__lt=end,
            ends_at__gt=start,
        )
        .order_by("starts_at")
        .values_list("room_id", "starts_at", "ends_at", "status", "booking__title", "booking__activity__title", "booking__activity__is_public")
    )
    return [OccurrenceRow(*row) for row in rows]


def bookings_of(user) -> QuerySet[Booking]:
    now = timezone.now()
    return (
        Booking.objects.filter(booked_by=user)
        .select_related("room", "room__housing_project")
        .annotate(
            next_start=Min("occurrences__starts_at", filter=Q(occurrences__starts_at__gte=now, occurrences__status__in=ACTIVE)),
            first_start=Min("occurrences__starts_at"),
            dates=Count("occurrences", filter=Q(occurrences__status__in=ACTIVE, occurrences__starts_at__gte=now)),
        )
        .order_by("-created_at")
    )


def requests_to_decide(user) -> QuerySet[Booking]:
    """Pending requests in the rooms the person manages (staff: every room)."""
    from community.access import access_of
    from community.predicates import is_staff_member

    pending = Booking.objects.filter(status=Booking.Status.PENDING)
    if not is_staff_member(user):
        if not access_of(user).rows("events.managed_rooms"):  # most people manage no room: no query
            return Booking.objects.none()
        pending = pending.filter(room__manager=user)
    return pending.select_related("room", "booked_by").annotate(first_start=Min("occurrences__starts_at")).order_by("first_start")


def booking_detail(pk: int) -> Booking | None:
    return (
        Booking.objects.select_related(
            "room", "room__housing_project", "room__partner_organisation", "booked_by", "household", "organisation", "decided_by", "split_from"
        )
        .prefetch_related(
            Prefetch("occurrences", queryset=Occurrence.objects.order_by("starts_at")),
            Prefetch(
                "continuations",
                queryset=Booking.objects.annotate(first_start=Min("occurrences__starts_at")).order_by("first_start"),
                to_attr="continuation_list",
            ),
        )
        .filter(pk=pk)
        .first()
    )


def waiting_entries_of(user) -> QuerySet[WaitingEntry]:
    return WaitingEntry.objects.filter(user=user, status__in=[WaitingEntry.Status.WAITING, WaitingEntry.Status.OFFERED], ends_at__gt=timezone.now()).select_related("room")


def feed_occurrences_of(user) -> list[Occurrence]:
    """Occurrences for a person's feed: their bookings and the activities they
    hold a place in, from a month ago on."""
    since = timezone.now() - timedelta(days=31)
    return list(
        Occurrence.objects.filter(status__in=ACTIVE, ends_at__gte=since)
        .filter(
            Q(booking__booked_by=user)
            | Q(
                booking__activity__gathering__registrations__user=user,
                booking__activity__gathering__registrations__status=Registration.Status.CONFIRMED,
            )
        )
        .select_related("booking", "booking__activity", "room", "room__housing_project")
        .distinct()
        .order_by("starts_at")
    )


def feed_occurrences_of_room(room: Room) -> list[Occurrence]:
    since = timezone.now() - timedelta(days=31)
    return list(
        Occurrence.objects.filter(room=room, status__in=ACTIVE, ends_at__gte=since)
        .select_related("booking", "booking__activity", "room", "room__housing_project")
        .order_by("starts_at")
    )


def activity_detail(pk: int) -> Activity | None:
    return (
        Activity.objects.select_related("booking", "booking__room", "booking__room__housing_project", "organiser")
        .annotate(
            registered=Count(
                "gathering__registrations", filter=Q(gathering__registrations__status=Registration.Status.CONFIRMED)
            )
        )
        .filter(pk=pk)
        .first()
    )


def upcoming_dates(activity: Activity, limit: int = 12) -> list[Occurrence]:
    return list(activity.booking.occurrences.filter(status__in=ACTIVE, ends_at__gte=timezone.now()).order_by("starts_at")[:limit])


def registration_of(user, activity: Activity) -> Registration | None:
    return community_selectors.registration_of(user, gathering_id=activity.gathering_id)


def public_agenda(first: date, days: int = 60) -> list[Occurrence]:
    """Upcoming dates of public activities, with their room and project: one query."""
    start, end = local_bounds(first, first + timedelta(days=days))
    return list(
        Occurrence.objects.filter(
            status=Booking.Status.CONFIRMED, booking__activity__is_public=True, starts_at__gte=max(start, timezone.now()), starts_at__lt=end
        )
        .select_related("booking__activity", "room", "room__housing_project")
        .order_by("starts_at")
    )


def activity_title_columns() -> list[str]:
    """Activity's title and its translations (django-modeltranslation)."""
    return [f.attname for f in Activity._meta.concrete_fields
            if f.name == "title" or getattr(getattr(f, "translated_field", None), "name", None) == "title"]


def activity_registrations_of(user) -> QuerySet[Registration]:
    """The person's live registrations for activities, newest first, each
    with its activity's id and title (``activity_id``, ``activity_title``…,
    the latest of a split booking's continuations) in the same row."""
    # rewrite(False): each translation's own column (modeltranslation would read "title" in the active language).
    activities = Activity.objects.rewrite(False).filter(gathering=OuterRef("gathering")).order_by("-pk")
    return (
        Registration.objects.filter(user=user).filter(Exists(activities))
        .exclude(status=Registration.Status.CANCELLED)
        .annotate(**{f"activity_{column}": Subquery(activities.values(column)[:1])
                     for column in ["id", *activity_title_columns()]})
        .order_by("-created_at")
    )


def activities_of(user) -> list[dict]:
    """The person's last ten live registrations for activities, each with the
    activity (the latest of a split booking's continuations): two queries."""
    registrations = list(
        Registration.objects.filter(user=user, gathering__activities__isnull=False)
        .exclude(status=Registration.Status.CANCELLED)
        .distinct()
        .order_by("-created_at")[:10]
    )
    latest = {}
    for activity in Activity.objects.filter(gathering_id__in={r.gathering_id for r in registrations}).order_by("pk"):
        latest[activity.gathering_id] = activity
    return [{"registration": r, "activity": latest[r.gathering_id]} for r in registrations if r.gathering_id in latest]


def occurrences_during(closure: Closure) -> list[Occurrence]:
    """The active dates still to come in the closure's room and days, with
    who booked them: one query."""
    start, end = local_bounds(closure.first_day, closure.last_day)
    return list(
        Occurrence.objects.filter(
            room_id=closure.room_id, status__in=ACTIVE, starts_at__gte=max(start, timezone.now()), starts_at__lt=end
        )
        .select_related("booking", "booking__booked_by", "booking__room", "room")
        .order_by("starts_at")
    )


def closures_of(room: Room) -> list[Closure]:
    return list(Closure.objects.filter(room=room).order_by("-first_day"))
