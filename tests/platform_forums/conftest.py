from types import SimpleNamespace

import pytest
from django.utils import translation
from pytest_factoryboy import register

from community.models import OrganisationMembership
from platform_forums.models import PlatformRole
from tests.factories import OrganisationFactory, UserFactory
from tests.platform_forums import factories

register(factories.PlatformFactory)
register(factories.PlatformMembershipFactory)
register(factories.ForumFactory)
register(factories.ResidentsForumFactory)
register(factories.ThreadFactory)
register(factories.PostFactory)


def person_of(organisation, **kwargs):
    user = UserFactory(language="en", **kwargs)
    OrganisationMembership.objects.create(organisation=organisation, user=user)
    return user


@pytest.fixture
def space(db):
    """One platform with its forum: a pilot, a secretariat, a member, a
    member whose organisation left, someone from another platform, an outsider."""
    platform = factories.PlatformFactory()
    forum = factories.ForumFactory(platform=platform)
    seats = {}
    people = {}
    for key, role in [
        ("pilot", PlatformRole.PILOT),
        ("secretariat", PlatformRole.SECRETARIAT),
        ("member", PlatformRole.MEMBER),
        ("removed", PlatformRole.MEMBER),
    ]:
        organisation = OrganisationFactory()
        seats[key] = factories.PlatformMembershipFactory(
            platform=platform, organisation=organisation, role=role
        )
        people[key] = person_of(organisation)
    seats["removed"].left_at = seats["removed"].joined_at
    seats["removed"].save()
    other_platform = factories.PlatformFactory()
    other_org = OrganisationFactory()
    factories.PlatformMembershipFactory(platform=other_platform, organisation=other_org)
    people["other_platform"] = person_of(other_org)
    people["outsider"] = UserFactory(language="en")
    return SimpleNamespace(
        platform=platform,
        forum=forum,
        seats=seats,
        other_forum=factories.ForumFactory(platform=other_platform),
        **people,
    )


@pytest.fixture(autouse=True)
def _english():
    # Refusal messages and URLs are asserted in English (the catalogues are
    # tested on their own in tests/site/test_translations.py).
    with translation.override("en"):
        yield
