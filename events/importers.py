"""A trust's rooms with their weekly windows, and the bookings it had
already granted, imported from its spreadsheets (issue 23). Registered with
``socle_site.kernel.dataio.importers`` when the app loads.

Windows are matched on (room, weekday, from, audience); bookings on (room,
day, start): a room holds one booking at a given start (the buffer rule), so
that is the booking's natural key the template names."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.dataio.importers import (
    Column,
    DayWidget,
    Importer,
    Refused,
    RowRefusal,
    TextWidget,
    TimeOfDayWidget,
    WholeNumberWidget,
    YesNoWidget,
    an_email,
    one_of,
)
from socle_site.kernel.formatting import BRUSSELS

from community.models import HousingProject, User

from . import policy
from .models import ACTIVE, AvailabilityWindow, Occurrence, Room
from .policy import Audience

IMPORT_PERM = "events.import_rooms"


def _weekday(value) -> int:
    """Monday as 1 (ISO), or the day's name in French, Dutch or English."""
    if str(value).strip().isdigit() and 1 <= int(value) <= 7:
        return int(value) - 1
    return one_of(
        str(value), list(enumerate(policy.WEEKDAYS)), _("Unknown day of the week: “%(value)s”.")
    )


def _audience(value: str) -> str:
    choices = [c for c in Audience.choices if c[0] != Audience.MANAGER]
    return one_of(value, choices, _("Unknown audience: “%(value)s”."))


def _positive(value: int) -> int:
    if value < 1:
        raise Refused(_("Give a number of at least 1."))
    return value


def _ordered(values: dict, starts: str, ends: str) -> None:
    if (
        values[starts] is not None
        and values[ends] is not None
        and not policy.ends_after_start(values[starts], values[ends])
    ):
        raise RowRefusal(ends, str(policy.ENDS_BEFORE_START))


# --- Rooms and their weekly windows --------------------------------------------------

ROOM_COLUMNS = [
    Column("room", gettext_lazy("Room (short name)"), TextWidget(), required=True),
    Column("room_name", gettext_lazy("Room's name"), TextWidget(), required=True),
    Column(
        "housing_project", gettext_lazy("Housing project (short name)"), TextWidget(), required=True
    ),
    Column("capacity", gettext_lazy("Capacity (people)"), WholeNumberWidget(), check=_positive),
    Column("weekday", gettext_lazy("Day of the week"), TextWidget(), required=True, check=_weekday),
    Column("starts", gettext_lazy("From"), TimeOfDayWidget(), required=True),
    Column("ends", gettext_lazy("Until"), TimeOfDayWidget(), required=True),
    Column("audience", gettext_lazy("Open to"), TextWidget(), required=True, check=_audience),
    Column("needs_approval", gettext_lazy("Needs the manager's approval"), YesNoWidget()),
]


def _window(values) -> policy.Window:
    return policy.Window(
        values["audience"],
        values["weekday"],
        values["starts"],
        values["ends"],
        bool(values["needs_approval"]),
    )


def rooms_check_row(values: dict) -> None:
    _ordered(values, "starts", "ends")
    values["needs_approval"] = bool(values["needs_approval"])  # empty is "no", compared as such


def rooms_check_file(rows: list[dict]) -> list[tuple[int, str, str]]:
    """Projects must exist, a room stays in its project, and two windows of
    one audience on one day must not overlap (``policy.window_problems``, the
    rule the opening-hours form applies), counting the windows the room
    already has that the file does not name."""
    projects = set(
        HousingProject.objects.filter(slug__in={r["housing_project"] for r in rows}).values_list(
            "slug", flat=True
        )
    )
    rooms = dict(
        Room.objects.filter(slug__in={r["room"] for r in rows}).values_list(
            "slug", "housing_project__slug"
        )
    )
    stored = defaultdict(dict)
    for window in AvailabilityWindow.objects.filter(room__slug__in=list(rooms)).select_related(
        "room"
    ):
        stored[window.room.slug][(window.weekday, window.starts, window.audience)] = (
            window.as_policy()
        )
    refused = []
    by_room = defaultdict(list)
    for row in rows:
        if row["housing_project"] not in projects:
            refused.append(
                (
                    row["_line"],
                    "housing_project",
                    _("Unknown housing project: “%(value)s”.") % {"value": row["housing_project"]},
                )
            )
        elif row["room"] in rooms and rooms[row["room"]] != row["housing_project"]:
            refused.append(
                (
                    row["_line"],
                    "housing_project",
                    _("This room belongs to another housing project."),
                )
            )
        else:
            by_room[row["room"]].append(row)
    for slug, room_rows in by_room.items():
        windows = dict(stored.get(slug, {}))
        windows.update({(r["weekday"], r["starts"], r["audience"]): _window(r) for r in room_rows})
        for row in room_rows:
            mine = _window(row)
            for key, other in windows.items():
                if key == (row["weekday"], row["starts"], row["audience"]) or (
                    other.audience,
                    other.weekday,
                ) != (mine.audience, mine.weekday):
                    continue
                problems = policy.window_problems([mine, other])
                if problems:
                    refused.append((row["_line"], "starts", problems[0]))
                    break
    return refused


