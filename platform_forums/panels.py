from django.http import HttpRequest

from . import selectors


def platforms_panel(request: HttpRequest) -> dict | None:
    """The person's platforms and forums; hidden for whom has neither."""
    platforms = list(selectors.platforms_of(request.user))
    forums = list(selectors.forums_for(request.user))
    actions = list(selectors.open_actions_of(request.user))
    groups = list(selectors.sub_commissions_of_person(request.user))
    if not platforms and not forums and not actions:
        return None
    return {"platforms": platforms, "forums": forums, "actions": actions, "groups": groups}
