"""The audit log every app writes to: who did what to which object, when."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from community.models import AuditEvent, User

# When the actions being recorded happened, if not now: the demo replays a
# story whose steps have their own dates (``dated``). Real requests never set it.
_happened_at: ContextVar[datetime | None] = ContextVar("audit_happened_at", default=None)


@contextmanager
def dated(when: datetime) -> Iterator[None]:
    """Record the audit rows written inside at ``when``, the moment the story
    says these actions took place (demo data), so that the log reads in order."""
    token = _happened_at.set(when)
    try:
        yield
    finally:
        _happened_at.reset(token)


def record_audit(
    *, actor: User | None, action: str, target: models.Model | None = None, **data: Any
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:250] if target is not None else "",
        data=data,
        created_at=_happened_at.get() or timezone.now(),
    )


def record_audits(*, actor: User | None, action: str, target: models.Model | None, rows: list[dict[str, Any]]) -> None:
    """Many rows of one action on one target in one insert (a statement's
    matches): the same rows as ``record_audit`` in a loop, in one query."""
    if not rows:
        return
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    when = _happened_at.get() or timezone.now()
    AuditEvent.objects.bulk_create([
        AuditEvent(actor=actor if actor is not None and actor.pk else None, action=action, target_type=target_type,
                   target_id=str(target.pk) if target is not None else "",
                   target_repr=str(target)[:250] if target is not None else "", data=data, created_at=when)
        for data in rows
    ])
