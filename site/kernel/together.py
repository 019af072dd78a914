"""Several short lists in one query.

A page that shows the three next meetings and the three open votes, or a
household, its roles and its organisations, used to pay one query per list.
``read_together`` reads them as one ``UNION ALL``: each branch is a queryset
(ordered, annotated, select_related as usual) cut to its ``limit`` in a
subquery (``pk IN (… LIMIT n)``, which SQLite and PostgreSQL both take),
and each row comes back as one JSON object, so branches of different models
fit one column. The rows are made model instances again (``Model.from_db``),
with the named related objects (``"room__name"`` gives ``booking.room.name``),
in the branch's order.

Only the fields named are read (with their translations, django-
modeltranslation's ``title_fr``… when ``title`` is named): another field of
such an instance would be read from the database on access, one query each,
so name every field the template shows. Plain fields only: a field whose
database value needs converting (encrypted fields) is refused.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connections, models
from django.db.models import F, QuerySet, Value
from django.utils import timezone

_PLAIN = (
    models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.DateField,
    models.DecimalField, models.AutoField, models.ForeignKey, models.OneToOneField, models.FloatField,
)


@dataclass(frozen=True)
class Branch:
    queryset: QuerySet
    fields: tuple[str, ...]
    limit: int | None = None


class _Row(models.Func):
    """The branch's columns as one JSON object whose keys are written in the
    SQL (they are ours: ``c0``, ``r1_2``, ``a0``). Django's ``JSONObject``
    passes each key as a parameter cast to text: compiling those casts was a
    third of ``read_together``'s CPU on My space (issue 18). On PostgreSQL
    ``json_build_object`` (not jsonb: nothing to index or compare) comes back
    from psycopg as a dict; SQLite's ``json_object`` as text."""

    output_field = models.TextField()

    def __init__(self, **fields):
        self.keys = list(fields)
        super().__init__(*fields.values())

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for key, expression in zip(self.keys, self.get_source_expressions(), strict=True):
            sql, part_params = compiler.compile(expression)
            parts.append(f"'{key}', {sql}")
            params.extend(part_params)
        function = "json_build_object" if connection.vendor == "postgresql" else "json_object"
        return f"{function}({', '.join(parts)})", params


