"""Importing a trust's rooms with their weekly windows, and the bookings it
had already granted (issue 23): realistic files written by a generator
(hundreds of rows, day names in French, Dutch and English, times written
every way, empty lines, Excel times, a few bad rows) give the exact dry-run
report, then the exact rows; the same file again changes nothing; one bad row
and nothing is written; only staff import."""

import io
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from socle_site.kernel.dataio import importers
from socle_site.kernel.formatting import BRUSSELS
from socle_site.kernel.models import ImportRun

from events.models import AvailabilityWindow, Booking, Occurrence, Room
from tests.events.factories import RoomFactory
from tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    HousingProjectFactory,
    UserFactory,
    make_staff,
)
from tests.refusals import assert_refused

ROOMS = "events-rooms"
BOOKINGS = "events-bookings"
DAYS = [
    ["lundi", "maandag", "Monday", "1"],
    ["mardi", "dinsdag", "Tuesday", "2"],
    ["mercredi", "woensdag", "Wednesday", "3"],
    ["jeudi", "donderdag", "Thursday", "4"],
    ["vendredi", "vrijdag", "Friday", "5"],
    ["samedi", "zaterdag", "Saturday", "6"],
    ["dimanche", "zondag", "Sunday", "7"],
]
NAMES = [
    "Salle Müller",
    "Zaal De Zonnebloem",
    "Salle Émile Féron",
    "Buurtlokaal Çelik",
    "Salle Léonard",
]


@pytest.fixture
def setup(db, time_machine):
    time_machine.move_to("2026-12-07 10:00:00+01:00", tick=False)
    HousingProjectFactory(slug="nova", municipality="Molenbeek-Saint-Jean")
    HousingProjectFactory(slug="zonnebloem", municipality="Sint-Jans-Molenbeek")
    return make_staff(email="staff@example.org", is_superuser=True)


def headers(key):
    return [c.key for c in importers.importer(key).columns]


def as_csv(key, rows, empty_lines=(5, 77)):
    lines = [headers(key)] + [[row.get(h, "") for h in headers(key)] for row in rows]
    for position in sorted(empty_lines, reverse=True):
        lines.insert(position, [""] * len(headers(key)))
    return importers.csv_bytes(lines)


def line_of(index, empty_lines=(5, 77)):
    position = index + 1
    for empty in sorted(empty_lines, reverse=True):
        if position >= empty:
            position += 1
    return position + 1


def rooms_file(rooms=30, bad=True):
    """Each room: its partner association on weekdays 9–17, residents on
    weekday evenings (at once) and at weekends (on request): 12 windows."""
    rows = []
    for r in range(rooms):
        base = {
            "room": f"salle-{r}",
            "room_name": f"{NAMES[r % 5]} {r}",
            "housing_project": "nova" if r % 2 else "zonnebloem",
            "capacity": 20 + r,
        }
        for d in range(5):
            rows.append(
                dict(
                    base,
                    weekday=DAYS[d][r % 4],
                    starts="9:00",
                    ends="17h00",
                    audience="partner",
                    needs_approval="non",
                )
            )
        for d in range(5):
            rows.append(
                dict(
                    base,
                    weekday=DAYS[d][(r + 1) % 4],
                    starts="17.30",
                    ends="22:00",
                    audience="bewoners van het project" if r % 3 == 0 else "resident",
                    needs_approval="",
                )
            )
        for d in (5, 6):
            rows.append(
                dict(
                    base,
                    weekday=DAYS[d][r % 4],
                    starts="09:00",
                    ends="22:00",
                    audience="resident",
                    needs_approval="oui",
                )
            )
    if bad:
        rows[30]["weekday"] = "lunedì"
        rows[50]["ends"] = "08:00"
        rows[70]["housing_project"] = "atlantis"
    return rows


