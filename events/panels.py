from django.http import HttpRequest

from . import selectors


def bookings_panel(request: HttpRequest) -> dict | None:
    """The person's next bookings, the requests they must answer and their
    activities; hidden for whom has none of these."""
    bookings = [b for b in selectors.bookings_of(request.user)[:20] if b.next_start][:5]
    to_decide = list(selectors.requests_to_decide(request.user)[:5])
    activities = selectors.activities_of(request.user)[:5]
    return {"bookings": bookings, "to_decide": to_decide, "activities": activities}
