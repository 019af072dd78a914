import pytest
from pytest_factoryboy import register

from community.models import Role
from tests.events import factories
from tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    OrganisationMembershipFactory,
    UserFactory,
)

register(factories.RoomFactory)


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def setup(db, time_machine):
    """Monday 2 March 2026, 10:00 in Brussels; a room with its manager, a
    resident of its project, a member of its partner association, a member of
    another organisation and a stranger."""
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    room = factories.RoomFactory(manager=UserFactory(language="en", email="manager@example.org"))
    resident = UserFactory(language="en", email="resident@example.org", roles=[Role.RESIDENT])
    HouseholdMemberFactory(user=resident, household=HouseholdFactory(housing_project=room.housing_project))
    neighbour = UserFactory(language="en", email="neighbour@example.org")
    HouseholdMemberFactory(user=neighbour, household=HouseholdFactory(housing_project=room.housing_project))
    partner = OrganisationMembershipFactory(organisation=room.partner_organisation, user=UserFactory(language="en", email="partner@example.org")).user
    other = OrganisationMembershipFactory(user=UserFactory(language="en", email="other@example.org")).user
    stranger = UserFactory(language="en", email="stranger@example.org")
    return type("Setup", (), dict(room=room, manager=room.manager, resident=resident, neighbour=neighbour, partner=partner, other=other, stranger=stranger))
