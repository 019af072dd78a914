"""Benchmark of a month view across 20 rooms with five years of recurring bookings.

    .venv/bin/python bench/room_calendar.py [--rooms 20] [--years 5]
    DATABASE_URL=postgres://… .venv/bin/python bench/room_calendar.py

Builds a throw-away test database with one housing project of ROOMS rooms,
each with three weekly series over YEARS years (bulk inserts), then measures
through Django's test client (the whole request/response cycle) the median
server time and the SQL query count of the project's month view, first with
one year of bookings and then with all of them: the query count must not grow.
The week and day views are timed on the full data too.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle_site.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SETTINGS_NOTE = "PostgreSQL" if "postgres" in os.environ.get("DATABASE_URL", "") else "SQLite"


def timed(client: Client, url: str, runs: int = 15) -> tuple[float, float, int]:
    """Median wall-clock and CPU milliseconds of the request, and its queries.
    The CPU time of this process is reported beside the wall clock because the
    machine is shared: under load the wall clock mostly measures the waiting
    (with PostgreSQL the database server's own CPU is not in it)."""
    client.get(url)  # warm the template and URL caches
    times, cpu, queries = [], [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return statistics.median(times) * 1000, statistics.median(cpu) * 1000, queries


def add_series(rooms, user, first_day: date, weeks: int, hours=(10, 14, 18)) -> int:
    from events.models import Booking, Occurrence
    from events.policy import BRUSSELS

    rows = []
    for room in rooms:
        for hour in hours:
            booking = Booking.objects.create(room=room, booked_by=user, audience="partner", title=f"Série {hour} h", status="confirmed", recurrence="FREQ=WEEKLY")
            start = datetime(first_day.year, first_day.month, first_day.day, hour, tzinfo=BRUSSELS)
            rows += [Occurrence(booking=booking, room=room, starts_at=start + timedelta(weeks=w), ends_at=start + timedelta(weeks=w, hours=2), status="confirmed") for w in range(weeks)]
    Occurrence.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, default=20)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False, serialize=False)
    try:
        from community.models import Household, HouseholdMember, HousingProject, User
        from events.models import Occurrence
        from tests.events.factories import RoomFactory

        project = HousingProject.objects.create(name="Bench", slug="bench", municipality="Molenbeek-Saint-Jean")
        rooms = [RoomFactory(housing_project=project, slug=f"bench-room-{n}") for n in range(args.rooms)]
        viewer = User.objects.create_user(email="bench@example.org", password="x")
        HouseholdMember.objects.create(household=Household.objects.create(name="Bench", housing_project=project), user=viewer, full_name="Bench")
        client = Client()
        client.force_login(viewer)
        start = date.today() - timedelta(days=365)
        url = f"/fr/rooms/project/{project.slug}/?view=month&date={date.today():%Y-%m-%d}"
        add_series(rooms, viewer, start, 52)
        small = Occurrence.objects.count()
        ms_small, cpu_small, q_small = timed(client, url)
        # Five more years of weekly series in the past: more rows, same month shown.
        add_series(rooms, viewer, start - timedelta(weeks=52 * args.years), 52 * args.years)
        big = Occurrence.objects.count()
        ms_big, cpu_big, q_big = timed(client, url)
        print(f"{SETTINGS_NOTE}, {len(rooms)} rooms, month view of the project's rooms:")
        print(f"  {small:>7} occurrences: median {ms_small:6.1f} ms (CPU {cpu_small:5.1f} ms), {q_small} queries")
        print(f"  {big:>7} occurrences: median {ms_big:6.1f} ms (CPU {cpu_big:5.1f} ms), {q_big} queries")
        for view in ("week", "day"):
            ms, cpu, queries = timed(client, url.replace("view=month", f"view={view}"))
            print(f"  {view:>5} view, {big} occurrences: median {ms:6.1f} ms (CPU {cpu:5.1f} ms), {queries} queries")
        assert q_big == q_small, "the query count grew with the bookings"
        print("  query count constant: yes; target < 100 ms: " + ("met" if ms_big < 100 else "NOT met"))
        print(f"  load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
