"""Maps of the projects (issue 24): a list of places always, a map only with a tile
server, which the CSP and the privacy page then name. Tests run without one."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from socle_site.kernel.maps import csp_with_tiles, tile_origin

from tests.factories import HousingProjectFactory
from tests.site import factories as f
from tests.site.test_public_pages import count_queries
from tests.site.test_settings import run_manage

pytestmark = pytest.mark.django_db

TILES = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"


def with_tiles(url=TILES, attribution="© Example contributors"):
    directives = csp_with_tiles(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], url)
    return override_settings(SOCLE_MAP_TILES=url, SOCLE_MAP_ATTRIBUTION=attribution,
                             CONTENT_SECURITY_POLICY={"DIRECTIVES": directives})


def directive(response, name):
    policy = response["Content-Security-Policy"]
    return next(part.split()[1:] for part in policy.split(";") if part.split() and part.split()[0] == name)


def test_tile_origins_become_csp_sources():
    assert tile_origin(TILES) == "https://*.tiles.example.org"
    assert tile_origin("http://127.0.0.1:9/tiles/{z}/{x}/{y}.png") == "http://127.0.0.1:9"
    with pytest.raises(ValueError):
        tile_origin("javascript:alert(1)")
    base = {"img-src": ["'self'", "data:"], "connect-src": ["'self'"]}
    assert csp_with_tiles(base, "") is base
    widened = csp_with_tiles(base, TILES)
    assert widened["img-src"] == ["'self'", "data:", "https://*.tiles.example.org"]
    assert widened["connect-src"] == ["'self'", "https://*.tiles.example.org"]
    assert base["img-src"] == ["'self'", "data:"]  # not changed in place


def test_the_settings_name_the_tile_server_in_the_csp_only_when_set():
    code = "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    without = run_manage("shell", "-c", code, SOCLE_MAP_TILES="")
    with_server = run_manage("shell", "-c", code, SOCLE_MAP_TILES=TILES)
    assert without.returncode == 0 and with_server.returncode == 0, without.stderr + with_server.stderr
    assert "tiles.example.org" not in without.stdout
    assert "https://*.tiles.example.org" in with_server.stdout


def test_without_a_tile_server_the_page_lists_the_place_and_draws_no_map(client, public_site):
    project = f.add_project(public_site["projects"], housing_project=HousingProjectFactory(
        name="Calico", address="Rue de Mérode 20", postal_code="1190", municipality="Forest"))
    response = client.get(project.url)
    body = response.content.decode()
    assert "tiles.example.org" not in response["Content-Security-Policy"]
    assert directive(response, "img-src") == ["'self'", "data:"]
    assert "data-map " not in body and "leaflet" not in body
    place = re.search(r'<ul class="map-places" id="project-place">(.*?)</ul>', body, re.S).group(1)
    assert 'data-lat="50.850000" data-lon="4.330000"' in place
    assert "Rue de Mérode 20, 1190 Forest" in place
    assert "openstreetmap.org/?mlat=50.850000" in place
    # No inline script or style on the page (CSP: script-src/style-src 'self').
    assert not re.search(r"<script(?![^>]*\bsrc=)", body) and " style=" not in body


def test_with_a_tile_server_the_page_carries_the_map_and_the_csp_names_it(client, public_site):
    project = f.add_project(public_site["projects"])
    with with_tiles():
        response = client.get(project.url)
    body = response.content.decode()
    assert "https://*.tiles.example.org" in directive(response, "img-src")
    assert "https://*.tiles.example.org" in directive(response, "connect-src")
    box = re.search(r"<div class=\"map\"[^>]*>", body).group(0)
    assert 'data-map-places="project-place"' in box and 'data-map-tiles="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in box
    assert 'data-map-attribution="© Example contributors"' in box and " hidden" in box
    assert "vendor/leaflet/leaflet.js" in body and "js/maps.js" in body
    assert body.count('id="project-place"') == 1  # the list stays, for whoever cannot use the map


def test_coordinates_are_written_with_a_dot_in_every_language(client, public_site):
    project = f.add_project(public_site["projects"], latitude="50.832141", longitude="4.344221")
    for language in ("fr", "nl", "en"):
        with translation.override(language):
            body = client.get(project.url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert 'data-lat="50.832141" data-lon="4.344221"' in body


def test_the_index_shows_every_placed_project_on_one_map_in_a_fixed_number_of_queries(client, public_site):
    index = public_site["projects"]
    f.add_project(index, housing_project=HousingProjectFactory(name="Arc"))
    f.add_project(index, housing_project=HousingProjectFactory(name="Nowhere"), latitude=None, longitude=None)
    with with_tiles():
        body = client.get(index.url).content.decode()
        few = count_queries(client, index.url)
        for n in range(3):
            f.add_project(index, housing_project=HousingProjectFactory(name=f"Bloc {n}"))
        assert count_queries(client, index.url) == few
        body = client.get(index.url).content.decode()
    places = re.search(r'<ul class="map-places" id="project-places">(.*?)</ul>', body, re.S).group(1)
    assert places.count("<li ") == 4 and "Nowhere" not in places
    assert body.count('id="project-places"') == 1 and body.count("data-map ") == 1
    assert 'data-url="' in places and 'data-map-places="project-places"' in body


@pytest.mark.parametrize("latitude, longitude, field", [
    ("91", "4.3", "latitude"), ("-90.5", "4.3", "latitude"), ("50.8", "180.01", "longitude"), ("50.8", "-181", "longitude"),
])
def test_coordinates_off_the_globe_are_refused_with_a_translated_message(public_site, latitude, longitude, field):
    project = f.add_project(public_site["projects"])
    project.latitude, project.longitude = Decimal(latitude), Decimal(longitude)
    with translation.override("fr"):
        with pytest.raises(ValidationError) as refused:
            project.full_clean()
        message = " ".join(refused.value.message_dict[field])
    assert "inférieure ou égale" in message or "supérieure ou égale" in message


def test_one_coordinate_without_the_other_is_refused(public_site):
    project = f.add_project(public_site["projects"])
    project.longitude = None
    with translation.override("nl"):
        with pytest.raises(ValidationError) as refused:
            project.full_clean()
        assert "lengtegraad" in " ".join(refused.value.messages)


def test_the_privacy_page_names_the_tile_server_when_there_is_one(client):
    with translation.override("en"):
        without = client.get(reverse("privacy:notice")).content.decode()
        with with_tiles():
            with_server = client.get(reverse("privacy:notice")).content.decode()
    assert "tiles.example.org" not in without and "no map from another server" in without
    assert "https://*.tiles.example.org" in with_server and "IP address" in with_server


def test_the_home_page_draws_its_counted_key_figures_beside_their_table(client, public_site):
    from tests.governance.test_charts import drawing, no_inline_script_or_style, table_rows

    for i in range(2):
        f.add_project(public_site["projects"], housing_project=HousingProjectFactory(name=f"Projet {i}"))
    html = client.get(public_site["home"].url).content.decode()
    _root, bars, texts = drawing(html)
    rows = table_rows(html)[1:]
    assert rows and bars == [row[1] for row in rows]
    assert texts == [cell for row in rows for cell in row]
    no_inline_script_or_style(html)
