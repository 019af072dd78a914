from django.http import HttpRequest
from socle_site.kernel.together import Branch, read_together

from . import selectors
from .models import Activity


def bookings_panel(request: HttpRequest) -> dict | None:
    """The person's next bookings, the requests they must answer and their
    activities; hidden for whom has none of these."""
    user = request.user
    # The next five dates to come, chosen in the database: with years of
    # bookings, the twenty last requested could all be past. The three lists
    # in one query.
    bookings, to_decide, activities = read_together(
        Branch(selectors.bookings_of(user).filter(next_start__isnull=False).order_by("next_start", "pk"),
               ("title", "status", "next_start", "room__name"), limit=5),
        Branch(selectors.requests_to_decide(user), ("title", "first_start", "room__name"), limit=5),
        Branch(selectors.activity_registrations_of(user),
               ("status", "activity_id", *(f"activity_{c}" for c in selectors.activity_title_columns())), limit=5),
    )
    for registration in activities:
        registration.activity = Activity(pk=registration.activity_id, **{
            column: getattr(registration, f"activity_{column}") for column in selectors.activity_title_columns()})
    return {"bookings": bookings, "to_decide": to_decide, "activities": activities}


def project_rooms(housing_project) -> dict | None:
    """The rooms one can book in a housing project, on its public page
    (registered in community.showcase); None when it has none."""
    from .models import Room

    rooms = list(Room.objects.filter(housing_project=housing_project).order_by("name").only("name", "slug", "capacity"))
    return {"rooms": rooms, "project": housing_project} if rooms else None
