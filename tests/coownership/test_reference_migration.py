"""Migration coownership.0004 gives every household that owns or owned a lot
one permanent structured communication per building, valid and unique."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from socle_site.kernel.banking.references import is_valid

BEFORE = [("coownership", "0003_meter_readings")]
AFTER = [("coownership", "0004_bank_accounts")]


@pytest.mark.django_db(transaction=True)
def test_existing_co_owners_get_their_reference(back_to_latest_migrations):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Project = old.get_model("community", "HousingProject")
    Household = old.get_model("community", "Household")
    Building = old.get_model("coownership", "Building")
    Lot = old.get_model("coownership", "Lot")
    Ownership = old.get_model("coownership", "Ownership")
    project = Project.objects.create(name="Projet", slug="projet")
    maple = Building.objects.create(project=project, name="Maple", slug="maple-m")
    oak = Building.objects.create(project=project, name="Oak", slug="oak-m")
    ann, bob = Household.objects.create(name="Ann"), Household.objects.create(name="Bob")
    lots = [Lot.objects.create(building=b, reference=r, shares=1) for b, r in ((maple, "L1"), (maple, "L2"), (oak, "L1"))]
    # Ann owns two lots of maple, then sold one to Bob; Bob also owns in oak.
    Ownership.objects.create(lot=lots[0], household=ann, starts_on=dt.date(2020, 1, 1))
    Ownership.objects.create(lot=lots[1], household=ann, starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2024, 1, 1))
    Ownership.objects.create(lot=lots[1], household=bob, starts_on=dt.date(2024, 1, 1))
    Ownership.objects.create(lot=lots[2], household=bob, starts_on=dt.date(2020, 1, 1))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    PaymentReference = new.get_model("coownership", "PaymentReference")
    rows = sorted(PaymentReference.objects.values_list("building__slug", "household__name", "digits"))
    assert [(b, h) for b, h, _d in rows] == [("maple-m", "Ann"), ("maple-m", "Bob"), ("oak-m", "Bob")]
    assert len({d for _b, _h, d in rows}) == 3 and all(is_valid(d) for _b, _h, d in rows)