def test_the_dry_run_of_the_rooms_reports_each_refused_row(setup):
    rows = rooms_file()
    rows[13]["weekday"] = rows[12][
        "weekday"
    ]  # room 1's partner Tuesday moved onto Monday: the same window twice
    rows[20]["starts"] = "16:00"  # room 1's residents' Thursday evening from 16:00...
    rows.append(
        dict(rows[20], starts="18:00", ends="21:00")
    )  # ...and, on the last line, another inside it
    with translation.override("en"):
        report = importers.check(importers.importer(ROOMS), as_csv(ROOMS, rows), "rooms.csv")
    last = line_of(len(rows) - 1)
    assert report.refused == [
        {
            "line": line_of(13),
            "column": "Room (short name)",
            "reason": f"Same key as line {line_of(12)}.",
        },
        {
            "line": line_of(20),
            "column": "From",
            "reason": "Thursday 16:00–22:00 and Thursday 18:00–21:00 overlap for the residents of the project.",
        },
        {
            "line": line_of(30),
            "column": "Day of the week",
            "reason": "Unknown day of the week: “lunedì”.",
        },
        {"line": line_of(50), "column": "Until", "reason": "The end must come after the start."},
        {
            "line": line_of(70),
            "column": "Housing project (short name)",
            "reason": "Unknown housing project: “atlantis”.",
        },
        {
            "line": last,
            "column": "From",
            "reason": "Thursday 16:00–22:00 and Thursday 18:00–21:00 overlap for the residents of the project.",
        },
    ]
    assert (len(report.create), len(report.update), report.unchanged) == (360 + 1 - 6, 0, 0)
    assert not Room.objects.exists()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_rooms_and_windows_are_written_then_a_rerun_changes_nothing(setup, kind):
    rows = rooms_file(bad=False)
    if kind == "csv":
        content = as_csv(ROOMS, rows)
    else:
        book = openpyxl.Workbook()
        book.active.append(headers(ROOMS))
        for row in rows:  # times as Excel keeps them in a cell formatted as a time
            cells = [row[h] for h in headers(ROOMS)]
            for i, h in enumerate(headers(ROOMS)):
                if h in ("starts", "ends"):
                    cells[i] = importers.TimeOfDayWidget().clean(row[h])
            book.active.append(cells)
        out = io.BytesIO()
        book.save(out)
        content = out.getvalue()
    imp = importers.importer(ROOMS)
    report = importers.apply(imp, content, f"rooms.{kind}", acting_user=setup)
    assert report.refused == [] and len(report.create) == 360
    assert Room.objects.count() == 30 and AvailabilityWindow.objects.count() == 360
    room = Room.objects.get(slug="salle-1")
    assert (room.name, room.capacity, room.housing_project.slug) == (
        "Zaal De Zonnebloem 1",
        21,
        "nova",
    )
    windows = [
        (w.audience, w.weekday, w.starts, w.ends, w.needs_approval)
        for w in room.windows.order_by("weekday", "starts")
    ]
    assert windows[:2] == [
        ("partner", 0, time(9), time(17), False),
        ("resident", 0, time(17, 30), time(22), False),
    ]
    assert windows[-1] == ("resident", 6, time(9), time(22), True)

    again = importers.apply(imp, content, f"rooms.{kind}", acting_user=setup)
    assert (len(again.create), len(again.update), again.unchanged, again.refused) == (0, 0, 360, [])
    assert AvailabilityWindow.objects.count() == 360

    rows[0]["ends"] = "16:00"
    changed = importers.apply(imp, as_csv(ROOMS, rows), "rooms.csv", acting_user=setup)
    assert (len(changed.create), len(changed.update), changed.unchanged) == (0, 1, 359)
    assert AvailabilityWindow.objects.get(
        room__slug="salle-0", weekday=0, audience="partner"
    ).ends == time(16)


def test_a_rooms_file_with_one_bad_row_writes_nothing(setup):
    rows = rooms_file(bad=False)
    rows[200]["weekday"] = "someday"
    report = importers.apply(
        importers.importer(ROOMS), as_csv(ROOMS, rows, ()), "rooms.csv", acting_user=setup
    )
    assert [(r["line"], r["reason"]) for r in report.refused] == [
        (202, "Unknown day of the week: “someday”.")
    ]
    assert not Room.objects.exists() and not AvailabilityWindow.objects.exists()


@pytest.fixture
def rooms(setup):
    """Five rooms with the standard windows (partner weekdays 9–17, residents
    weekday evenings 17:30–22 and weekends), a 15-minute buffer; 20 people."""
    made = [RoomFactory(slug=f"zaal-{n}", name=NAMES[n], buffer_minutes=15) for n in range(5)]
    for n in range(20):
        HouseholdMemberFactory(
            user=UserFactory(email=f"bewoner.{n}@example.org"), household=HouseholdFactory()
        )
    return made


def bookings_file(bad=True):
    """200 bookings since January 2026: the partner's mornings and the
    residents' evenings, ten weeks in each of the five rooms."""
    rows = []
    first_monday = date(2026, 1, 5)
    for r in range(5):
        for week in range(10):
            for d in range(2):
                day = first_monday + timedelta(weeks=week, days=d)
                text = day.strftime("%d/%m/%Y") if week % 2 else day.isoformat()
                rows.append(
                    {
                        "room": f"zaal-{r}",
                        "day": text,
                        "starts": "09:30",
                        "ends": "12:00",
                        "title": f"Atelier français-néerlandais {week}",
                        "booked_by": f"bewoner.{(r + week) % 20}@example.org",
                        "audience": "partner",
                    }
                )
                rows.append(
                    {
                        "room": f"zaal-{r}",
                        "day": text,
                        "starts": "18h00",
                        "ends": "21h30",
                        "title": f"Buurtfeest / Fête de quartier {week}",
                        "booked_by": f"bewoner.{(r + d) % 20}@example.org",
                        "audience": "" if d else "bewoners van het project",
                    }
                )
    if bad:
        rows[21]["starts"] = "07:00"  # the partner before its window
        rows[41]["room"] = "zaal-99"
        rows[61]["booked_by"] = "niemand@example.org"
    return rows


