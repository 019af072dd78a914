"""Background jobs of the rooms (django-q2)."""

from . import services


def send_booking_reminders() -> int:
    """Scheduled every hour (see apps.py); each occurrence is reminded once."""
    return services.send_booking_reminders()
