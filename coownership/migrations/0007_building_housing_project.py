# One name for the housing project foreign key across the apps (issue 17):
# ``housing_project``, as households, forums and the public pages name it.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coownership", "0006_lot_dwelling"),
    ]

    operations = [
        migrations.RenameField(model_name="building", old_name="project", new_name="housing_project"),
    ]
