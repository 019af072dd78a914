from django.http import HttpRequest

from . import selectors


def bookings_panel(request: HttpRequest) -> dict | None:
    """The person's next bookings, the requests they must answer and their
    activities; hidden for whom has none of these."""
    # The next five dates to come, chosen in the database: with years of
    # bookings, the twenty last requested could all be past.
    bookings = list(selectors.bookings_of(request.user).filter(next_start__isnull=False).order_by("next_start", "pk")[:5])
    to_decide = list(selectors.requests_to_decide(request.user)[:5])
    activities = selectors.activities_of(request.user)[:5]
    return {"bookings": bookings, "to_decide": to_decide, "activities": activities}


def project_rooms(housing_project) -> dict | None:
    """The rooms one can book in a housing project, on its public page
    (registered in community.showcase); None when it has none."""
    from .models import Room

    rooms = list(Room.objects.filter(project=housing_project).order_by("name").only("name", "slug", "capacity"))
    return {"rooms": rooms, "project": housing_project} if rooms else None
