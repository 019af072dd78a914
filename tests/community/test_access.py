"""community.access: what a member holds, read in one query per request."""

import pytest
from django.contrib.auth.models import Group, Permission

from community.access import access_of, forget_access
from community.models import Role
from community.predicates import current_household_ids, organisation_ids, resident_project_ids
from tests.factories import (
    HouseholdMemberFactory,
    HousingProjectFactory,
    OrganisationMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_every_source_is_read_in_one_query_and_kept_for_the_request(django_assert_num_queries):
    member = UserFactory(roles=[Role.RESIDENT, Role.COOWNER])
    household = HouseholdMemberFactory(user=member, household__housing_project=HousingProjectFactory()).household
    organisation = OrganisationMembershipFactory(user=member).organisation
    group = Group.objects.create(name="Readers")
    group.permissions.add(Permission.objects.get(codename="view_household"))
    member.groups.add(group)

    with django_assert_num_queries(1):
        assert current_household_ids(member) == {household.pk}
        assert resident_project_ids(member) == {household.housing_project_id}
        assert organisation_ids(member) == {organisation.pk}
        assert member.has_perm("community.view_household")
        assert not member.has_perm("community.delete_household")
        assert member.has_perm("community.view_my_space")
        assert {role for (role,) in access_of(member).rows("roles")} == {Role.RESIDENT, Role.COOWNER}


def test_a_write_within_the_request_is_seen_after_forget_access():
    member = UserFactory()
    assert organisation_ids(member) == frozenset()
    organisation = OrganisationMembershipFactory(user=member).organisation
    assert organisation_ids(member) == frozenset()  # kept for the request
    forget_access(member)
    assert organisation_ids(member) == {organisation.pk}


def test_visitors_cost_nothing(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert access_of(AnonymousUser()).rows("roles") == []


def test_an_unknown_source_is_a_mistake_not_an_empty_answer():
    with pytest.raises(KeyError):
        access_of(UserFactory()).rows("nowhere")
