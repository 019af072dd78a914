"""E-mail bounces: the mail server's delivery status notifications (RFC 3464)
recorded so that staff see which addresses fail.

The mail server pipes each DSN it receives for the bounce address to
``manage.py record_bounce`` (README "E-mail that arrives").
"""

import email
import email.policy
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Max
from django.utils import timezone

from .models import Bounce


@dataclass(frozen=True)
class Failure:
    address: str
    reason: str
    is_permanent: bool


def parse_dsn(raw: bytes) -> tuple[list[Failure], datetime | None]:
    """The failed recipients of a DSN, and its date. Pure: no database."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    failures = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        # The status part is a list of header blocks: the message's, then one per recipient.
        for block in part.get_payload():
            action = (block.get("Action") or "").strip().lower()
            recipient = block.get("Final-Recipient") or block.get("Original-Recipient")
            if action != "failed" or not recipient:
                continue
            address = recipient.split(";", 1)[-1].strip()
            code = (block.get("Status") or "").strip()
            diagnostic = " ".join((block.get("Diagnostic-Code") or "").split(";", 1)[-1].split())
            failures.append(Failure(address=address, reason=f"{code} {diagnostic}".strip()[:300], is_permanent=code.startswith("5")))
    date = message.get("Date")
    try:
        when = parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError):
        when = None
    return failures, when


def record_bounce(*, address: str, reason: str = "", occurred_at: datetime | None = None, is_permanent: bool = True) -> Bounce:
    address = address.strip()
    user = get_user_model().objects.filter(email__iexact=address).first()
    return Bounce.objects.create(
        address=address, user=user, reason=reason[:300], is_permanent=is_permanent,
        occurred_at=occurred_at or timezone.now(),
    )


def failing_addresses():
    """Addresses that bounced, the most recent first, with how often."""
    return (
        Bounce.objects.values("address")
        .annotate(bounces=Count("id"), last_at=Max("occurred_at"))
        .order_by("-last_at")
    )


def bounced(addresses: list[str]) -> dict[str, str]:
    """The addresses among ``addresses`` that bounced, with the latest reason
    (what the imported members' invitation page shows staff, issue 23)."""
    found: dict[str, str] = {}
    for address, reason in (
        Bounce.objects.filter(address__in=addresses).order_by("occurred_at").values_list("address", "reason")
    ):
        found[address.lower()] = reason or "—"
    return found
