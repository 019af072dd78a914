"""What each feature lets a member find. The base names no feature: a feature
registers its kinds when its app loads (``AppConfig.ready``), like its My
space panels or its privacy declarations.

Why no index table (one row per searchable item, kept up to date by each
feature's services): the permission facts would then live twice, in the
index's columns and in the pages' predicates, and every write path of six
features (and every translation saved) would have to keep the copy right; a
stale row is a leak. Instead each kind gives the queryset its pages use to
decide what a person may read (``visible``), the search reads it as one branch
of a ``UNION ALL`` (``community.search.query``), and the database applies the
permission in the same statement that matches the words. What a member may
read is small (their platforms, buildings, bodies); each kind's ``to_tsvector``
expression also has a GIN index (``community.search.indexes``, made from this
registry after migrate), so the planner can find the matches in the index when
the visible rows are many: ``bench/member_search.py`` measures it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class SearchKind:
    code: str  # in the address (?kind=) and the tests, e.g. "platform_forums.post"
    label: str | Promise  # what one result is, e.g. "Forum post"
    # The rows this member may read: the same queryset (or the queryset form of
    # the same predicate) the feature's pages use. Never filtered afterwards.
    # A function of the person's id, Django flags and access rows only
    # (``community.access``): its SQL is kept per ``access_key`` between
    # searches. A row's own state (draft, hidden) goes in the queryset's
    # conditions, read at each search.
    visible: Callable[[Any], QuerySet]
    title: str  # the field shown as the result's title (a path such as "thread__title" is allowed)
    search_title: bool = True  # False: the title only names the row (a post's thread), its words do not find it
    # Fields searched and shown as the extract (the first non-empty one in the reader's language).
    text: tuple[str, ...] = ()
    # Of ``title`` and ``text``, the fields holding (sanitised) HTML: tags are dropped before matching.
    html: tuple[str, ...] = ()
    date: str | None = None  # shown and used to order results of equal rank
    # The result's address, from the row's pk and ``url_field``'s value (e.g. a slug).
    url: Callable[[int, Any], str] = lambda pk, extra: ""
    url_field: str = "pk"
    order: int = 100  # the order of the kind filters
    # The model of ``visible``'s rows: its table gets the kind's GIN index on
    # PostgreSQL (``community.search.indexes``); None: matched row by row.
    model: type | None = None


_kinds: dict[str, SearchKind] = {}


def register_searchable(kind: SearchKind) -> None:
    _kinds[kind.code] = kind


def kinds() -> list[SearchKind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.code))


def kind(code: str) -> SearchKind | None:
    return _kinds.get(code)


__all__ = ["SearchKind", "kind", "kinds", "register_searchable"]
