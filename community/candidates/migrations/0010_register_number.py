# The register gets an explicit register number (issue 23): it keeps a trust's
# own numbers when its register is imported, and is what ranking orders by.
# Existing candidacies keep their place: their number is their id, the order
# the register followed until now.

from django.db import migrations, models


def number_existing(apps, schema_editor):
    Application = apps.get_model("candidates", "Application")
    Application.objects.update(register_number=models.F("id"))


class Migration(migrations.Migration):
    dependencies = [("candidates", "0009_home_housing_project")]

    operations = [
        migrations.AddField(
            model_name="application",
            name="register_number",
            field=models.PositiveIntegerField(editable=False, null=True, verbose_name="register number"),
        ),
        migrations.RunPython(number_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="application",
            name="register_number",
            field=models.PositiveIntegerField(editable=False, unique=True, verbose_name="register number"),
        ),
        migrations.RemoveIndex(model_name="application", name="candidacy_register_idx"),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["status", "category", "register_number"], name="candidacy_register_idx"),
        ),
        migrations.AlterModelOptions(
            name="application",
            options={"ordering": ["register_number"], "verbose_name": "candidacy", "verbose_name_plural": "candidacies"},
        ),
        migrations.CreateModel(
            name="RegisterCounter",
            fields=[("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False))],
            options={"verbose_name": "register counter"},
        ),
    ]
