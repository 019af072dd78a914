# One name for the housing project foreign key across the apps (issue 17):
# ``housing_project``, as households, forums and the public pages name it.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0008_home_dwelling"),
        ("community", "0004_dwelling"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="home", name="one_home_label_per_project"),
        migrations.RenameField(model_name="home", old_name="project", new_name="housing_project"),
        migrations.AlterField(
            model_name="home",
            name="housing_project",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="homes_to_allocate",
                to="community.housingproject", verbose_name="housing project",
            ),
        ),
        migrations.AlterModelOptions(
            name="home",
            options={
                "ordering": ["housing_project__name", "label"], "verbose_name": "home to allocate",
                "verbose_name_plural": "homes to allocate",
            },
        ),
        migrations.AddConstraint(
            model_name="home",
            constraint=models.UniqueConstraint(fields=("housing_project", "label"), name="one_home_label_per_project"),
        ),
    ]
