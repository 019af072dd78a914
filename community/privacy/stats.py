"""Anonymised statistics: every public or reporting figure about people goes
through here, so no group small enough to single someone out is shown
(Brussels Housing Code art. 166/1; GDPR recital 26)."""

from collections.abc import Iterable
from typing import TypeVar

MIN_GROUP = 5
Label = TypeVar("Label")


def suppress_small_groups(rows: Iterable[tuple[Label, int]], threshold: int = MIN_GROUP) -> list[tuple[Label, int | None]]:
    """(label, count) pairs; a count under ``threshold`` becomes None, shown
    as "fewer than N"."""
    return [(label, suppressed_count(count, threshold)) for label, count in rows]


def suppressed_count(count: int, threshold: int = MIN_GROUP) -> int | None:
    return count if count >= threshold else None
