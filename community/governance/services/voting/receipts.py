"""Receipts: a code shown once to the voter, stored only as its hash. It says
that a ballot is in the count, never who cast it nor what it chose."""

import base64
import hashlib
import secrets

from ...models import Receipt


def new_receipt_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def receipt_hash(code: str) -> str:
    normal = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


def verify_receipt(*, code: str) -> Receipt | None:
    """The receipt of a code, or None. It says only that a ballot is in the
    count of its question: never who cast it nor what it chose."""
    return Receipt.objects.select_related("question").filter(code_hash=receipt_hash(code)).first()
