import pytest
from pytest_factoryboy import register

from tests.candidates import factories

register(factories.OperatorFactory)
register(factories.IncomeCategoryFactory)
register(factories.IncomeThresholdFactory)
register(factories.ActivationStepFactory)
register(factories.ApplicationFactory)
register(factories.PersonFactory)
register(factories.HomeFactory)


@pytest.fixture
def register_setup(db):
    """Two categories for this year, one activation step, one operator with
    its register staff, and a member whose household may apply."""
    from tests.factories import UserFactory

    a = factories.IncomeThresholdFactory(category=factories.IncomeCategoryFactory(code="A", rank=1), base=30000, per_adult=8000, per_dependant=3000, price_value=60)
    b = factories.IncomeThresholdFactory(category=factories.IncomeCategoryFactory(code="B", name="Low", rank=2), base=45000, per_adult=12000, per_dependant=4000, price_value=90)
    step = factories.ActivationStepFactory(name="Information session")
    operator = factories.OperatorFactory(name="CLT Brussels")
    other_operator = factories.OperatorFactory(name="Other landlord")
    officer = UserFactory(email="officer@example.org")
    operator.staff.add(officer)
    other_officer = UserFactory(email="other-officer@example.org")
    other_operator.staff.add(other_officer)
    applicant = UserFactory(email="applicant@example.org", first_name="Awa", last_name="Diallo")
    return type("Setup", (), dict(a=a, b=b, step=step, operator=operator, other_operator=other_operator,
                                  officer=officer, other_officer=other_officer, applicant=applicant))


def persons(income_1="20000", income_2="8000", children=1):
    rows = [
        {"full_name": "Awa Diallo", "relationship": "adult", "birth_year": 1988, "national_number": "88.01.02-123.45", "yearly_income": income_1},
        {"full_name": "Moussa Diallo", "relationship": "adult", "birth_year": 1985, "yearly_income": income_2},
    ]
    rows += [{"full_name": f"Child {k}", "relationship": "dependant", "birth_year": 2015, "yearly_income": "0"} for k in range(children)]
    return rows


@pytest.fixture
def apply_for(register_setup):
    from community.candidates import services

    def make(user=None, operators=None, **overrides):
        user = user or register_setup.applicant
        kwargs = dict(
            acting_user=user, applicant=user, persons=persons(), operators=[register_setup.operator] if operators is None else operators,
            current_tenure="private_rent", current_municipality="Molenbeek-Saint-Jean",
            wished_municipalities=["Molenbeek-Saint-Jean"], bedrooms_min=1, bedrooms_max=3, consents=True,
        )
        kwargs.update(overrides)
        return services.submit_application(**kwargs)

    return make


@pytest.fixture(autouse=True)
def _english():
    # Refusals are asserted in English; the French and Dutch wording is
    # checked by test_refusals_are_translated and the catalogue tests.
    from django.utils import translation

    with translation.override("en"):
        yield
