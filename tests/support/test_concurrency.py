"""One open case per household, held by the database (PostgreSQL): two
support workers opening the same proposal at once open one case."""

import threading

import pytest
from django.conf import settings
from django.db import connections
from django.utils import translation

from community.models import Role
from community.support import services
from community.support.models import SupportCase
from tests.factories import UserFactory
from tests.support.test_support import struggling  # noqa: F401  (the proposed household)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="the concurrent test needs PostgreSQL"),
]


def test_two_workers_opening_one_proposal_at_once_open_one_case(struggling):  # noqa: F811
    other = UserFactory(email="support2@example.org", roles=[Role.SUPPORT])
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run(worker):
        try:
            barrier.wait()
            with translation.override("en"):  # a thread starts in the default language
                results.append(services.open_case(acting_user=worker, household=struggling.first))
        except services.SupportRefusal as refusal:
            errors.append(refusal.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(worker,)) for worker in (struggling.worker, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 1 and errors == ["A case is already open for this household."]
    assert SupportCase.objects.filter(household=struggling.first, status="open").count() == 1
