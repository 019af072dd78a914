import pytest
from pytest_factoryboy import register

from tests.candidates import factories as candidate_factories
from tests.candidates.conftest import apply_for, register_setup  # noqa: F401  (shared fixtures)

register(candidate_factories.OperatorFactory)
register(candidate_factories.IncomeCategoryFactory)
register(candidate_factories.IncomeThresholdFactory)
register(candidate_factories.ActivationStepFactory)


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield
