"""CPU time and queries of one member page request, measured in-process.

    .venv/bin/python bench/all.py --only member [--profile "my space"]

(bench/all.py prepares the site and its environment, then calls ``measure``
here for every line of its table; run it rather than this module.)

Each page is requested through Django's test client, logged in as a demo
member, under the settings of the environment (production mode on
PostgreSQL and Redis in bench/all.py). Per request:

- ``app ms``: this process's CPU time (the whole Django request, templates,
  the Redis client);
- ``db ms``: the CPU time of this connection's PostgreSQL backend process,
  read from /proc (the database's own work for the page);
- ``queries``: SQL queries of one request.

Redis's server is shared with other work on this machine: its CPU is
reported for the whole run, apart, not per page.
"""

from __future__ import annotations

import cProfile
import gc
import os
import pstats
import statistics
import time
from dataclasses import dataclass

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Figures:
    app_ms: float
    db_ms: float
    queries: int
    wall_ms: float  # median of the requests, for information (the machine is shared)
    status: int

    @property
    def cpu_ms(self) -> float:
        return self.app_ms + self.db_ms


def _backend_cpu_seconds(pid: int | None) -> float:
    if pid is None:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:  # a database on another machine: its CPU is not seen from here
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def backend_pid() -> int | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def measure(client, path: str, requests: int, **extra) -> Figures:
    """``requests`` GETs of ``path`` after a warm-up (the layout's caches
    filled, as in a worker that has served the page before). A ``{zeros}``
    in the path becomes a different number of zeros on each request (a page
    number written 01, 001…: the same page, never asked before, so nothing
    stored for it is read)."""
    from django.db import connection

    asked = iter(range(1, 10_000))

    def fresh() -> str:
        return path.replace("{zeros}", "0" * next(asked))

    for _ in range(3):
        response = client.get(fresh(), **extra)
    status = response.status_code
    captured = []
    with connection.execute_wrapper(lambda execute, sql, *args: captured.append(sql) or execute(sql, *args)):
        client.get(fresh(), **extra)
    pid = backend_pid()
    gc.collect()
    walls = []
    db_before, app_before = _backend_cpu_seconds(pid), time.process_time()
    for _ in range(requests):
        url = fresh()
        started = time.perf_counter()
        client.get(url, **extra)
        walls.append(time.perf_counter() - started)
    app = time.process_time() - app_before
    db = _backend_cpu_seconds(pid) - db_before
    return Figures(app_ms=app * 1000 / requests, db_ms=db * 1000 / requests, queries=len(captured),
                   wall_ms=statistics.median(walls) * 1000, status=status)


def profile(client, path: str, requests: int, top: int = 40, **extra) -> None:
    for _ in range(5):
        client.get(path, **extra)
    if os.environ.get("BENCH_PROFILER") == "none":
        # For a sampling profiler attached from outside (py-spy record -- …):
        # cProfile's own cost weighs most on the many small calls of templates.
        for _ in range(requests):
            client.get(path, **extra)
        return
    profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
    profiler.enable()
    for _ in range(requests):
        client.get(path, **extra)
    profiler.disable()
    if os.environ.get("BENCH_PROFILE_OUT"):  # for pstats or snakeviz
        profiler.dump_stats(os.environ["BENCH_PROFILE_OUT"])
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def member_pages() -> list[tuple[str, str, str]]:
    """(name, member's e-mail, path) of the member pages of issue 18, found in
    the demo's data (bench/all.py adds the resident's years of history)."""
    from django.urls import reverse
    from django.utils import translation

    from community.governance.models import Meeting, Question
    from coownership.models import Building
    from events.models import Room
    from platform_forums.models import Thread

    with translation.override("fr"):
        meeting = Meeting.objects.filter(status=Meeting.Status.CONVENED, body__memberships__user__email="coowner@socle.test").order_by("pk").first()
        vote = Question.objects.filter(meeting__isnull=True, status=Question.Status.OPEN).order_by("pk").first()
        building = Building.objects.order_by("pk").first()
        room = Room.objects.filter(bookings__booked_by__email="resident@socle.test").order_by("pk").first() or Room.objects.order_by("pk").first()
        thread = Thread.objects.filter(forum__slug__startswith="residents").order_by("pk").first() or Thread.objects.order_by("pk").first()
        pages = [
            ("my space", "resident@socle.test", reverse("community:my_space")),
            ("my space (co-owner)", "coowner@socle.test", reverse("community:my_space")),
            ("notifications", "resident@socle.test", reverse("community:notifications")),
            ("assembly meeting", "coowner@socle.test", reverse("governance:meeting", args=[meeting.pk])),
            ("question (online vote)", "resident@socle.test", reverse("governance:question", args=[vote.pk])),
            ("chair's console", "staff@socle.test", reverse("governance_live:console", args=[meeting.pk])),
            ("building", "coowner@socle.test", reverse("coownership:building", args=[building.slug])),
            ("co-owner's account", "coowner@socle.test", reverse("coownership:my_account", args=[building.slug])),
            ("room month view", "resident@socle.test", reverse("events:room", args=[room.slug]) + "?view=month"),
            ("forum thread", "resident@socle.test", reverse("platform_forums:thread", args=[thread.pk])),
            ("candidate's position", "candidate@socle.test", reverse("candidates:my_candidacy")),
        ]
    return pages
