"""Two applications in the same second get distinct, consecutive register
numbers, even when they are submitted at once from several connections
(PostgreSQL: the register's counter row serialises the choice)."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from community.candidates import services
from community.candidates.models import Application
from tests.candidates.conftest import persons
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="the concurrent test needs PostgreSQL"),
]


def test_simultaneous_applications_get_distinct_increasing_numbers(register_setup, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    applicants = [UserFactory() for _ in range(8)]
    barrier = threading.Barrier(len(applicants))
    results, errors = {}, []

    def apply(user):
        try:
            barrier.wait()
            results[user.pk] = services.submit_application(
                acting_user=user, applicant=user, persons=persons(), operators=[register_setup.operator],
                current_tenure="private_rent", current_municipality="Forest", consents=True,
            ).register_number
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply, args=(user,)) for user in applicants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = list(Application.objects.order_by("register_number").values_list("register_number", "submitted_at"))
    assert len(rows) == len(applicants) == len(set(results.values()))
    # Same second for all; the register number alone orders them, with no
    # duplicate and no gap.
    assert len({submitted for _number, submitted in rows}) == 1
    assert [r[0] for r in rows] == sorted(results.values()) == list(range(1, len(applicants) + 1))


def test_two_members_of_one_household_applying_at_once_register_it_once(register_setup):
    from community.candidates.services import CandidacyRefusal
    from tests.factories import HouseholdFactory, HouseholdMemberFactory

    household = HouseholdFactory()
    members = [HouseholdMemberFactory(household=household).user for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def apply(user):
        try:
            barrier.wait()
            services.submit_application(
                acting_user=user, applicant=user, persons=persons(), operators=[register_setup.operator],
                current_tenure="private_rent", current_municipality="Forest", consents=True,
            )
            outcomes.append("registered")
        except CandidacyRefusal as refusal:
            outcomes.append(refusal.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply, args=(user,)) for user in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[-1] == "registered" and len(outcomes) == 2
    assert Application.objects.filter(household=household).count() == 1
