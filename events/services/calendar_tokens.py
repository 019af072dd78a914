"""The private key of a person's calendar feeds."""

from django.db import transaction
from django.utils import timezone

from community.models import User

from ..models import (
    CalendarToken,
    new_token,
)


def calendar_token(*, user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


def reset_calendar_token(*, acting_user: User) -> CalendarToken:
    """A new private address; the old one stops working at once."""
    with transaction.atomic():
        token, created = CalendarToken.objects.select_for_update().get_or_create(user=acting_user)
        if not created:
            token.token = new_token()
            token.created_at = timezone.now()
            token.save(update_fields=["token", "created_at"])
    return token
