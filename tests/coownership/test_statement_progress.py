"""The statement PDF shows its progress (socle_site.kernel.jobs, issue 26)."""

import pytest
from django.urls import reverse
from django.utils import translation

from coownership import services
from coownership.models import Statement
from tests.coownership.conftest import fresh
from tests.refusals import assert_not_found


def status(client, pk):
    with translation.override("en"):
        return client.get(reverse("job_status", args=["coownership.statement", pk]))


@pytest.mark.django_db
def test_a_statement_being_prepared_updates_itself_and_only_its_co_owner_sees_it(billed, client_of):
    statement = services.request_statement(acting_user=fresh(billed.ann), building=billed.building,
                                           household=billed.ann_home, year=2026)
    ann = client_of(fresh(billed.ann))

    assert status(ann, statement.pk).json()["state"] == "running"
    with translation.override("en"):
        page = ann.get(reverse("coownership:my_account", args=["maple"])).content.decode()
    assert f"/en/my/jobs/coownership.statement/{statement.pk}/" in page
    assert_not_found(status(client_of(fresh(billed.bob)), statement.pk))
    assert_not_found(status(client_of(fresh(billed.olga)), statement.pk))

    Statement.objects.filter(pk=statement.pk).update(status=Statement.Status.READY)
    done = status(ann, statement.pk).json()
    assert done["state"] == "done" and done["url"].endswith(f"/statements/{statement.pk}.pdf")

    Statement.objects.filter(pk=statement.pk).update(status=Statement.Status.FAILED)
    assert status(ann, statement.pk).json() == {
        "state": "failed", "message": "Your statement for 2026 could not be prepared. Ask for it again.", "url": "",
        "finished": True}