def _convert(output_field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(output_field, models.DateTimeField):
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if settings.USE_TZ and timezone.is_naive(value):
            value = timezone.make_aware(value, dt.UTC)  # SQLite keeps UTC without an offset
        return value
    if isinstance(output_field, models.DateField):
        return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if isinstance(output_field, models.DecimalField):
        return Decimal(str(value))
    if isinstance(output_field, models.BooleanField):
        return bool(value)
    return value


def _field(model, name: str):
    field = model._meta.get_field(name)
    if not isinstance(field, _PLAIN) or hasattr(field, "from_db_value"):
        raise ValueError(f"{model.__name__}.{name} is not a plain field: read it with its own query")
    return field


def _columns(model, names: list[str]) -> list[str]:
    """The attnames to read for ``names``, with their translations."""
    wanted = []
    for name in names:
        field = _field(model, name)
        wanted.append(field.attname)
        wanted += [f.attname for f in model._meta.concrete_fields
                   if getattr(getattr(f, "translated_field", None), "name", None) == field.name]
    # In the model's field order, as Model.from_db takes them.
    return [f.attname for f in model._meta.concrete_fields if f.attname in wanted]


def read_together(*branches: Branch) -> list[list[models.Model]]:
    """The instances of each branch, in one query (none if every branch is
    ``.none()``)."""
    parts, plans = [], []
    for index, branch in enumerate(branches):
        queryset, model = branch.queryset, branch.queryset.model
        if queryset.query.is_empty():  # .none(): nothing to read (and maybe not its annotations)
            plans.append((model, [], {}, [], queryset))
            continue
        annotations = [name for name in branch.fields if name in queryset.query.annotations]
        own = [name for name in branch.fields if "__" not in name and name not in annotations]
        # Related objects by path: "household__housing_project__name" reads the
        # household's project's name, the household and the project being set.
        related: dict[tuple[str, ...], list[str]] = {}
        for name in branch.fields:
            if "__" in name:
                *heads, tail = name.split("__")
                for depth in range(1, len(heads) + 1):
                    related.setdefault(tuple(heads[:depth]), [])
                related[tuple(heads)].append(tail)
        columns = _columns(model, [model._meta.pk.name] + [n for n in own if n != "pk"]
                           + [path[0] for path in related if len(path) == 1])
        related_columns = {}
        for path, tails in related.items():
            target = _target(model, path)
            tails = tails + [child[-1] for child in related if len(child) == len(path) + 1 and child[:-1] == path]
            related_columns[path] = (target, _columns(target, [target._meta.pk.name] + tails))
        plans.append((model, columns, related_columns, annotations, queryset))
        keys = {f"c{i}": F(column) for i, column in enumerate(columns)}
        keys.update({f"r{h}_{i}": F("__".join((*path, column))) for h, (path, (_t, cols)) in enumerate(related_columns.items())
                     for i, column in enumerate(cols)})
        keys.update({f"a{i}": F(name) for i, name in enumerate(annotations)})
        rows = queryset
        # PostgreSQL takes a branch ordered and cut in its own parentheses: its
        # conditions are compiled and run once. SQLite does not (Django refuses
        # LIMIT in a part of a UNION): the branch is cut in a subquery of keys.
        in_place = branch.limit is not None and connections[queryset.db].features.supports_slicing_ordering_in_compound
        if branch.limit is not None and not in_place:
            rows = rows.filter(pk__in=queryset.values("pk")[: branch.limit])
        if hasattr(rows, "rewrite"):
            rows = rows.rewrite(False)  # modeltranslation: the columns as named
        if not in_place:
            rows = rows.order_by()
        part = rows.annotate(_together=_Row(**keys)).values_list(Value(index, output_field=models.IntegerField()), "_together")
        parts.append(part[: branch.limit] if in_place else part)
    results: list[list[models.Model]] = [[] for _ in branches]
    if not parts:
        return results
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for index, row in query:
        if isinstance(row, str):
            row = json.loads(row)
        model, columns, related_columns, annotations, queryset = plans[index]
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        values = [_convert(by_attname[c], row[f"c{i}"]) for i, c in enumerate(columns)]
        instance = model.from_db(queryset.db, columns, values)
        for path, (target, cols) in sorted(related_columns.items(), key=lambda item: len(item[0])):
            h = list(related_columns).index(path)
            parent = _value(instance, list(path[:-1]))
            if parent is None or row.get(f"r{h}_0") is None:  # no such object (a nullable key)
                continue
            target_fields = {f.attname: f for f in target._meta.concrete_fields}
            raw = [_convert(target_fields[c], row[f"r{h}_{i}"]) for i, c in enumerate(cols)]
            setattr(parent, path[-1], target.from_db(queryset.db, cols, raw))
        for i, name in enumerate(annotations):
            setattr(instance, name, _convert(queryset.query.annotations[name].output_field, row[f"a{i}"]))
        results[index].append(instance)
    for index, (_model, _c, _r, _a, queryset) in enumerate(plans):
        results[index] = _ordered(results[index], queryset)
    return results


def _target(model, path: tuple[str, ...]):
    for head in path:
        model = model._meta.get_field(head).related_model
    return model


def _ordered(instances: list, queryset: QuerySet) -> list:
    """In the queryset's order (plain field and annotation names)."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    for term in reversed(ordering):
        if not isinstance(term, str):
            raise ValueError("read_together orders by field names only")
        path = term.lstrip("-").split("__")
        present = [i for i in instances if _value(i, path) is not None]
        missing = [i for i in instances if _value(i, path) is None]
        present.sort(key=lambda i: _value(i, path), reverse=term.startswith("-"))
        instances = present + missing  # NULLs last, as PostgreSQL orders them ascending
    return instances


def _value(instance, path: list[str]):
    for name in path:
        instance = getattr(instance, name, None)
        if instance is None:
            return None
    return instance
