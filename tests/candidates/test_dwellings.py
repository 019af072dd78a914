"""One record per home: the register's home and the co-ownership's flat of the
same label in a housing project are one community.Dwelling."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from community.candidates import services as register
from community.models import Dwelling
from coownership import services as coownership
from coownership.errors import CoownershipRefusal
from coownership.models import Building, Lot
from tests.factories import HousingProjectFactory, UserFactory


def _building(project, slug="arc", lots=(("A1", "flat"), ("P1", "parking"))):
    return coownership.create_building(
        acting_user=None, housing_project=project, name=slug.title(), slug=slug, total_shares=100,
        lots=[{"reference": ref, "kind": kind, "shares": 100 // len(lots)} for ref, kind in lots],
    )


def _home(setup, project, label="A1"):
    return register.create_home(
        acting_user=setup.officer, operator=setup.operator, housing_project=project, label=label, bedrooms=2,
        floor_area=Decimal(75), is_accessible=False, price=Decimal(150000), cost_price=Decimal(250000),
        land_value=Decimal(60000),
    )


def test_the_home_and_the_flat_of_the_same_label_are_one_dwelling(register_setup):
    project = HousingProjectFactory()
    building = _building(project)
    home = _home(register_setup, project)
    flat = building.lots.get(reference="A1")
    assert home.dwelling == flat.dwelling and home.dwelling.housing_project == project
    assert building.lots.get(reference="P1").dwelling is None  # a parking space is no home
    assert Dwelling.objects.count() == 1


def test_a_sale_and_a_resale_recorded_once_move_the_home_and_its_lot_together(register_setup):
    """One service records the sale (the register's deed → community's record_owner), and the
    co-ownership's lot follows in the same transaction: no second entry by the syndic."""
    from datetime import date

    from community.candidates import policy
    from community.candidates.services.deeds import record_imported_deed
    from community.models import Household
    from coownership.models import Ownership

    project = HousingProjectFactory()
    building = _building(project)
    home = _home(register_setup, project)
    first, second = Household.objects.create(name="Famille El Amrani"), Household.objects.create(name="Ménage Diallo")
    staff = UserFactory(is_superuser=True)  # deeds of before Socle are imported by staff
    for household, bought_on in ((first, date(2021, 3, 15)), (second, date(2026, 6, 1))):
        record_imported_deed(acting_user=staff, home=home, household=household, bought_on=bought_on,
                             terms=policy.DeedTerms(formula="fixed_rate", price_paid=Decimal(150000), bought_on=bought_on,
                                                    rate_percent=Decimal(2)))
    lot = building.lots.get(reference="A1")
    assert list(Ownership.objects.filter(lot=lot).order_by("starts_on").values_list("household__name", "starts_on", "ends_on")) == [
        ("Famille El Amrani", date(2021, 3, 15), date(2026, 6, 1)), ("Ménage Diallo", date(2026, 6, 1), None)]
    home.dwelling.refresh_from_db()
    assert (home.dwelling.owner_household, home.dwelling.owned_since) == (second, date(2026, 6, 1))
    # The same deed corrected (same day): nothing moves twice.
    record_imported_deed(acting_user=staff, home=home, household=second, bought_on=date(2026, 6, 1),
                         terms=policy.DeedTerms(formula="fixed_rate", price_paid=Decimal(151000), bought_on=date(2026, 6, 1),
                                                rate_percent=Decimal(2)))
    assert Ownership.objects.filter(lot=lot).count() == 2


def test_both_pages_name_the_link_in_three_languages(register_setup, client_of):
    project = HousingProjectFactory(name="Arc-en-Ciel")
    building = _building(project)
    home = _home(register_setup, project)
    staff = client_of(register_setup.officer)
    expected = {
        "en": "co-ownership lot A1 of Arc",
        "fr": "lot A1 de la copropriété Arc",
        "nl": "kavel A1 van de mede-eigendom Arc",
    }
    for language, text in expected.items():
        with translation.override(language):
            url = reverse("candidates:home_ranking", args=[home.pk])
        page = staff.get(url).content.decode()
        assert text in page, language
    syndic = register_setup.officer
    syndic.is_superuser = True
    syndic.save()
    page = client_of(syndic).get(f"/en/buildings/{building.slug}/").content.decode()
    assert "Arc-en-Ciel – A1" in page


def test_a_second_building_with_the_same_flat_is_refused_and_nothing_is_created(db):
    project = HousingProjectFactory()
    _building(project)
    with translation.override("en"), pytest.raises(CoownershipRefusal, match="already has the flat A1"):
        _building(project, slug="other")
    assert Building.objects.count() == 1 and Lot.objects.count() == 2 and Dwelling.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_migrations_link_existing_homes_and_lots_by_label(back_to_latest_migrations):
    before = [("candidates", "0007_access_log_moves_to_the_shared_log"), ("coownership", "0005_bank_credits"),
              ("community", "0003_notification_attachments")]
    after = [("candidates", "0008_home_dwelling"), ("coownership", "0006_lot_dwelling")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    project = old.get_model("community", "HousingProject").objects.create(name="Projet", slug="projet-d")
    operator = old.get_model("candidates", "Operator").objects.create(name="CLT")
    Home = old.get_model("candidates", "Home")
    for label in ("A1", "B2"):
        Home.objects.create(project=project, operator=operator, label=label, bedrooms=2, floor_area=70, price=1,
                            cost_price=2, land_value=1)
    building = old.get_model("coownership", "Building").objects.create(project=project, name="Maple", slug="maple-d")
    Lot = old.get_model("coownership", "Lot")
    for reference, kind in (("A1", "flat"), ("C3", "flat"), ("P1", "parking")):
        Lot.objects.create(building=building, reference=reference, kind=kind, shares=1)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    homes = {h.label: h.dwelling_id for h in new.get_model("candidates", "Home").objects.all()}
    lots = {lot.reference: lot.dwelling_id for lot in new.get_model("coownership", "Lot").objects.all()}
    assert homes["A1"] == lots["A1"]  # matched by label in the same project
    assert homes["B2"] and lots["C3"] and len({homes["B2"], lots["C3"], homes["A1"]}) == 3
    assert lots["P1"] is None