def rooms_existing(keys: list[tuple]) -> dict[tuple, dict]:
    found = {}
    for window in AvailabilityWindow.objects.filter(
        room__slug__in={k[0] for k in keys}
    ).select_related("room"):
        found[(window.room.slug, window.weekday, window.starts, window.audience)] = {
            "room_name": window.room.name,
            "capacity": window.room.capacity,
            "ends": window.ends,
            "needs_approval": window.needs_approval,
        }
    return found


def rooms_write(*, create: list[dict], update: list[dict], acting_user) -> None:
    """Each room through ``save_imported_room``, then its whole week through
    ``set_opening_hours`` (the windows it had and the file's)."""
    from .services.room_management import save_imported_room, set_opening_hours

    rows = create + update
    projects = {
        p.slug: p
        for p in HousingProject.objects.filter(slug__in={r["housing_project"] for r in rows})
    }
    by_room = defaultdict(list)
    for row in rows:
        by_room[row["room"]].append(row)
    for slug, room_rows in by_room.items():
        first = room_rows[0]
        room = save_imported_room(
            acting_user=acting_user,
            housing_project=projects[first["housing_project"]],
            slug=slug,
            name=first["room_name"],
            capacity=first["capacity"],
        )
        windows = {(w.weekday, w.starts, w.audience): w.as_policy() for w in room.windows.all()}
        windows.update({(r["weekday"], r["starts"], r["audience"]): _window(r) for r in room_rows})
        set_opening_hours(acting_user=acting_user, room=room, windows=list(windows.values()))


def rooms_example() -> list[dict]:
    return [
        {
            "room": "salle-nova",
            "room_name": "Salle polyvalente Nova",
            "housing_project": "nova",
            "capacity": 40,
            "weekday": "lundi",
            "starts": "09:00",
            "ends": "17:00",
            "audience": "partner",
            "needs_approval": False,
        },
        {
            "room": "salle-nova",
            "room_name": "Salle polyvalente Nova",
            "housing_project": "nova",
            "capacity": 40,
            "weekday": "zaterdag",
            "starts": "10:00",
            "ends": "22:00",
            "audience": "resident",
            "needs_approval": True,
        },
    ]


ROOMS = Importer(
    key="events-rooms",
    label=gettext_lazy("Rooms and their opening hours"),
    columns=ROOM_COLUMNS,
    natural_key=("room", "weekday", "starts", "audience"),
    perm=IMPORT_PERM,
    existing=rooms_existing,
    write=rooms_write,
    example=rooms_example,
    check_row=rooms_check_row,
    check_file=rooms_check_file,
    compared=("room_name", "capacity", "ends", "needs_approval"),
    order=50,
)


# --- Bookings ---------------------------------------------------------------------------

BOOKING_COLUMNS = [
    Column("room", gettext_lazy("Room (short name)"), TextWidget(), required=True),
    Column("day", gettext_lazy("Day"), DayWidget(), required=True),
    Column("starts", gettext_lazy("From"), TimeOfDayWidget(), required=True),
    Column("ends", gettext_lazy("Until"), TimeOfDayWidget(), required=True),
    Column("title", gettext_lazy("Purpose"), TextWidget(), required=True),
    Column(
        "booked_by", gettext_lazy("Booked by (e-mail)"), TextWidget(), required=True, check=an_email
    ),
    Column("audience", gettext_lazy("Booked as"), TextWidget(), check=_audience),
]


def _moment(day, at: time) -> datetime:
    # Times in the file are read on Brussels' wall clock, as the room's windows are (policy).
    return datetime.combine(day, at, tzinfo=BRUSSELS)


def bookings_check_row(values: dict) -> None:
    _ordered(values, "starts", "ends")
    values["audience"] = values["audience"] or Audience.RESIDENT


