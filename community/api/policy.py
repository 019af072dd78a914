"""The rules of a partner key, decided once (STYLE 19): pure functions."""

from __future__ import annotations

import base64
import datetime
import hashlib

# A key is 32 random bytes: guessing one is hopeless, so a fast hash is
# enough to keep a stolen database from giving working keys (a slow password
# hash would only cost CPU on every call).
KEY_BYTES = 32
PREFIX_LENGTH = 8
KEY_START = "socle_"
# Staff choose the expiry; a key never lives longer than this.
LONGEST_LIFE = datetime.timedelta(days=2 * 366)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def is_usable(*, expires_at: datetime.datetime, revoked_at: datetime.datetime | None, now: datetime.datetime) -> bool:
    return revoked_at is None and now < expires_at


def grants(scopes, scope: str) -> bool:
    return scope in (scopes or ())


def is_valid_expiry(expires_at: datetime.datetime, now: datetime.datetime) -> bool:
    return now < expires_at <= now + LONGEST_LIFE


def demo_key(seed: str) -> tuple[str, str]:
    """(prefix, key) derived from ``seed``: the demo prints the same key every
    time it loads. Only ``services.issue_demo_token`` calls it, never in production."""
    digest = hashlib.sha256(f"socle demo partner key: {seed}".encode()).digest()
    prefix = digest[: PREFIX_LENGTH // 2].hex()
    secret = base64.urlsafe_b64encode(hashlib.sha256(digest).digest()).decode().rstrip("=")
    return prefix, f"{KEY_START}{prefix}_{secret}"
