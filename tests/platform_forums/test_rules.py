"""Who may do what, as worked examples over one shared setup."""

import pytest

from community.models import Household, HouseholdMember
from tests.factories import HousingProjectFactory, make_staff
from tests.platform_forums.factories import ResidentsForumFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "read", "moderate", "accept"),
    [
        ("pilot", True, True, True),
        ("secretariat", True, True, False),
        ("member", True, False, False),
        ("removed", False, False, False),
        ("other_platform", False, False, False),
        ("outsider", False, False, False),
    ],
)
def test_platform_roles(space, who, read, moderate, accept):
    user = getattr(space, who)
    assert user.has_perm("platform_forums.read_forum", space.forum) is read
    assert user.has_perm("platform_forums.post_in_forum", space.forum) is read
    assert user.has_perm("platform_forums.view_members_space", space.platform) is read
    assert user.has_perm("platform_forums.moderate_forum", space.forum) is moderate
    assert user.has_perm("platform_forums.accept_member", space.platform) is accept


def test_anonymous_has_no_perm(space):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("platform_forums.read_forum", space.forum)


def test_pending_request_gives_no_access(space):
    seat = space.seats["member"]
    seat.joined_at = None
    seat.save()
    member = type(space.member).objects.get(pk=space.member.pk)
    assert not member.has_perm("platform_forums.read_forum", space.forum)


def test_residents_forum_is_for_current_residents_and_staff_moderates(db):
    from tests.factories import UserFactory

    project = HousingProjectFactory()
    forum = ResidentsForumFactory(housing_project=project)
    household = Household.objects.create(name="H", housing_project=project)
    resident, moved_out, neighbour = UserFactory(), UserFactory(), UserFactory()
    HouseholdMember.objects.create(household=household, user=resident, full_name="R")
    HouseholdMember.objects.create(
        household=household, user=moved_out, full_name="M", until="2025-01-01"
    )
    staff = make_staff()
    assert resident.has_perm("platform_forums.post_in_forum", forum)
    assert not moved_out.has_perm("platform_forums.read_forum", forum)
    assert not neighbour.has_perm("platform_forums.read_forum", forum)
    assert not resident.has_perm("platform_forums.moderate_forum", forum)
    assert staff.has_perm("platform_forums.read_forum", forum) and staff.has_perm(
        "platform_forums.moderate_forum", forum
    )
    # Staff read and moderate, but do not talk in the residents' forum.
    assert not staff.has_perm("platform_forums.post_in_forum", forum)
