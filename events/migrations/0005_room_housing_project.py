# One name for the housing project foreign key (issue 17): Room.project becomes
# Room.housing_project, as households, forums, homes, buildings and the public
# pages name it.
from importlib import import_module

from django.db import migrations

# SQLite renames the column by rebuilding events_room, which the buffer's
# triggers on events_occurrence name (0004): they are set aside meanwhile.
buffer = import_module("events.migrations.0004_buffer_in_the_database")


def set_triggers_aside(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in buffer.SQLITE_BACKWARDS:
            schema_editor.execute(statement)


def put_triggers_back(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in buffer.SQLITE_FORWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0004_buffer_in_the_database'),
    ]

    operations = [
        migrations.RunPython(set_triggers_aside, put_triggers_back),
        migrations.AlterModelOptions(
            name='room',
            options={'ordering': ['housing_project__name', 'name'], 'verbose_name': 'room', 'verbose_name_plural': 'rooms'},
        ),
        migrations.RenameField(
            model_name='room',
            old_name='project',
            new_name='housing_project',
        ),
        migrations.RunPython(put_triggers_back, set_triggers_aside),
    ]
