"""The ballot table holds named ballots only: each names its member. The
guard of migration 0002 (nothing added to or changed in a closed question's
count) covers a secret question's envelopes, totals and receipts too; on
SQLite the ballot table was rebuilt, so its triggers are made again."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


GUARDED = ["governance_ballot", "governance_secretenvelope", "governance_secrettotal", "governance_receipt"]


def _postgres(table):
    return [
        f"DROP TRIGGER IF EXISTS {table}_final ON {table};",
        f"""CREATE TRIGGER {table}_final BEFORE INSERT OR UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION governance_ballot_final();""",
    ]


def _sqlite(table):
    statements = []
    for event in ("insert", "update"):
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_final_{event};",
            f"""CREATE TRIGGER {table}_final_{event} BEFORE {event.upper()} ON {table}
                WHEN (SELECT status FROM governance_question WHERE id = NEW.question_id) IN ('closed', 'published')
                BEGIN SELECT RAISE(ABORT, 'The ballots of a closed question are final'); END;""",
        ]
    return statements


def guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in GUARDED:
        for sql in {"postgresql": _postgres, "sqlite": _sqlite}.get(vendor, lambda t: [])(table):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0006_secret_ballots_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="ballot", name="one_open_ballot_per_member"),
        migrations.RemoveField(model_name="ballot", name="receipt_hash"),
        migrations.AlterField(
            model_name="ballot",
            name="member",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="member"
            ),
        ),
        migrations.AddConstraint(
            model_name="ballot",
            constraint=models.UniqueConstraint(fields=("question", "member"), name="one_named_ballot_per_member"),
        ),
        migrations.RunPython(guard, migrations.RunPython.noop),
    ]
