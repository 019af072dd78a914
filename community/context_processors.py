from community.selectors import unread_notifications


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages that do not show the header do not read it (it comes with
    # the request's access rows, community.selectors.unread_notifications).
    return {"unread_notifications": lambda: unread_notifications(user)}
