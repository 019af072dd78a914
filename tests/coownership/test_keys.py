"""Distribution keys and meter readings: the committee's and syndic's pages,
the service's refusals (nothing saved), and query counts that do not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import AuditEvent
from coownership import services
from coownership.errors import CoownershipRefusal
from coownership.models import BuildingRole, DistributionKey, KeyWeight, MeterReading
from tests.refusals import assert_not_found, assert_refused

from .conftest import fresh, make_building, person


@pytest.fixture
def water(setup):
    lots = setup.lots
    setup.water = services.create_key(
        acting_user=None, building=setup.building, name="Cold water", kind=DistributionKey.Kind.METER,
        weights={lots["L1"].pk: 40, lots["L2"].pk: 60, lots["L3"].pk: 50},
    )
    return setup


def weights_of(key):
    return dict(KeyWeight.objects.filter(key=key).values_list("lot__reference", "weight"))


def test_readings_of_the_latest_year_become_the_key_s_weights(water):
    lots = water.lots
    services.record_meter_readings(
        acting_user=fresh(water.syndic), building=water.building, key=water.water, year=2025,
        readings={lots["L1"].pk: "45", lots["L2"].pk: 70, lots["L3"].pk: ""},
    )
    # L3 left blank keeps its weight.
    assert weights_of(water.water) == {"L1": 45, "L2": 70, "L3": 50}
    # An earlier year is recorded but does not change the weights of today.
    services.record_meter_readings(
        acting_user=fresh(water.committee), building=water.building, key=water.water, year=2024,
        readings={lots["L1"].pk: 10, lots["L2"].pk: 10, lots["L3"].pk: 10},
    )
    assert weights_of(water.water) == {"L1": 45, "L2": 70, "L3": 50}
    assert MeterReading.objects.filter(key=water.water).count() == 5
    assert AuditEvent.objects.filter(action="coownership.record_meter_readings").count() == 2


@pytest.mark.parametrize("readings, message", [
    ({"L1": "-3"}, "whole number"),
    ({"L1": "12.5"}, "whole number"),
    ({"L1": "abc"}, "whole number"),
    ({"L4": "10"}, "does not share this key"),
    ({"L1": "", "L2": ""}, "at least one reading"),
    ({"L1": "0", "L2": "0", "L3": "0"}, "cannot all be zero"),
])
def test_bad_readings_are_refused_and_nothing_is_saved(water, readings, message):
    before = weights_of(water.water)
    with pytest.raises(CoownershipRefusal, match=message):
        services.record_meter_readings(
            acting_user=fresh(water.syndic), building=water.building, key=water.water, year=2025,
            readings={water.lots[ref].pk: value for ref, value in readings.items()},
        )
    assert not MeterReading.objects.exists() and weights_of(water.water) == before


def test_other_keys_years_and_people_are_refused(water):
    with pytest.raises(CoownershipRefusal, match="between 2000 and 2100"):
        services.record_meter_readings(acting_user=fresh(water.syndic), building=water.building, key=water.water,
                                       year=1999, readings={water.lots["L1"].pk: 3})
    with pytest.raises(CoownershipRefusal, match="Only a key shared by meter readings"):
        services.record_meter_readings(acting_user=fresh(water.syndic), building=water.building, key=water.general,
                                       year=2025, readings={water.lots["L1"].pk: 3})
    oak_key = water.oak.keys.get(kind=DistributionKey.Kind.GENERAL)
    with pytest.raises(CoownershipRefusal, match="key of this building"):
        services.record_meter_readings(acting_user=fresh(water.syndic), building=water.building, key=oak_key,
                                       year=2025, readings={water.lots["L1"].pk: 3})
    from django.core.exceptions import PermissionDenied

    for outsider in (water.ann, water.tenant, water.olga):
        with pytest.raises(PermissionDenied):
            services.record_meter_readings(acting_user=fresh(outsider), building=water.building, key=water.water,
                                           year=2025, readings={water.lots["L1"].pk: 3})
    assert not MeterReading.objects.exists()


def test_keys_page_for_the_committee_and_syndic_only(water, client_of):
    url = reverse("coownership:keys", args=["maple"])
    for manager in (water.committee, water.syndic):
        page = client_of(manager).get(url).content.decode()
        assert "Cold water" in page and "General, by shares" in page and "Enter meter readings" in page
        assert "26.67&nbsp;%" in page  # L1: 40 of 150
    # A co-owner, a tenant, the other building's syndic and a stranger: refused.
    for outsider in (water.ann, water.tenant, water.olga, water.stranger):
        assert_refused(client_of(outsider).get(url), "Only the building's syndic and committee manage it.")
    building_page = client_of(water.syndic).get(reverse("coownership:building", args=["maple"])).content.decode()
    assert url in building_page
    assert url not in client_of(water.ann).get(reverse("coownership:building", args=["maple"])).content.decode()


def test_meter_readings_page_saves_or_explains_and_saves_nothing(water, client_of):
    url = reverse("coownership:meter_readings", args=["maple", water.water.pk])
    syndic = client_of(water.syndic)
    lots = water.lots
    page = syndic.get(url + "?year=2025").content.decode()
    # L1 has a meter on this key, L4 none (by their fields: a lot's label may stand in the page's CSRF token).
    assert f'name="lot_{lots["L1"].pk}"' in page and f'name="lot_{lots["L4"].pk}"' not in page
    response = syndic.post(url, {"year": 2025, f"lot_{lots['L1'].pk}": "-2", f"lot_{lots['L2'].pk}": "7"}, follow=True)
    assert "Nothing was saved" in response.content.decode() and not MeterReading.objects.exists()
    response = syndic.post(url, {"year": "20x5", f"lot_{lots['L1'].pk}": "5"}, follow=True)
    assert "Nothing was saved" in response.content.decode() and not MeterReading.objects.exists()
    response = syndic.post(url, {"year": 2025, f"lot_{lots['L1'].pk}": "0", f"lot_{lots['L2'].pk}": "0",
                                 f"lot_{lots['L3'].pk}": "0"}, follow=True)
    assert "cannot all be zero" in response.content.decode() and not MeterReading.objects.exists()
    response = syndic.post(url, {"year": 2025, f"lot_{lots['L1'].pk}": "41", f"lot_{lots['L2'].pk}": "63"}, follow=True)
    assert "The meter readings of 2025 are saved." in response.content.decode()
    assert weights_of(water.water) == {"L1": 41, "L2": 63, "L3": 50}
    assert 'value="41"' in syndic.get(url + "?year=2025").content.decode()
    # Another building's people, a co-owner, the general key, another building's key.
    for outsider in (water.olga, water.ann, water.tenant):
        assert_refused(client_of(outsider).get(url), "Only the building's syndic and committee manage it.")
        assert_refused(client_of(outsider).post(url, {"year": 2025, f"lot_{lots['L1'].pk}": "1"}), "Only the building's syndic and committee manage it.")
    assert_not_found(syndic.get(reverse("coownership:meter_readings", args=["maple", water.general.pk])))
    oak_key = water.oak.keys.get(kind=DistributionKey.Kind.GENERAL)
    assert_not_found(syndic.get(reverse("coownership:meter_readings", args=["maple", oak_key.pk])))
    assert MeterReading.objects.filter(value=1).count() == 0


def _count(client, url) -> int:
    client.get(url)  # warm up: the layout caches its menus on the first request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_lots_keys_or_readings(water, client_of):
    syndic = client_of(water.syndic)
    small = _count(syndic, reverse("coownership:keys", args=["maple"]))
    small_readings = _count(syndic, reverse("coownership:meter_readings", args=["maple", water.water.pk]) + "?year=2025")
    big = make_building("big", shares=tuple([10] * 40))
    manager = person("big-syndic@example.org")
    services.assign_building_role(acting_user=None, building=big, user=manager, kind=BuildingRole.Kind.SYNDIC)
    lots = list(big.lots.all())
    for n in range(3):
        key = services.create_key(acting_user=None, building=big, name=f"Meter {n}", kind=DistributionKey.Kind.METER,
                                  weights={lot.pk: 5 + n for lot in lots})
        for year in (2023, 2024, 2025):
            services.record_meter_readings(acting_user=None, building=big, key=key, year=year,
                                           readings={lot.pk: year - 2000 + n for lot in lots})
    client = client_of(manager)
    assert _count(client, reverse("coownership:keys", args=["big"])) == small
    assert _count(client, reverse("coownership:meter_readings", args=["big", key.pk]) + "?year=2025") == small_readings


def test_the_keys_a_building_starts_with_read_in_the_readers_language(water, client_of):
    """Made with the building in its creator's language, read in each reader's."""
    from django.utils import translation

    syndic = client_of(water.syndic)
    for language, general, equal in (("nl", "Algemeen (aandelen)", "Gelijke delen"), ("fr", "Générale (quotes-parts)", "Parts égales")):
        with translation.override(language):
            page = syndic.get(reverse("coownership:keys", args=["maple"])).content.decode()
        assert general in page and equal in page, language
        assert "Cold water" in page  # typed by the syndic: as typed
