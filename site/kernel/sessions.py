"""Sessions kept in the database, as Django's own engine does, except that a
session key the database does not know is remembered as unknown in the
cache for a while.

A browser sending a session cookie for an expired, deleted or made-up
session would otherwise cost a query on every request (the public pages ask
who the visitor is to draw the member menu). Remembering only what is
unknown is safe in any cache setup, even one cache per process: Django never
creates a session under a key the browser sent (it loads it, finds nothing,
and draws a fresh random key), so an unknown key never becomes a known one.
Known sessions are still read from the database on each request: a logout
or a password change is seen by every process at once.
"""

import hashlib

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.cache import cache

UNKNOWN_TTL = 600


def _unknown_key(session_key: str) -> str:
    # Hashed: the browser chose this value, its length and characters too.
    return f"socle_site:session-unknown:{hashlib.sha256(session_key.encode()).hexdigest()}"


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        key = self.session_key
        if cache.get(_unknown_key(key)):
            self._session_key = None
            return None
        found = super()._get_session_from_db()
        if found is None:
            cache.set(_unknown_key(key), True, UNKNOWN_TTL)
        return found

    async def _aget_session_from_db(self):
        key = self.session_key
        if await cache.aget(_unknown_key(key)):
            self._session_key = None
            return None
        found = await super()._aget_session_from_db()
        if found is None:
            await cache.aset(_unknown_key(key), True, UNKNOWN_TTL)
        return found
