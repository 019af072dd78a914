"""The register's export: its staff take it as CSV or .xlsx, in the legal
order, with the columns they choose; the download is in the access log of
every household member; nobody else may take it."""

import csv
import io

import openpyxl
import pytest

from community.privacy.models import AccessLog
from tests.candidates.factories import ApplicationFactory
from tests.factories import HouseholdMemberFactory, UserFactory
from tests.refusals import assert_refused

URL = "/fr/exports/candidates.register/"


def rows_of(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_staff_export_the_register_in_its_order_and_it_is_logged(client_of, register_setup, apply_for):
    first = apply_for()
    neighbour = UserFactory(email="neighbour@example.org")
    second = apply_for(user=neighbour)
    second.needs_accessible = True
    second.save(update_fields=["needs_accessible"])
    ApplicationFactory(operators=[register_setup.other_operator])  # another operator's: not in the file
    client = client_of(register_setup.officer)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Numéro au registre" in page.content.decode()
    response = client.get(URL, {"format": "csv", "columns": ["number", "applied_on", "household_size", "priorities", "status"]})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="registre-des-candidats-proprietaires-')
    header, *rows = rows_of(response)
    assert header == ["Numéro au registre", "Candidature du", "Taille du ménage", "Priorités", "Statut"]
    first.refresh_from_db()
    second.refresh_from_db()
    # The register's own numbers (not the database keys: on PostgreSQL they differ once other tests ran).
    assert [int(r[0]) for r in rows] == [first.register_number, second.register_number]
    assert rows[1][3] == "a besoin d'un logement accessible"
    assert rows[0][3] == ""
    # The download is in the access log of each adult with an account, one reading.
    logged = AccessLog.objects.filter(viewer=register_setup.officer, what__startswith="export")
    assert {log.subject for log in logged} == {register_setup.applicant, neighbour}
    assert len({log.at for log in logged}) == 1


def test_the_register_as_xlsx_keeps_dates_and_numbers(client_of, register_setup, apply_for):
    candidacy = apply_for()
    response = client_of(register_setup.officer).get(URL, {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    candidacy.refresh_from_db()
    assert values[1][0] == candidacy.register_number
    assert values[1][1].date() == candidacy.submitted_at.astimezone().date()


@pytest.mark.parametrize("who", ["applicant", "nobody"])
def test_others_may_not_export_the_register(client_of, register_setup, apply_for, who):
    apply_for()
    user = register_setup.applicant if who == "applicant" else UserFactory()
    response = client_of(user).get(URL, {"format": "csv"})
    assert_refused(response, "Only the register staff of a housing operator see the register.")
    assert AccessLog.objects.filter(what__startswith="export").count() == 0


def test_the_export_link_is_on_the_register_page_for_its_staff(client_of, register_setup):
    assert URL in client_of(register_setup.officer).get("/fr/register/").content.decode()


def test_the_export_costs_the_same_queries_whatever_the_register(client_of, register_setup, django_assert_max_num_queries):
    client = client_of(register_setup.officer)
    for n in (3, 30):
        for _ in range(n):
            application = ApplicationFactory(operators=[register_setup.operator])
            HouseholdMemberFactory(household=application.household)
        with django_assert_max_num_queries(14):
            assert client.get(URL, {"format": "csv"}).status_code == 200
