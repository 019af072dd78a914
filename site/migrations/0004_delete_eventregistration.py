# Public events' seats move to the base's one registration mechanism
# (community.Gathering and community.Registration, issue 17): one gathering
# per event, keyed by the translation key its translations share.

from django.db import migrations


def move_registrations(apps, schema_editor):
    EventRegistration = apps.get_model("socle_site", "EventRegistration")
    Gathering = apps.get_model("community", "Gathering")
    Registration = apps.get_model("community", "Registration")
    gatherings = {}
    for old in EventRegistration.objects.order_by("created_at", "pk"):
        gathering = gatherings.get(old.event_key)
        if gathering is None:
            gathering, _ = Gathering.objects.get_or_create(
                key=old.event_key, defaults={"kind": "public_event", "title": old.event_title[:255]}
            )
            gatherings[old.event_key] = gathering
        Registration.objects.create(
            gathering_id=gathering.pk, user_id=old.user_id, status=old.status, created_at=old.created_at
        )


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0005_gathering_registration'),
        ('socle_site', '0003_alter_contentpage_body_alter_newspage_body_and_more'),
    ]

    operations = [
        migrations.RunPython(move_registrations, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='EventRegistration',
        ),
    ]
