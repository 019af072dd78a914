from django.http import HttpRequest
from socle_site.kernel.together import Branch, read_together

from . import selectors


def platforms_panel(request: HttpRequest) -> dict | None:
    """The person's platforms and forums; hidden for whom has neither."""
    from community.predicates import organisation_ids

    from .models import ActionItem

    user = request.user
    # What the person holds comes with the request's access rows; the four
    # lists are then read in one query.
    owners = organisation_ids(user)
    platforms, forums, actions, groups = read_together(
        Branch(selectors.platforms_of(user).order_by("name"), ("name", "slug")),
        Branch(selectors.forums_for(user).order_by("title", "pk"), ("title", "slug")),
        Branch(ActionItem.objects.filter(owner_id__in=list(owners), done_at__isnull=True).order_by("due_on", "pk")
               if owners else ActionItem.objects.none(), ("description", "due_on", "meeting", "owner__name")),
        Branch(selectors.sub_commissions_of_person(user).order_by("name"), ("name", "slug", "platform__slug")),
    )
    if not platforms and not forums and not actions:
        return None
    return {"platforms": platforms, "forums": forums, "actions": actions, "groups": groups}
