import factory
from django.db.models import Max
from django.utils import timezone

from community.candidates.models import (
    ActivationStep,
    Application,
    Home,
    IncomeCategory,
    IncomeThreshold,
    Operator,
    Person,
)
from community.models import Dwelling
from tests.factories import HouseholdFactory, HousingProjectFactory


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator

    name = factory.Sequence(lambda n: f"Operator {n}")


class IncomeCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomeCategory
        django_get_or_create = ["code"]

    code = "A"
    name = "Modest"
    rank = 1


class IncomeThresholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomeThreshold

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    category = factory.SubFactory(IncomeCategoryFactory)
    base = 30000
    per_adult = 8000
    per_dependant = 3000


class ActivationStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivationStep

    code = factory.Sequence(lambda n: f"step-{n}")
    name = factory.Sequence(lambda n: f"Step {n}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A bare candidacy row for lists and benchmarks; use the service to test writes."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    household = factory.SubFactory(HouseholdFactory)
    # Numbered after every candidacy already in the register, as a submission is.
    register_number = factory.LazyFunction(lambda: (Application.objects.aggregate(m=Max("register_number"))["m"] or 0) + 1)
    status = Application.Status.ACTIVE
    category = factory.SubFactory(IncomeCategoryFactory)
    household_size = 3
    adults = 2
    current_tenure = Application.Tenure.PRIVATE_RENT
    current_municipality = "Molenbeek-Saint-Jean"
    renew_by = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=200))
    bedrooms_min = 1
    bedrooms_max = 3

    @factory.post_generation
    def operators(self, create, extracted, **kwargs):
        if create and extracted:
            self.operators.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    application = factory.SubFactory(ApplicationFactory)
    full_name = factory.Faker("name")
    relationship = Person.Relationship.ADULT
    birth_year = 1985
    yearly_income = "20000"


class HomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Home

    housing_project = factory.SubFactory(HousingProjectFactory)
    operator = factory.SubFactory(OperatorFactory)
    label = factory.Sequence(lambda n: f"Home {n}")
    dwelling = factory.LazyAttribute(
        lambda o: Dwelling.objects.get_or_create(housing_project=o.housing_project, label=o.label)[0]
    )
    bedrooms = 2
    floor_area = 75
    price = 180000
    cost_price = 250000
    land_value = 60000