def bookings_check_file(rows: list[dict]) -> list[tuple[int, str, str]]:
    """The room and the person must exist; a booking must fall within one of
    the room's windows for its audience (``policy.Window.contains``) and must
    not come closer than the room's buffer to another booking of the file or
    of the room (``policy.clashes``, the rule the database also keeps).
    Bookings already stored at the same start are the same booking."""
    rooms = {r.slug: r for r in Room.objects.filter(slug__in={r["room"] for r in rows})}
    windows = defaultdict(list)
    for window in AvailabilityWindow.objects.filter(room__in=list(rooms.values())):
        windows[window.room_id].append(window.as_policy())
    people = {
        email.casefold()
        for email in User.objects.filter(email__in={r["booked_by"] for r in rows}).values_list(
            "email", flat=True
        )
    }
    spans = [(_moment(r["day"], r["starts"]), _moment(r["day"], r["ends"])) for r in rows]
    taken = defaultdict(list)
    if spans:
        first, last = min(s for s, _e in spans), max(e for _s, e in spans)
        for room_id, starts_at, ends_at in Occurrence.objects.filter(
            room__in=list(rooms.values()),
            status__in=ACTIVE,
            starts_at__lt=last + timedelta(days=1),
            ends_at__gt=first - timedelta(days=1),
        ).values_list("room_id", "starts_at", "ends_at"):
            taken[room_id].append((starts_at, ends_at, None))
    refused = []
    for row, (starts_at, ends_at) in zip(rows, spans, strict=True):
        line, room = row["_line"], rooms.get(row["room"])
        if room is None:
            refused.append((line, "room", _("Unknown room: “%(value)s”.") % {"value": row["room"]}))
            continue
        if row["booked_by"] not in people:
            refused.append(
                (
                    line,
                    "booked_by",
                    _("Unknown person: no member has the e-mail “%(value)s”.")
                    % {"value": row["booked_by"]},
                )
            )
            continue
        if not any(
            w.audience == row["audience"] and w.contains(starts_at, ends_at)
            for w in windows[room.pk]
        ):
            refused.append(
                (line, "starts", _("Outside the room's opening hours for this audience."))
            )
            continue
        clash = next(
            (
                other
                for other in taken[room.pk]
                if other[0] != starts_at
                and policy.clashes((starts_at, ends_at), other[:2], room.buffer_minutes)
            ),
            None,
        )
        if clash is not None:
            reason = (
                _("Collides with the booking of line %(line)s.") % {"line": clash[2]}
                if clash[2]
                else _("Collides with a booking the room already has.")
            )
            refused.append((line, "starts", reason))
            continue
        taken[room.pk].append((starts_at, ends_at, line))
    return refused


def bookings_existing(keys: list[tuple]) -> dict[tuple, dict]:
    found = {}
    for room_slug, starts_at, ends_at, title, email, audience in Occurrence.objects.filter(
        room__slug__in={k[0] for k in keys},
        status__in=ACTIVE,
        starts_at__gte=_moment(min(k[1] for k in keys), time(0)) if keys else timezone.now(),
    ).values_list(
        "room__slug",
        "starts_at",
        "ends_at",
        "booking__title",
        "booking__booked_by__email",
        "booking__audience",
    ):
        local = starts_at.astimezone(BRUSSELS)
        found[(room_slug, local.date(), local.time())] = {
            "ends": ends_at.astimezone(BRUSSELS).time(),
            "title": title,
            "booked_by": (email or "").casefold(),
            "audience": audience,
        }
    return found


def bookings_write(*, create: list[dict], update: list[dict], acting_user) -> None:
    from .services.bookings import record_existing_booking

    rows = create + update
    rooms = {r.slug: r for r in Room.objects.filter(slug__in={r["room"] for r in rows})}
    people = {
        u.email.casefold(): u for u in User.objects.filter(email__in={r["booked_by"] for r in rows})
    }
    for row in rows:
        record_existing_booking(
            acting_user=acting_user,
            room=rooms[row["room"]],
            booked_by=people[row["booked_by"]],
            starts_at=_moment(row["day"], row["starts"]),
            ends_at=_moment(row["day"], row["ends"]),
            title=row["title"],
            audience=row["audience"],
        )


def bookings_example() -> list[dict]:
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    return [
        {
            "room": "salle-nova",
            "day": monday.isoformat(),
            "starts": "10:00",
            "ends": "12:00",
            "title": "Atelier couture / Naaiatelier",
            "booked_by": "asbl.voisins@example.org",
            "audience": "partner",
        },
    ]


BOOKINGS = Importer(
    key="events-bookings",
    label=gettext_lazy("Room bookings"),
    columns=BOOKING_COLUMNS,
    natural_key=("room", "day", "starts"),
    perm=IMPORT_PERM,
    existing=bookings_existing,
    write=bookings_write,
    example=bookings_example,
    check_row=bookings_check_row,
    check_file=bookings_check_file,
    compared=("ends", "title"),
    order=51,
)
