"""django-q2 runs these: thin, the work is in the services."""

from . import services


def run_daily() -> dict[str, int]:
    return services.run_daily()
