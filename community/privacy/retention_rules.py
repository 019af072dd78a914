"""Helpers the apps' declarations share to write their retention rules."""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db import models

# Brussels Housing Code art. 166/1: tenants' and owners' data for the lease
# (or ownership) plus five years.
AFTER_LEAVING = relativedelta(years=5)
# Time for disputes once a candidacy is closed (appeal to the operator, then
# to the courts): one year.
DISPUTE_PERIOD = relativedelta(years=1)
NOTIFICATIONS_KEPT = timedelta(days=365)
TECHNICAL_LOGS_KEPT = timedelta(days=365)
ACCESS_LOG_KEPT = relativedelta(years=5)
AUDIT_KEPT = relativedelta(years=10)


def older_than(field: str, age, **filters) -> Callable[[datetime], models.QuerySet]:
    """``expired`` for rows whose ``field`` is older than ``age`` at ``now``."""

    def expired(model):
        def run(now: datetime) -> models.QuerySet:
            limit = now - age
            if isinstance(model._meta.get_field(field), models.DateField) and not isinstance(
                model._meta.get_field(field), models.DateTimeField
            ):
                limit = limit.date() if isinstance(limit, datetime) else limit
            return model._default_manager.filter(**{f"{field}__lt": limit}, **filters)

        return run

    return expired


def rows_older_than(model: type[models.Model], field: str, age, **filters) -> Callable[[datetime], models.QuerySet]:
    return older_than(field, age, **filters)(model)


def keep_rows(rows: models.QuerySet, user) -> int:
    """``on_erasure`` for rows kept for their value (a request's proof)."""
    return 0


def null_out(*fields: str) -> Callable[[models.QuerySet, object], int]:
    """``on_erasure`` that cuts the link to the person and keeps the row
    (a forum post then reads "former member")."""

    def run(rows: models.QuerySet, user=None) -> int:
        count = 0
        for f in fields:
            count = max(count, rows.model._default_manager.filter(pk__in=rows.values("pk"), **{f: user}).update(**{f: None}) if user else rows.update(**{f: None}))
        return count

    return run


def date_or_none(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value
