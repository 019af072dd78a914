"""The rules of a partner key, decided once (STYLE 19): pure functions."""

from __future__ import annotations

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
