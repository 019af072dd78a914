"""Open data: public figures as CSV and JSON under the licence of the
settings, shown beside each download; figures about households go through
the small-group suppression."""

import csv
import io

import pytest

from community.candidates.models import Application
from tests.candidates.factories import ApplicationFactory, IncomeCategoryFactory
from tests.factories import HousingProjectFactory
from tests.refusals import assert_not_found

pytestmark = pytest.mark.django_db


def test_the_open_data_page_lists_the_datasets_with_the_licence(client, settings):
    settings.SOCLE_OPEN_DATA_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    page = client.get("/nl/open-data/").content.decode()
    assert "/nl/open-data/projects.csv" in page and "/nl/open-data/register-figures.json" in page
    assert page.count('rel="license"') >= 4 and "CC BY 4.0" in page
    assert "Open data" in client.get("/fr/").content.decode() or "/fr/open-data/" in client.get("/fr/exports/").content.decode()


def test_projects_as_csv_and_json(client, settings):
    HousingProjectFactory(name="Arc-en-Ciel", municipality="Molenbeek-Saint-Jean", homes_count=12)
    response = client.get("/fr/open-data/projects.csv")
    assert response["Link"] == f'<{settings.SOCLE_OPEN_DATA_LICENCE["url"]}>; rel="license"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Identifiant", "Nom", "Commune"] and rows[1][1:3] == ["Arc-en-Ciel", "Molenbeek-Saint-Jean"]
    data = client.get("/en/open-data/projects.json").json()
    assert data["licence"] == settings.SOCLE_OPEN_DATA_LICENCE
    assert data["rows"][0]["homes"] == 12 and data["rows"][0]["name"] == "Arc-en-Ciel"


def test_register_figures_leave_small_groups_empty(client):
    small, large = IncomeCategoryFactory(code="A", rank=1), IncomeCategoryFactory(code="B", rank=2)
    for _ in range(2):
        ApplicationFactory(category=small, status=Application.Status.ACTIVE)
    for _ in range(6):
        ApplicationFactory(category=large, status=Application.Status.ACTIVE)
    rows = client.get("/en/open-data/register-figures.json").json()["rows"]
    by_category = {r["group"]: r["count"] for r in rows if r["dimension"] == "Income category"}
    assert by_category == {str(small): None, str(large): 6}


def test_an_unknown_dataset_is_a_404(client):
    assert_not_found(client.get("/en/open-data/nothing.csv"))
    assert_not_found(client.get("/en/open-data/projects.exe"))
