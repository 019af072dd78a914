"""The register's own access log moves into the project's one log
(privacy.AccessLog): each past reading becomes one row per member of the
candidacy's household with an account (one row about nobody when none has
one), at the same instant, with the candidacy as its object. Then the old
table goes."""

from django.db import migrations


def move_readings(apps, schema_editor):
    OldLog = apps.get_model("candidates", "AccessLog")
    SharedLog = apps.get_model("privacy", "AccessLog")
    HouseholdMember = apps.get_model("community", "HouseholdMember")
    ContentType = apps.get_model("contenttypes", "ContentType")
    application_type, _ = ContentType.objects.get_or_create(app_label="candidates", model="application")
    members: dict[int, list[int]] = {}
    rows = []
    for old in OldLog.objects.select_related("application").order_by("at", "id").iterator():
        household = old.application.household_id
        if household not in members:
            members[household] = sorted(
                set(HouseholdMember.objects.filter(household_id=household, user__isnull=False).values_list("user_id", flat=True))
            )
        for subject in members[household] or [None]:
            rows.append(
                SharedLog(
                    viewer_id=old.user_id,
                    subject_id=subject,
                    what=old.what[:120],
                    target_type=application_type,
                    target_id=str(old.application_id),
                    target_repr=f"#{old.application_id}",
                    at=old.at,
                )
            )
        if len(rows) >= 1000:
            SharedLog.objects.bulk_create(rows)
            rows = []
    SharedLog.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ("candidates", "0006_home_is_resale"),
        ("privacy", "0001_initial"),
        ("community", "__first__"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Not reversible: the old rows' one-per-candidacy shape cannot be told
        # apart from the shared log's own rows.
        migrations.RunPython(move_readings, migrations.RunPython.noop),
        migrations.DeleteModel(name="AccessLog"),
    ]
