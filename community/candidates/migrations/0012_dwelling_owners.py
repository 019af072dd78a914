"""Each home's current deed names its dwelling's owner household (issue 25):
community.Dwelling.owner_household, which record_owner keeps from now on."""

from django.db import migrations


def fill_owners(apps, schema_editor):
    Deed = apps.get_model("candidates", "Deed")
    Dwelling = apps.get_model("community", "Dwelling")
    for dwelling_id, household_id, bought_on in Deed.objects.filter(ended_on__isnull=True).values_list(
            "home__dwelling_id", "household_id", "bought_on"):
        Dwelling.objects.filter(pk=dwelling_id).update(owner_household_id=household_id, owned_since=bought_on)


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0011_deed_land_lease"),
        ("community", "0015_dwelling_owner"),
    ]

    operations = [migrations.RunPython(fill_owners, migrations.RunPython.noop)]
