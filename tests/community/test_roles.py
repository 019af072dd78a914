import pytest

from community.exceptions import CommunityError
from community.models import AuditEvent, Role, RoleAssignment
from community.services.roles import EDITORS_GROUP, STAFF_GROUP, assign_role, end_role

pytestmark = pytest.mark.django_db


def test_staff_role_opens_the_administration_and_ending_it_closes_it(user, staff_user):
    assignment = assign_role(user=user, role=Role.STAFF, acting_user=staff_user)

    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.filter(name=STAFF_GROUP).exists()
    assert AuditEvent.objects.filter(action="role.granted", actor=staff_user).exists()

    end_role(assignment=assignment, acting_user=staff_user)

    user.refresh_from_db()
    assert not user.is_staff
    assert not user.groups.filter(name=STAFF_GROUP).exists()
    assert RoleAssignment.objects.get(pk=assignment.pk).ended_at is not None  # history kept


def test_editor_role_joins_wagtails_editors_group(user):
    assign_role(user=user, role=Role.EDITOR, acting_user=None)
    assert user.groups.filter(name=EDITORS_GROUP).exists()
    assert not user.is_staff


def test_granting_an_active_role_twice_keeps_one_assignment(user):
    first = assign_role(user=user, role=Role.RESIDENT, acting_user=None)
    second = assign_role(user=user, role=Role.RESIDENT, acting_user=None)
    assert first.pk == second.pk
    assert RoleAssignment.objects.filter(user=user, role=Role.RESIDENT).count() == 1


def test_a_role_can_be_granted_again_after_it_ended(user):
    first = assign_role(user=user, role=Role.RESIDENT, acting_user=None)
    end_role(assignment=first, acting_user=None)
    second = assign_role(user=user, role=Role.RESIDENT, acting_user=None)
    assert second.pk != first.pk


def test_association_partner_needs_an_organisation(user):
    with pytest.raises(CommunityError) as refusal:
        assign_role(user=user, role=Role.ASSOCIATION_PARTNER, acting_user=None)
    assert "organisation" in refusal.value.message
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_unknown_role_is_refused(user):
    with pytest.raises(CommunityError):
        assign_role(user=user, role="emperor", acting_user=None)


def test_predicates_follow_active_roles(user, organisation):
    import rules

    assign_role(user=user, role=Role.ASSOCIATION_PARTNER, organisation=organisation, acting_user=None)
    from community.predicates import is_association_partner, is_staff_member

    assert is_association_partner(user)
    assert not is_staff_member(user)
    assert rules.has_perm("community.view_my_space", user)
