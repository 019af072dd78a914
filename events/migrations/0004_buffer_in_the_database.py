"""The buffer between two bookings is part of the database's guarantee, not
only of the booking service's check (issue 17, STYLE 19).

Two active occurrences of one room may not come closer than the room's
``buffer_minutes``: [starts_at, ends_at + buffer) of one may not meet the
same span of the other, which is exactly what ``policy.overlapping`` decides.

PostgreSQL: an exclusion constraint cannot read the room's row, so each
occurrence carries ``held_until`` (its end plus the room's buffer), a column
written by the database itself (a trigger reads the room's buffer on every
insert and on every change of time, room or status), and the exclusion
constraint of migration 0002 now spans [starts_at, held_until). When a
room's buffer is lowered its occurrences' ``held_until`` follow at once
(never raised: a raised buffer applies to new requests, as windows do).
Bookings made before this migration under a smaller buffer keep their place:
their ``held_until`` stops at the next booking's start.

SQLite: no exclusion constraints; a trigger refuses the insert or change
that would bring two active occurrences of a room closer than its buffer.
"""

from django.db import migrations

ACTIVE = "('pending', 'confirmed')"

POSTGRES_FORWARDS = f"""
ALTER TABLE events_occurrence ADD COLUMN held_until timestamp with time zone;

UPDATE events_occurrence o SET held_until = o.ends_at + make_interval(mins => r.buffer_minutes)
    FROM events_room r WHERE r.id = o.room_id;
UPDATE events_occurrence o
    SET held_until = GREATEST(o.ends_at, LEAST(o.held_until, n.next_start))
    FROM (
        SELECT id, lead(starts_at) OVER (PARTITION BY room_id ORDER BY starts_at, id) AS next_start
        FROM events_occurrence WHERE status IN {ACTIVE}
    ) n
    WHERE n.id = o.id AND n.next_start IS NOT NULL;
ALTER TABLE events_occurrence ALTER COLUMN held_until SET NOT NULL;

CREATE FUNCTION events_occurrence_held_until() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.starts_at IS DISTINCT FROM OLD.starts_at OR NEW.ends_at IS DISTINCT FROM OLD.ends_at
       OR NEW.room_id IS DISTINCT FROM OLD.room_id OR NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.held_until := NEW.ends_at + make_interval(mins => (SELECT buffer_minutes FROM events_room WHERE id = NEW.room_id));
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER events_occurrence_held_until BEFORE INSERT OR UPDATE ON events_occurrence
    FOR EACH ROW EXECUTE FUNCTION events_occurrence_held_until();

CREATE FUNCTION events_room_buffer_lowered() RETURNS trigger AS $$
BEGIN
    UPDATE events_occurrence SET held_until = LEAST(held_until, ends_at + make_interval(mins => NEW.buffer_minutes))
        WHERE room_id = NEW.id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER events_room_buffer_lowered AFTER UPDATE OF buffer_minutes ON events_room
    FOR EACH ROW WHEN (NEW.buffer_minutes < OLD.buffer_minutes) EXECUTE FUNCTION events_room_buffer_lowered();

ALTER TABLE events_occurrence DROP CONSTRAINT occurrence_no_overlap;
ALTER TABLE events_occurrence ADD CONSTRAINT occurrence_no_overlap
    EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, held_until, '[)') WITH &&)
    WHERE (status IN {ACTIVE});
"""

POSTGRES_BACKWARDS = f"""
ALTER TABLE events_occurrence DROP CONSTRAINT occurrence_no_overlap;
DROP TRIGGER events_room_buffer_lowered ON events_room;
DROP FUNCTION events_room_buffer_lowered();
DROP TRIGGER events_occurrence_held_until ON events_occurrence;
DROP FUNCTION events_occurrence_held_until();
ALTER TABLE events_occurrence DROP COLUMN held_until;
ALTER TABLE events_occurrence ADD CONSTRAINT occurrence_no_overlap
    EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
    WHERE (status IN {ACTIVE});
"""

# Django keeps datetimes in SQLite as UTC text ("2026-03-03 11:00:00"), which
# compares in time order and which datetime() shifts by the buffer.
_SQLITE_CLASH = f"""
    SELECT RAISE(ABORT, 'occurrence_no_overlap: closer than the room''s buffer to another booking')
    WHERE EXISTS (
        SELECT 1 FROM events_occurrence o JOIN events_room r ON r.id = NEW.room_id
        WHERE o.room_id = NEW.room_id AND o.id IS NOT NEW.id AND o.status IN {ACTIVE}
          AND o.starts_at < datetime(NEW.ends_at, '+' || r.buffer_minutes || ' minutes')
          AND NEW.starts_at < datetime(o.ends_at, '+' || r.buffer_minutes || ' minutes')
    );
"""
SQLITE_FORWARDS = [
    f"""CREATE TRIGGER events_occurrence_no_overlap_insert BEFORE INSERT ON events_occurrence
    WHEN NEW.status IN {ACTIVE}
    BEGIN {_SQLITE_CLASH} END;""",
    # Approving a pending date changes nothing of its place: checked only when
    # a date moves, changes room or becomes active again.
    f"""CREATE TRIGGER events_occurrence_no_overlap_update BEFORE UPDATE ON events_occurrence
    WHEN NEW.status IN {ACTIVE} AND (NEW.starts_at != OLD.starts_at OR NEW.ends_at != OLD.ends_at
        OR NEW.room_id != OLD.room_id OR OLD.status NOT IN {ACTIVE})
    BEGIN {_SQLITE_CLASH} END;""",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS events_occurrence_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS events_occurrence_no_overlap_update;",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARDS)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARDS)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("events", "0003_booking_split_from")]
    operations = [migrations.RunPython(forwards, backwards)]
