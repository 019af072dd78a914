"""What a member holds, read once per request.

Every perm on a member page asks the same few things about the person: their
roles, households, organisations, Django permissions, and what each feature
adds (the bodies they sit in, the buildings they own or manage, the platforms
their organisations sit on, the operators they staff). Each feature used to
cache its own answer on the user object, one query each: a page asking them
all paid eight queries before showing anything.

Here they are read together: each app registers a *source* when it loads (the
base knows no feature), and the first question about a person runs every
source as one ``UNION ALL`` query. The answer is kept on the user object,
which lives as long as the request (``request.user`` is built per request),
so a page pays one query whatever it asks and however often.

A source gives rows of up to two integers and one text, e.g. ``(body_id,)``
or ``(building_id, None, "syndic")``; readers get them back with
``access_of(user).rows(key)``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, F, IntegerField, QuerySet, Value
from django.db.models.functions import Cast, Concat

CACHE_ATTRIBUTE = "_socle_access"


@dataclass(frozen=True)
class AccessSource:
    key: str
    # The rows of this person: a queryset with no ordering or slicing.
    queryset: Callable[[Any], QuerySet]
    ints: tuple[str, ...] = ()
    # A field name or an expression giving text (a role, a permission's name).
    text: Any = None
    # False: a fact read with the others to spare a query (the unread
    # notifications' count), which decides nothing a person may see or do:
    # left out of ``access_key``, so that work kept under it stays valid.
    decides_access: bool = True


_sources: dict[str, AccessSource] = {}


def register_access_source(source: AccessSource) -> None:
    if len(source.ints) > 2:
        raise ValueError("an access source gives at most two integers and one text")
    _sources[source.key] = source


class MemberAccess:
    """The person's rows, by source."""

    def __init__(self, rows: dict[str, list[tuple]]) -> None:
        self._rows = rows

    def rows(self, key: str) -> list[tuple]:
        if key not in _sources:
            raise KeyError(f"no access source {key!r} is registered")
        return self._rows.get(key, [])

    def ids(self, key: str) -> frozenset[int]:
        """The first integer of each row."""
        return frozenset(row[0] for row in self.rows(key))

    def fingerprint(self) -> tuple:
        """Everything the person holds, as one hashable value: two people (or
        one person at two moments) with the same fingerprint hold the same."""
        return tuple(
            (key, tuple(sorted(rows, key=repr))) for key, rows in sorted(self._rows.items())
            if _sources[key].decides_access
        )


NOBODY = MemberAccess({})


def _branch(source: AccessSource, user) -> QuerySet:
    ints = [F(name) for name in source.ints]
    ints += [Value(None, output_field=IntegerField())] * (2 - len(ints))
    if source.text is None:
        text = Value(None, output_field=CharField())
    else:
        text = Cast(F(source.text), CharField()) if isinstance(source.text, str) else source.text
    queryset = source.queryset(user)
    if hasattr(queryset, "rewrite"):
        # A model with translated fields (django-modeltranslation) would select
        # its columns in another order, which a UNION cannot take.
        queryset = queryset.rewrite(False)
    return (
        queryset
        .order_by()
        .annotate(
            _access_key=Value(source.key, output_field=CharField()),
            _access_a=ints[0],
            _access_b=ints[1],
            _access_text=text,
        )
        .values_list("_access_key", "_access_a", "_access_b", "_access_text")
    )


def access_of(user) -> MemberAccess:
    """The person's access rows, one query per request (none for visitors)."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return NOBODY
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is None:
        rows: dict[str, list[tuple]] = {}
        if _sources:
            for key, a, b, text in _read_rows(user):
                source = _sources[key]
                row = (a, b)[: len(source.ints)] + ((text,) if source.text is not None else ())
                rows.setdefault(key, []).append(row)
        cached = MemberAccess(rows)
        setattr(user, CACHE_ATTRIBUTE, cached)
    return cached


# Building the UNION of every source with the ORM cost more CPU than running
# it (about a millisecond per request): its SQL is built once per process and
# day (the sources filter on today's date) with a stand-in person, whose id is
# then replaced by the person's in the parameters.
_STAND_IN = -918_273_645
_compiled: dict[tuple, tuple[str, str, tuple] | None] = {}


def _union(user) -> QuerySet:
    branches = [_branch(source, user) for source in _sources.values()]
    return branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]


def _read_rows(user):
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.utils import timezone

    key = (tuple(id(source) for source in _sources.values()), timezone.localdate())
    if key not in _compiled:
        query = _union(get_user_model()(pk=_STAND_IN))
        sql, params = query.query.get_compiler(query.db).as_sql()
        # A source reading the clock (not only today's date) is built each time.
        exact = not any(isinstance(p, datetime.datetime | datetime.time) for p in params)
        _compiled.clear()
        _compiled[key] = (query.db, sql, tuple(params)) if exact and _STAND_IN in params else None
    compiled = _compiled[key]
    if compiled is None:
        return list(_union(user))
    alias, sql, params = compiled
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [user.pk if p == _STAND_IN else p for p in params])
        return cursor.fetchall()


def access_key(user) -> tuple:
    """What decides what a person may read: their id, Django's flags and every
    access row. Work built from these alone (e.g. the member search's
    permission filters, ``community.search.query``) may be kept under this
    key: a seat, a role or a home gained or lost changes it."""
    return (
        getattr(user, "pk", None), bool(getattr(user, "is_superuser", False)),
        bool(getattr(user, "is_staff", False)), bool(getattr(user, "is_active", False)),
        access_of(user).fingerprint(),
    )


def forget_access(user) -> None:
    """After a write that changes what the person holds, within one request."""
    if getattr(user, CACHE_ATTRIBUTE, None) is not None:
        setattr(user, CACHE_ATTRIBUTE, None)
    for name in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):  # Django's, filled from these rows
        if hasattr(user, name):
            delattr(user, name)


def permission_codename():
    """``app_label.codename``, as Django's backends spell a permission."""
    return Concat("content_type__app_label", Value("."), "codename", output_field=CharField())
