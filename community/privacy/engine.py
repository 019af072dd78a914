"""What the record of processing makes possible: a person's export, their
erasure, the holds that delay it, and retention. No view or request here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .registry import Declaration, Hold, declarations
from .retention_rules import run_clock

BATCH_SIZE = 500


def _exported_fields(declaration: Declaration) -> list[models.Field]:
    return [
        f
        for f in declaration.model._meta.concrete_fields
        if f.name not in declaration.not_exported and not isinstance(f, models.BinaryField)
    ]


def _value(row: models.Model, f: models.Field):
    if f.is_relation:
        related = getattr(row, f.name, None)
        return None if related is None else str(related)
    value = f.value_from_object(row)
    if f.choices and value not in (None, ""):
        return str(dict(f.flatchoices).get(value, value))
    return value


def collect(user) -> list[dict]:
    """Every row about the person, app by app: one section per declared
    model, with each exported field by name and by label."""
    sections = []
    for declaration in declarations():
        if not declaration.subject:
            continue
        fields = _exported_fields(declaration)
        # One query per model: the linked objects are named in the export.
        linked = [f.name for f in fields if f.is_relation and (f.many_to_one or f.one_to_one)]
        rows = list(declaration.rows_of(user).select_related(*linked).order_by("pk"))
        if not rows:
            continue
        sections.append(
            {
                "model": declaration.label,
                "name": declaration.name,
                "purpose": str(declaration.purpose),
                "fields": [{"name": f.name, "label": str(f.verbose_name)} for f in fields],
                "rows": [{f.name: _value(row, f) for f in fields} for row in rows],
            }
        )
    return sections


def export_json(user, sections: list[dict]) -> str:
    payload = {
        "generated_at": timezone.now(),
        "member": user.pk,
        "data": {s["model"]: s["rows"] for s in sections},
    }
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def export_html(user, sections: list[dict]) -> str:
    # The table bodies are built here, escaped: a template loop over tens of
    # thousands of cells is the slow part of an export.
    for section in sections:
        section["body"] = mark_safe(
            "".join(
                "<tr>" + "".join(f"<td>{escape('' if row[f['name']] is None else row[f['name']])}</td>" for f in section["fields"]) + "</tr>"
                for row in section["rows"]
            )
        )
    return render_to_string("privacy/export.html", {"member": user, "sections": sections, "generated_at": timezone.now()})


def holds_for(user, today: date | None = None) -> list[Hold]:
    today = today or timezone.localdate()
    found: list[Hold] = []
    for declaration in declarations():
        if declaration.hold is None:
            continue
        hold = declaration.hold(user, today)
        if hold is not None and hold not in found:
            found.append(hold)
    return found


def erase(user) -> dict[str, int]:
    """Delete or anonymise every row about the person, model by model, the
    account itself last (anonymised: votes and minutes keep their author as
    "former member"). Runs inside the caller's transaction."""
    done: dict[str, int] = {}
    user_label = user._meta.label
    ordered = sorted((d for d in declarations() if d.subject), key=lambda d: d.label == user_label)
    for declaration in ordered:
        rows = declaration.model._default_manager.filter(pk__in=list(declaration.rows_of(user).values_list("pk", flat=True)))
        if declaration.on_erasure == "delete":
            count = rows.delete()[0] if rows.exists() else 0
        else:
            # Called even with no rows: some anonymisers reach further (the
            # audit events whose object is the person).
            count = declaration.on_erasure(rows, user) or 0
        if count:
            done[declaration.label] = count
    return done


@dataclass
class RetentionLine:
    label: str
    name: str
    rule: str
    count: int
    action: str


def run_retention(*, now: datetime | None = None, dry_run: bool = False, batch_size: int = BATCH_SIZE) -> list[RetentionLine]:
    """Delete or anonymise what has passed its retention, in batches; a row
    done no longer matches, so a second run finds nothing."""
    now = now or timezone.now()
    with run_clock(now):
        return _run_retention(now, dry_run, batch_size)


def _run_retention(now: datetime, dry_run: bool, batch_size: int) -> list[RetentionLine]:
    from django.db import transaction

    lines = []
    for declaration in declarations():
        retention = declaration.retention
        if retention.expired is None:
            continue
        action = "anonymise" if retention.anonymise else "delete"
        if dry_run:
            count = retention.expired(now).count()
        else:
            count = 0
            seen: set = set()
            while True:
                ids = list(retention.expired(now).values_list("pk", flat=True)[:batch_size])
                if not ids:
                    break
                if seen.issuperset(ids):
                    # An anonymiser that leaves rows matching would loop for ever.
                    raise RuntimeError(f"{declaration.label}: rows still expired after anonymising")
                seen.update(ids)
                with transaction.atomic():
                    batch = declaration.model._default_manager.filter(pk__in=ids)
                    if retention.anonymise:
                        retention.anonymise(batch)
                    elif retention.delete:
                        retention.delete(batch)
                    else:
                        batch.delete()
                count += len(ids)
        lines.append(RetentionLine(declaration.label, declaration.name, str(retention.rule), count, action))
    return lines
