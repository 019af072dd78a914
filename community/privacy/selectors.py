"""Reads about personal data, joins chosen once."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from community.models import User

from .models import AccessLog, Consent, DataRequest


def requests_of(user: User) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(user=user).defer("export_json", "export_html").order_by("-received_at", "-id")


def open_queue() -> QuerySet[DataRequest]:
    return (
        DataRequest.objects.filter(status__in=[DataRequest.Status.RECEIVED, DataRequest.Status.ON_HOLD])
        .exclude(kind=DataRequest.Kind.EXPORT)
        .select_related("user")
        .defer("export_json", "export_html")
        .order_by("received_at", "id")
    )


def consents_of(user: User) -> QuerySet[Consent]:
    return Consent.objects.filter(user=user).select_related("target_type").prefetch_related("target").order_by("-given_at", "-id")


def accesses_to(user: User, limit: int = 50) -> list[dict]:
    """Who read this person's sensitive data, newest first: every app writes
    to the one log."""
    return [
        {"at": a.at, "viewer": a.viewer.display_name if a.viewer else None, "what": a.what, "object": a.target_repr}
        for a in AccessLog.objects.filter(subject=user).select_related("viewer")[:limit]
    ]


def readings_of(target: Model, limit: int = 10) -> list[dict]:
    """The latest readings of one object (a candidacy), each reading once
    however many people it was about."""
    entries: dict[tuple, dict] = {}
    rows = (
        AccessLog.objects.filter(target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk))
        .select_related("viewer")
        .order_by("-at", "-id")[: limit * 10]
    )
    for row in rows:
        key = (row.at, row.viewer_id, row.what)
        if key not in entries:
            entries[key] = {"at": row.at, "viewer": row.viewer.display_name if row.viewer else None, "what": row.what}
    return list(entries.values())[:limit]
