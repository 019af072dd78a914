import factory

from platform_forums.models import Forum, Platform, PlatformMembership, PlatformRole, Post, Thread
from tests.factories import HousingProjectFactory, OrganisationFactory, UserFactory


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    name = factory.Sequence(lambda n: f"Platform {n}")
    slug = factory.Sequence(lambda n: f"platform-{n}")
    municipalities = "Aywaille, Esneux"
    purpose = "Work together on housing."
    themes = "Transit housing, Unfit housing"


class PlatformMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlatformMembership

    platform = factory.SubFactory(PlatformFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PlatformRole.MEMBER
    joined_at = factory.Faker("date_this_decade")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    platform = factory.SubFactory(PlatformFactory)
    housing_project = None
    title = factory.Sequence(lambda n: f"Forum {n}")
    slug = factory.Sequence(lambda n: f"forum-{n}")


class ResidentsForumFactory(ForumFactory):
    platform = None
    housing_project = factory.SubFactory(HousingProjectFactory)


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    forum = factory.SubFactory(ForumFactory)
    title = factory.Sequence(lambda n: f"Thread {n}")
    author = factory.SubFactory(UserFactory)
    post_count = 0


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body_html = "<p>Hello</p>"
