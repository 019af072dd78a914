"""The data step of a migration that makes a model's text translatable: rows
written before keep their text as the French original (the project's default
language, the one every text was typed in until then)."""

from django.db import migrations
from django.db.models import F


def keep_as_original(app_label: str, fields_by_model: dict[str, tuple[str, ...]], language: str = "fr"):
    def forwards(apps, schema_editor):
        for model_name, fields in fields_by_model.items():
            rows = apps.get_model(app_label, model_name)._base_manager.all()
            if hasattr(rows, "rewrite"):
                rows = rows.rewrite(False)  # the real model (tests): name the columns as written
            rows.update(original_language=language)
            for field in fields:
                # Copy only where the language's column is still empty (a re-run changes nothing).
                column = f"{field}_{language}"
                rows.filter(**{f"{column}__isnull": True}).update(**{column: F(field)})

    return migrations.RunPython(forwards, migrations.RunPython.noop)



class AddOriginalLanguage(migrations.AddField):
    """Add ``original_language`` without rebuilding the table on SQLite: Django
    copies a table to add a NOT NULL column there, which breaks the triggers
    that name the table (the rooms' buffer, the final ballots). SQLite accepts a
    NOT NULL column with a constant default in ALTER TABLE (the existing rows
    were written in French); other databases take Django's own step."""

    def __init__(self, model_name: str, name: str = "original_language", field=None, preserve_default: bool = True):
        if field is None:
            from django.conf import settings
            from django.db import models

            from .fields import active_content_language

            field = models.CharField(
                "original language", max_length=5, choices=settings.LANGUAGES, default=active_content_language,
                editable=False,
            )
        super().__init__(model_name=model_name, name=name, field=field, preserve_default=preserve_default)

    def deconstruct(self):
        return self.__class__.__name__, [], {"model_name": self.model_name}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "sqlite":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = to_state.apps.get_model(app_label, self.model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        column = schema_editor.quote_name(self.name)
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN {column} varchar(5) NOT NULL DEFAULT 'fr'")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "sqlite":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        model = from_state.apps.get_model(app_label, self.model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {schema_editor.quote_name(self.name)}")