def test_the_dry_run_of_the_bookings_reports_collisions_and_windows(setup, rooms):
    from events.services.bookings import record_existing_booking

    # A booking the room already has: 5 January, 19:00–20:00 in zaal-0.
    record_existing_booking(
        acting_user=setup,
        room=rooms[0],
        booked_by=setup,
        title="Réunion",
        starts_at=datetime(2026, 1, 5, 19, tzinfo=BRUSSELS),
        ends_at=datetime(2026, 1, 5, 20, tzinfo=BRUSSELS),
    )
    rows = bookings_file()
    rows.append(
        dict(rows[2], starts="11:00", ends="12:30", title="Collides", audience="partner")
    )  # row 2 is 6 Jan 09:30–12:00
    with translation.override("en"):
        report = importers.check(
            importers.importer(BOOKINGS), as_csv(BOOKINGS, rows), "bookings.csv"
        )
    assert report.refused == [
        {
            "line": line_of(1),
            "column": "From",
            "reason": "Collides with a booking the room already has.",
        },
        {
            "line": line_of(21),
            "column": "From",
            "reason": "Outside the room's opening hours for this audience.",
        },
        {"line": line_of(41), "column": "Room (short name)", "reason": "Unknown room: “zaal-99”."},
        {
            "line": line_of(61),
            "column": "Booked by (e-mail)",
            "reason": "Unknown person: no member has the e-mail “niemand@example.org”.",
        },
        {
            "line": line_of(len(rows) - 1),
            "column": "From",
            "reason": f"Collides with the booking of line {line_of(2)}.",
        },
    ]
    assert (len(report.create), len(report.update), report.unchanged) == (200 - 4, 0, 0)
    assert Booking.objects.count() == 1


def test_bookings_are_written_confirmed_then_a_rerun_changes_nothing(setup, rooms):
    rows = bookings_file(bad=False)
    imp = importers.importer(BOOKINGS)
    report = importers.apply(imp, as_csv(BOOKINGS, rows), "bookings.csv", acting_user=setup)
    assert report.refused == [] and len(report.create) == 200
    assert (
        Booking.objects.filter(status="confirmed").count() == 200
        and Occurrence.objects.count() == 200
    )
    evening = Occurrence.objects.select_related("booking__booked_by", "booking__household").get(
        room__slug="zaal-0", starts_at=datetime(2026, 1, 5, 18, tzinfo=BRUSSELS)
    )
    assert (
        evening.ends_at,
        evening.booking.title,
        evening.booking.audience,
        evening.booking.booked_by.email,
    ) == (
        datetime(2026, 1, 5, 21, 30, tzinfo=BRUSSELS),
        "Buurtfeest / Fête de quartier 0",
        "resident",
        "bewoner.0@example.org",
    )
    assert evening.booking.household is not None

    again = importers.apply(imp, as_csv(BOOKINGS, rows), "bookings.csv", acting_user=setup)
    assert (len(again.create), len(again.update), again.unchanged, again.refused) == (0, 0, 200, [])
    rows[1]["ends"] = "21:00"
    changed = importers.apply(imp, as_csv(BOOKINGS, rows), "bookings.csv", acting_user=setup)
    assert (len(changed.create), len(changed.update), changed.unchanged) == (0, 1, 199)
    assert Occurrence.objects.count() == 200
    assert Occurrence.objects.get(
        room__slug="zaal-0", starts_at=datetime(2026, 1, 5, 18, tzinfo=BRUSSELS)
    ).ends_at == datetime(2026, 1, 5, 21, tzinfo=BRUSSELS)


def test_a_bookings_file_with_one_bad_row_writes_nothing(setup, rooms):
    rows = bookings_file(bad=False)
    rows[150]["ends"] = "08:00"
    report = importers.apply(
        importers.importer(BOOKINGS), as_csv(BOOKINGS, rows, ()), "b.csv", acting_user=setup
    )
    assert [(r["line"], r["reason"]) for r in report.refused] == [
        (152, "The end must come after the start.")
    ]
    assert not Booking.objects.exists() and not Occurrence.objects.exists()


def test_the_import_page_lists_the_room_imports(setup, client_of):
    with translation.override("nl"):
        text = client_of(setup).get("/admin/imports/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Zalen en hun openingsuren" in text or "Rooms and their opening hours" in text
    template = (
        client_of(setup)
        .get(f"/admin/imports/{BOOKINGS}/template-fr.csv")
        .content.decode("utf-8-sig")
    )
    assert template.startswith("Salle (nom court) * (clé),Jour * (clé),")


@pytest.mark.parametrize("key", [ROOMS, BOOKINGS])
def test_a_member_who_is_not_staff_cannot_import_rooms_or_bookings(setup, client_of, key):
    upload = SimpleUploadedFile(
        "rooms.csv", as_csv(ROOMS, rooms_file(rooms=1, bad=False)), content_type="text/csv"
    )
    response = client_of(UserFactory()).post(f"/admin/imports/{key}/upload/", {"file": upload})
    assert_refused(response, "Only staff import files.")
    assert not ImportRun.objects.exists() and not Room.objects.exists()
