"""A ticket description has a length limit (issue 26: it accepted 200,000
characters): the form says so in the person's language and nothing is written."""

import pytest
from django.core.exceptions import ValidationError

from coownership import services
from coownership.errors import CoownershipRefusal
from coownership.models import Ticket
from tests.refusals import page_text

from .conftest import fresh


def test_a_too_long_ticket_description_is_refused_in_the_form_and_nothing_is_written(setup, client_of):
    url = f"/fr/buildings/{setup.building.slug}/tickets/new/"
    client = client_of(setup.tenant)
    form_page = client.get(url).content.decode()
    assert 'maxlength="5000"' in form_page
    response = client.post(url, {"title": "Fuite", "location": "Cave", "description": "x" * 200_000})
    assert response.status_code == 200
    assert "Assurez-vous que cette valeur comporte au plus 5000 caractères" in page_text(response).replace("\u202f", "").replace(" 000", "000")
    assert not Ticket.objects.exists()


def test_the_service_and_the_model_refuse_it_too(setup):
    with pytest.raises(CoownershipRefusal, match="at most 5,000 characters"):
        services.report_ticket(acting_user=fresh(setup.tenant), building=setup.building, title="Leak",
                               location="Cellar", description="x" * 5_001)
    assert not Ticket.objects.exists()
    with pytest.raises(ValidationError):
        Ticket._meta.get_field("description").clean("x" * 5_001, None)
