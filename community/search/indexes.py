"""The kinds' GIN indexes on PostgreSQL, made from the registry after each
``migrate`` (``post_migrate``, ``community.apps``).

Each kind's searched words are one ``tsvector`` expression over its own
table's columns (``query._Branch.vector``); indexing that very expression
lets PostgreSQL find the matching rows in the index, where it otherwise
parsed and stemmed every visible row's text in three languages at each
search (most of the search's database time, issue 18 point 4). An expression
index, not a stored copy of the words: PostgreSQL keeps it right on every
write, whatever service writes, so nothing can go stale (the registry's
reason for no index table), and the permission stays in the query.

The indexes are named after a digest of their expression: a kind whose
fields change gets a new index and the old one is dropped. A kind that reads
a searched field through a join (a document's building name) has none and is
matched row by row, as before; it is small."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connections, transaction

from .registry import kinds

logger = logging.getLogger(__name__)


def wanted_indexes() -> list[tuple[type, object]]:
    """(model, GinIndex) for every registered kind that can have one."""
    from .query import _Branch

    wanted, seen = [], set()
    for kind in kinds():
        if kind.model is None:
            continue
        index = _Branch(kind, kind.model, "fr", "postgresql").index()
        if index is not None and index.name not in seen:
            seen.add(index.name)
            wanted.append((kind.model, index))
    return wanted


def ensure_indexes(*, using: str = "default") -> list[str]:
    """Create the missing indexes and drop those no kind asks for any more;
    the names created. Nothing on SQLite (its search reads the columns)."""
    from .query import INDEX_PREFIX

    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    wanted = wanted_indexes()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE %s",
            [INDEX_PREFIX.replace("_", r"\_") + "%"],
        )
        existing = {name for (name,) in cursor.fetchall()}
    created = []
    with connection.schema_editor(atomic=False) as editor:
        for name in existing - {index.name for _model, index in wanted}:
            editor.execute(f"DROP INDEX IF EXISTS {editor.quote_name(name)}")
        for model, index in wanted:
            if index.name in existing:
                continue
            try:
                with transaction.atomic(using=using):
                    editor.add_index(model, index)
            except DatabaseError as error:  # a table not migrated yet (``migrate app 0003``)
                logger.warning(
                    "search index %s on %s not created: %s", index.name, model._meta.db_table, error
                )
                continue
            created.append(index.name)
    return created


def ensure_indexes_after_migrate(sender, using: str = "default", **kwargs) -> None:
    ensure_indexes(using=using)
