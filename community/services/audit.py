"""The audit log every app writes to: who did what to which object, when."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from community.models import AuditEvent, User


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
    )
