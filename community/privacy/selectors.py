"""Reads about personal data, joins chosen once."""

from django.db.models import QuerySet

from community.models import User

from .models import AccessLog, Consent, DataRequest
from .registry import access_readers


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
    """Who read this person's sensitive data: the shared log, plus the
    sources apps register (the candidates' register), newest first."""
    entries = [
        {"at": a.at, "viewer": a.viewer.display_name if a.viewer else None, "what": a.what}
        for a in AccessLog.objects.filter(subject=user).select_related("viewer")[:limit]
    ]
    for reader in access_readers():
        entries.extend(reader.read(user))
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:limit]
