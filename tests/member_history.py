"""A member's long history, written with bulk_create, for the query budget of
member pages (issue 18): a page's query count is pinned for a resident with
years of bookings, notifications and meetings, and must not grow when the
history doubles.

The budget: session, user, the member's access rows (roles, memberships and
permissions, ``community.access``), which bring the unread count, then the page's own
reads."""

import os
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

# Session, user, access rows (community.access: with them the unread count).
BASE_QUERIES = 3


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    if os.environ.get("SOCLE_SHOW_QUERIES"):  # to see what a budget is spent on
        print(f"\n{url}: {len(queries)} queries")
        for query in queries:
            print("  ", query["sql"][:400])
    return len(queries)


def add_notifications(user, *, years: int, offset_years: int = 0) -> None:
    """Two a week, read and unread."""
    from community.models import Notification

    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            recipient=user, category="account", title=f"Notice {week}-{i}", url="/fr/my/",
            created_at=now - timedelta(weeks=week + 52 * offset_years, hours=i),
            read_at=None if week % 3 else now,
        )
        for week in range(52 * years)
        for i in range(2)
    )


def add_bookings(user, room, *, years: int, offset_years: int = 0) -> None:
    """A weekly booking of the room, past and to come, one date each."""
    from events.models import Booking, Occurrence

    now = timezone.now()
    bookings = Booking.objects.bulk_create(
        Booking(room=room, booked_by=user, audience="resident", title=f"Meeting {week}",
                status=Booking.Status.CONFIRMED, created_at=now - timedelta(weeks=week + 52 * offset_years))
        for week in range(52 * years)
    )
    Occurrence.objects.bulk_create(
        Occurrence(booking=booking, room=room, status=Booking.Status.CONFIRMED,
                   starts_at=now + timedelta(weeks=26 - week - 52 * offset_years, hours=2),
                   ends_at=now + timedelta(weeks=26 - week - 52 * offset_years, hours=4))
        for week, booking in enumerate(bookings)
    )


def add_needs(user, room, body, *, batch: int = 0) -> None:
    """What needs the person now, more of it each time: open votes not cast,
    meetings not answered, their requests waiting for approval (My space
    reads them in one query however many there are)."""
    from community.governance.models import Meeting, Question
    from events.models import Booking, Occurrence

    now = timezone.now()
    Question.objects.bulk_create(
        Question(body=body, title=f"Open vote {i}", status=Question.Status.OPEN, opens_at=now - timedelta(days=1),
                 closes_at=now + timedelta(days=3 + i))
        for i in range(8)
    )
    Meeting.objects.bulk_create(
        Meeting(body=body, title=f"Next meeting {i}", status=Meeting.Status.CONVENED, starts_at=now + timedelta(days=20 + i))
        for i in range(8)
    )
    for i in range(8):
        booking = Booking.objects.create(room=room, booked_by=user, audience="resident", title=f"Request {i}",
                                         status=Booking.Status.PENDING)
        Occurrence.objects.create(booking=booking, room=room, status=Booking.Status.PENDING,
                                  starts_at=now + timedelta(days=10 + i + 10 * batch, hours=10),
                                  ends_at=now + timedelta(days=10 + i + 10 * batch, hours=11))


def add_meetings(body, *, years: int, offset_years: int = 0) -> None:
    """A closed meeting of the body each month."""
    from community.governance.models import Meeting

    now = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(body=body, title=f"Monthly meeting {month}", status=Meeting.Status.CLOSED,
                starts_at=now - timedelta(days=30 * (month + 12 * offset_years) + 30),
                closed_at=now - timedelta(days=30 * (month + 12 * offset_years) + 29))
        for month in range(12 * years)
    )


def add_history(user, *, room=None, body=None, offset_years: int = 0, years: int = 5) -> None:
    """Notifications, and bookings of ``room`` and meetings of ``body`` when given."""
    add_notifications(user, years=years, offset_years=offset_years)
    if room is not None:
        add_bookings(user, room, years=years, offset_years=offset_years)
    if body is not None:
        add_meetings(body, years=years, offset_years=offset_years)


def counts_as_history_doubles(client, url: str, user, *, room=None, body=None) -> tuple[int, int]:
    """The page's query count with five years of history, then with ten."""
    add_history(user, room=room, body=body)
    query_count(client, url)  # warm-up: the layout caches the site's menus on the first request
    five = query_count(client, url)
    add_history(user, room=room, body=body, offset_years=5)
    return five, query_count(client, url)
