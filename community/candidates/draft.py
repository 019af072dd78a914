"""The candidacy being filled in, kept between the steps of the form.

It lives in the person's session, encrypted with the field key like the
candidacy's own personal data (incomes and national register numbers must
not lie in the session table in clear, art. 166/1). Nothing is written to
the register before the household sends it: the row, its number and its
date are made when it is submitted (services.submit_application), so a
draft started first but sent later takes the later place (art. 134/2)."""

import json

from cryptography.fernet import InvalidToken
from socle_site.kernel.crypto import decrypt_bytes, encrypt_bytes

SESSION_KEY = "candidates:draft"


def load(session) -> dict:
    token = session.get(SESSION_KEY)
    if not token:
        return {}
    try:
        return json.loads(decrypt_bytes(token.encode()))
    except (InvalidToken, ValueError):  # a key rotated away or a damaged value: start again
        return {}


def save(session, draft: dict) -> None:
    session[SESSION_KEY] = encrypt_bytes(json.dumps(draft).encode()).decode()


def clear(session) -> None:
    session.pop(SESSION_KEY, None)
