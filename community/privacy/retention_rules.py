"""Helpers the apps' declarations share to write their retention rules."""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Brussels Housing Code art. 166/1: tenants' and owners' data for the lease
# (or ownership) plus five years.
AFTER_LEAVING = relativedelta(years=5)
OWNER_RULE = _("Owners' data is kept during the ownership and for five years after it ends (Brussels Housing Code art. 166/1).")


def owner_data_kept_until(ended_on: date | None) -> date | None:
    """The last day an owner's data is kept (art. 166/1): none while the
    ownership lasts, else five years after it ended. The register's deeds and
    the co-ownership's lots both ask it."""
    return None if ended_on is None else ended_on + AFTER_LEAVING


def owners_left_before(now: datetime) -> date:
    """Ownerships that ended before this day are past ``owner_data_kept_until``
    at ``now``: the same rule, for a query."""
    return (now - AFTER_LEAVING).date()
# Time for disputes once a candidacy is closed (appeal to the operator, then
# to the courts): one year.
DISPUTE_PERIOD = relativedelta(years=1)
ACCOUNTS_KEPT = relativedelta(years=7)


def accounts_open_since(now: datetime) -> date:
    """The first day of the oldest financial year whose books must still be
    kept at ``now`` (Code of Economic Law art. III.88: seven years from the
    first of January after the year closed; the year is the calendar year):
    the co-ownerships' books and the trust's alike."""
    return date(now.year - ACCOUNTS_KEPT.years, 1, 1)


def candidate_data_kept_until(last_activity: datetime) -> datetime:
    """When a closed candidacy's people are taken out (art. 166/1: while the
    application is examined, then the time for disputes)."""
    return last_activity + DISPUTE_PERIOD


def candidacies_closed_before(now: datetime) -> datetime:
    """Candidacies whose last activity is before this moment are past
    ``candidate_data_kept_until`` at ``now``: the same rule, for a query."""
    return now - DISPUTE_PERIOD
NOTIFICATIONS_KEPT = timedelta(days=365)
TECHNICAL_LOGS_KEPT = timedelta(days=365)
ACCESS_LOG_KEPT = relativedelta(years=5)
AUDIT_KEPT = relativedelta(years=10)
# Who wrote or approved a page of the website: needed to answer a claim about
# its content, which lapses five years after the harm is known (Civil Code
# art. 2262bis §1); then the history stays without the editor's name.
EDITORS_KEPT = relativedelta(years=5)
# Answers sent through the website's forms: one year.
FORM_ANSWERS_KEPT = timedelta(days=365)
# Registrations for public events and activities (one mechanism, one rule):
# two years after the registration. A weekly activity runs a school year and
# its places are looked at again at the next year's start; one rule for both
# kinds means a person's registrations are handled one way (issue 17).
REGISTRATIONS_KEPT = timedelta(days=2 * 365)
# A visitor without an account (issue 26): their name and address serve the
# event only, and a registration never confirmed lapses with its link.
VISITOR_REGISTRATIONS_KEPT = timedelta(days=30)
UNCONFIRMED_REGISTRATIONS_KEPT = timedelta(hours=48)
# Replies to a meeting (assemblies and platform meetings: one mechanism, one
# rule): one year after the meeting. A reply says who planned to come; who came
# is in the attendance and the minutes, kept with the meeting's records.
MEETING_REPLIES_KEPT = timedelta(days=365)


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


_run_clock: ContextVar[datetime | None] = ContextVar("retention_run_clock", default=None)


@contextmanager
def run_clock(now: datetime):
    """The engine's clock during a run, for anonymisers that must apply the
    same limits as the ``expired`` that chose their rows."""
    token = _run_clock.set(now)
    try:
        yield
    finally:
        _run_clock.reset(token)


def run_now() -> datetime:
    return _run_clock.get() or timezone.now()


def registrations_expired(now: datetime) -> models.QuerySet:
    """Registrations to delete: any two years after it was made; a visitor's
    30 days after the event; one never confirmed after 48 hours."""
    from django.db.models import Q

    from community.models import Registration

    return Registration.objects.filter(
        Q(created_at__lt=now - REGISTRATIONS_KEPT)
        | Q(user__isnull=True, gathering__starts_at__lt=now - VISITOR_REGISTRATIONS_KEPT)
        | Q(status=Registration.Status.UNCONFIRMED, created_at__lt=now - UNCONFIRMED_REGISTRATIONS_KEPT)
    )


def notifications_expired(now: datetime) -> models.QuerySet:
    """Notifications to delete: a year old; one sent to a visitor's address
    alone (issue 26) after VISITOR_REGISTRATIONS_KEPT."""
    from django.db.models import Q

    from community.models import Notification

    return Notification.objects.filter(
        Q(created_at__lt=now - NOTIFICATIONS_KEPT) | Q(recipient__isnull=True, created_at__lt=now - VISITOR_REGISTRATIONS_KEPT)
    )
