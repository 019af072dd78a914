"""A building's accounts and arrears as a file, for its syndic and committee,
written to the access log of each co-owner."""

import csv
import io

from community.privacy.models import AccessLog
from tests.coownership.conftest import fresh
from tests.refusals import assert_refused


def test_the_syndic_and_committee_export_the_accounts(client_of, billed):
    url = f"/en/exports/coownership.accounts/{billed.building.pk}/"
    assert url in client_of(fresh(billed.syndic)).get(f"/en/buildings/{billed.building.slug}/dashboard/").content.decode()
    for manager in (billed.syndic, billed.committee):
        response = client_of(fresh(manager)).get(url, {"format": "csv"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0] == ["Co-owner", "Called (EUR)", "Paid (EUR)", "Balance (EUR)", "Arrears (EUR)"]
        assert sorted(rows[1:]) == [
            ["Ann's household", "550.00", "0.00", "-550.00", "550.00"],
            ["Bob's household", "550.01", "0.00", "-550.01", "550.01"],
        ]
    logged = AccessLog.objects.filter(viewer=billed.syndic, what__startswith="export")
    assert {log.subject for log in logged} == {billed.ann, billed.bob}


def test_co_owners_and_other_buildings_syndic_cannot_export(client_of, billed):
    url = f"/en/exports/coownership.accounts/{billed.building.pk}/"
    for who in (billed.ann, billed.olga, billed.stranger):
        response = client_of(fresh(who)).get(url, {"format": "csv"})
        assert_refused(response, "Only the building's syndic and committee see its accounts.")
    assert AccessLog.objects.filter(what__startswith="export").count() == 0
