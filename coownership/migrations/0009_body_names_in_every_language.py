"""Each building's co-owners' meeting was named in French only, with a wrong
elision ("Copropriétaires de Arc-en-Ciel"): it is named again in every
language from the template ``coownership.meetings.body_name``."""

from django.db import migrations


def rename(apps, schema_editor):
    from coownership.meetings import body_name
    from community.content_translation.fields import in_every_language

    Building = apps.get_model("coownership", "Building")
    Body = apps.get_model("governance", "Body")
    for building in Building.objects.exclude(body=None).only("name", "body_id"):
        names = in_every_language("name", lambda: body_name(building.name))  # noqa: B023
        Body.objects.filter(pk=building.body_id).update(name=names["name_fr"], **names)


class Migration(migrations.Migration):
    dependencies = [
        ("coownership", "0008_email_consents_registered_letters"),
        ("governance", "0010_translatable_text"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
