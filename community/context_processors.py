from community.services.notifications import unread_count


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages that do not show the header do not pay the query.
    return {"unread_notifications": lambda: unread_count(user)}
