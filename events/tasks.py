"""Background jobs of the rooms (django-q2)."""

from .services import reminders


def send_booking_reminders() -> int:
    """Scheduled every hour (see apps.py); each occurrence is reminded once."""
    return reminders.send_booking_reminders()
