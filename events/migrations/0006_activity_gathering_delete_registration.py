# Activities' places move to the base's one registration mechanism
# (community.Gathering and community.Registration, issue 17): each activity
# gets a gathering and its registrations move there, "registered" becoming
# "confirmed". A booking split in two had copied its places into the
# continuation's activity; both now share the first activity's gathering.

import django.db.models.deletion
from django.db import migrations, models


def move_registrations(apps, schema_editor):
    Activity = apps.get_model("events", "Activity")
    OldRegistration = apps.get_model("events", "Registration")
    Gathering = apps.get_model("community", "Gathering")
    Registration = apps.get_model("community", "Registration")
    by_booking = {}
    for activity in Activity.objects.select_related("booking").order_by("pk"):
        # A continuation (booking.split_from) holds the places of the activity it continues.
        source = by_booking.get(activity.booking.split_from_id)
        if source is not None:
            activity.gathering_id = source.gathering_id
            activity.save(update_fields=["gathering"])
            by_booking[activity.booking_id] = source
            continue
        gathering = Gathering.objects.create(kind="activity", title=activity.title[:255])
        activity.gathering_id = gathering.pk
        activity.save(update_fields=["gathering"])
        by_booking[activity.booking_id] = activity
        Registration.objects.bulk_create(
            [
                Registration(
                    gathering_id=gathering.pk, user_id=old.user_id,
                    status="confirmed" if old.status == "registered" else old.status, created_at=old.created_at,
                )
                for old in OldRegistration.objects.filter(activity=activity).order_by("created_at", "pk")
            ]
        )


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0005_gathering_registration'),
        ('events', '0005_room_housing_project'),
    ]

    operations = [
        migrations.AddField(
            model_name='activity',
            name='gathering',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='activities', to='community.gathering', verbose_name='places'),
        ),
        migrations.RunPython(move_registrations, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='Registration',
        ),
    ]
