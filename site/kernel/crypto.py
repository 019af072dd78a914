"""Field encryption at rest (Fernet: AES-128-CBC + HMAC-SHA256).

Personal data that the Brussels Housing Code art. 166/1 lets a CLT keep
(incomes, national register numbers, supporting documents) is stored
encrypted, so a copy of the database or of a backup does not reveal it.

The key comes from ``SOCLE_FIELD_KEY`` (one or more Fernet keys, comma-separated,
newest first, so keys can be rotated with ``MultiFernet``). In development,
when it is not set, a key is derived from ``SECRET_KEY``; production refuses
to start without it (see ``field_keys``).
"""

import base64
import hashlib
import os
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

__all__ = ["EncryptedTextField", "decrypt_bytes", "encrypt_bytes", "InvalidToken"]


def field_keys() -> list[bytes]:
    raw = os.environ.get("SOCLE_FIELD_KEY", "").strip()
    if raw:
        return [key.strip().encode() for key in raw.split(",") if key.strip()]
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("SOCLE_ENV=production needs SOCLE_FIELD_KEY (a Fernet key).")
    digest = hashlib.sha256(b"socle-field-key:" + settings.SECRET_KEY.encode()).digest()
    return [base64.urlsafe_b64encode(digest)]


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in field_keys()])


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet().decrypt(bytes(token))


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token. Values cannot be searched or
    ordered in SQL, which is the point: filter on other fields."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_bytes(str(value).encode()).decode()

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_bytes(value.encode()).decode()

    def to_python(self, value):
        return value
