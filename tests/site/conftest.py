import pytest
from pytest_factoryboy import register

from tests.site import factories

register(factories.ResourceOrderFactory)


@pytest.fixture
def public_site(db):
    return factories.make_site()
