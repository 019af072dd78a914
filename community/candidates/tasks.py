"""Background tasks of the register, run by django-q2."""

from . import services


def send_renewal_reminders() -> dict[str, int]:
    return services.send_renewal_reminders()


def expire_offers() -> int:
    return services.expire_offers()
