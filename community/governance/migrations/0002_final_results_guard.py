"""Results are final once a question is closed, in the database too: a
trigger refuses to rewrite a closed question's result (or reopen it) and
to add or change ballots of a closed question. Deleting stays possible
(a question removed as a whole, e.g. under a data-erasure request)."""

from django.db import migrations

POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION governance_question_final() RETURNS trigger AS $$
    BEGIN
      IF OLD.status IN ('closed', 'published')
         AND (NEW.result IS DISTINCT FROM OLD.result OR NEW.status NOT IN ('closed', 'published')) THEN
        RAISE EXCEPTION 'A closed question''s result is final' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER governance_question_final BEFORE UPDATE ON governance_question
    FOR EACH ROW EXECUTE FUNCTION governance_question_final();
    """,
    """
    CREATE OR REPLACE FUNCTION governance_ballot_final() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM governance_question WHERE id = NEW.question_id AND status IN ('closed', 'published')) THEN
        RAISE EXCEPTION 'The ballots of a closed question are final' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER governance_ballot_final BEFORE INSERT OR UPDATE ON governance_ballot
    FOR EACH ROW EXECUTE FUNCTION governance_ballot_final();
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS governance_ballot_final ON governance_ballot;",
    "DROP FUNCTION IF EXISTS governance_ballot_final();",
    "DROP TRIGGER IF EXISTS governance_question_final ON governance_question;",
    "DROP FUNCTION IF EXISTS governance_question_final();",
]
SQLITE = [
    """
    CREATE TRIGGER governance_question_final BEFORE UPDATE ON governance_question
    WHEN OLD.status IN ('closed', 'published')
         AND (NEW.result IS NOT OLD.result OR NEW.status NOT IN ('closed', 'published'))
    BEGIN SELECT RAISE(ABORT, 'A closed question''s result is final'); END;
    """,
    """
    CREATE TRIGGER governance_ballot_final_insert BEFORE INSERT ON governance_ballot
    WHEN (SELECT status FROM governance_question WHERE id = NEW.question_id) IN ('closed', 'published')
    BEGIN SELECT RAISE(ABORT, 'The ballots of a closed question are final'); END;
    """,
    """
    CREATE TRIGGER governance_ballot_final_update BEFORE UPDATE ON governance_ballot
    WHEN (SELECT status FROM governance_question WHERE id = NEW.question_id) IN ('closed', 'published')
    BEGIN SELECT RAISE(ABORT, 'The ballots of a closed question are final'); END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS governance_question_final;",
    "DROP TRIGGER IF EXISTS governance_ballot_final_insert;",
    "DROP TRIGGER IF EXISTS governance_ballot_final_update;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
