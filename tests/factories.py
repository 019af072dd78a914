import factory
from allauth.account.models import EmailAddress

from community.models import (
    College,
    Household,
    HouseholdMember,
    HousingProject,
    Organisation,
    OrganisationKind,
    OrganisationMembership,
    Role,
    User,
)
from community.services.roles import assign_role

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    language = "fr"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        # Accounts made by the factory can log in: their address is verified.
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            assign_role(user=self, role=role, acting_user=None)


class CollegeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = College
        django_get_or_create = ["code"]

    code = factory.Iterator(["residents", "civil_society", "public_authorities"])
    name = factory.LazyAttribute(lambda o: o.code.replace("_", " ").title())


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.ASSOCIATION
    municipality = "Anderlecht"


class OrganisationMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMembership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    position = "Coordinator"


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    name = factory.Sequence(lambda n: f"Household {n}")
    address = "Rue Vandenpeereboom 12"
    postal_code = "1080"
    municipality = "Molenbeek-Saint-Jean"


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    user = factory.SubFactory(UserFactory)
    full_name = factory.LazyAttribute(lambda o: o.user.get_full_name() if o.user else "Child")
    relationship = HouseholdMember.Relationship.ADULT


def make_staff(**kwargs) -> User:
    return UserFactory(roles=[Role.STAFF], **kwargs)


class HousingProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingProject

    name = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    municipality = "Molenbeek-Saint-Jean"
    status = HousingProject.Status.INHABITED
    homes_count = 32
