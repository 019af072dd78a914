from datetime import date

import pytest

from coownership import services
from coownership.models import BuildingRole, DistributionKey
from tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    HousingProjectFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def make_building(slug: str, shares=(250, 250, 300, 200), project=None, total=None):
    project = project or HousingProjectFactory()
    return services.create_building(
        acting_user=None, housing_project=project, name=slug.title(), slug=slug, total_shares=total or sum(shares),
        lots=[{"reference": f"L{n}", "shares": s} for n, s in enumerate(shares, start=1)],
    )


def person(email: str, household=None):
    user = UserFactory(language="en", email=email)
    if household is not None:
        HouseholdMemberFactory(user=user, household=household)
    return user


def fresh(user):
    """The same person without the permissions cached on the object."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def setup(db, time_machine):
    """1 May 2026. Building "maple" (four lots, 1000 shares) with two co-owner
    households (Ann owns L1 and L2, Bob owns L3 and L4), a tenant living in
    the project, a committee member, a syndic; and building "oak" in another
    project with its own co-owner Olga, who must never see maple's data."""
    time_machine.move_to("2026-05-01 10:00:00+02:00", tick=False)
    building = make_building("maple")
    lots = {lot.reference: lot for lot in building.lots.all()}
    ann_home = HouseholdFactory(name="Ann's household", housing_project=building.housing_project)
    bob_home = HouseholdFactory(name="Bob's household", housing_project=building.housing_project)
    ann, bob = person("ann@example.org", ann_home), person("bob@example.org", bob_home)
    tenant = person("tenant@example.org", HouseholdFactory(name="Tenants", housing_project=building.housing_project))
    committee, syndic = person("committee@example.org"), person("syndic@example.org")
    for ref, home in (("L1", ann_home), ("L2", ann_home), ("L3", bob_home), ("L4", bob_home)):
        services.transfer_lot(acting_user=None, lot=lots[ref], household=home, on_date=date(2024, 1, 1))
    services.assign_building_role(acting_user=None, building=building, user=committee, kind=BuildingRole.Kind.COMMITTEE)
    services.assign_building_role(acting_user=None, building=building, user=syndic, kind=BuildingRole.Kind.SYNDIC)
    oak = make_building("oak", shares=(600, 400))
    olga_home = HouseholdFactory(name="Olga's household", housing_project=oak.housing_project)
    olga = person("olga@example.org", olga_home)
    for lot in oak.lots.all():
        services.transfer_lot(acting_user=None, lot=lot, household=olga_home, on_date=date(2024, 1, 1))
    services.assign_building_role(acting_user=None, building=oak, user=olga, kind=BuildingRole.Kind.SYNDIC)
    general = building.keys.get(kind=DistributionKey.Kind.GENERAL)
    return type("Setup", (), dict(
        building=building, lots=lots, ann=ann, bob=bob, ann_home=ann_home, bob_home=bob_home, tenant=tenant,
        committee=committee, syndic=syndic, oak=oak, olga=olga, olga_home=olga_home, general=general,
        stranger=person("stranger@example.org"),
    ))


@pytest.fixture
def billed(setup):
    """Maple's account entered, the 2026 budget and its second quarter called
    (due 15 April: Ann owes 550.00 for L1 and L2, Bob 550.01 for L3 and L4)."""
    services.set_bank_account(acting_user=fresh(setup.syndic), building=setup.building, iban="be71 0961 2345 6769",
                              account_name="ACP Maple")
    # Art. 3.89 §5: the reserve fund on its own account.
    services.set_bank_account(acting_user=fresh(setup.syndic), building=setup.building, iban="BE60 0961 2345 6870",
                              account_name="ACP Maple", fund="reserve")
    services.set_budget_line(acting_user=None, building=setup.building, year=2026, key=setup.general, amount="4000.00")
    services.set_budget_line(acting_user=None, building=setup.building, year=2026, key=setup.general, amount="400.02",
                             is_reserve=True)
    services.issue_call_for_funds(acting_user=None, building=setup.building, year=2026, quarter=2)
    setup.building.refresh_from_db()
    return setup
