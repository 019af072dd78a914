"""A payment due at the top of My space (issue 26)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.coownership.conftest import fresh


def needs_part(client) -> str:
    with translation.override("en"):
        content = client.get(reverse("community:my_space")).content.decode()
    start = content.index('id="needs-title"')
    return content[start:content.index("</section>", start)]


@pytest.mark.django_db
def test_a_co_owner_with_a_call_fallen_due_is_asked_to_pay_it_and_told_how(billed, client_of):
    from socle_site.kernel.formatting import format_money

    part = needs_part(client_of(fresh(billed.ann)))

    assert f"Pay {format_money(55000, language='en')} to the co-ownership of Maple: overdue" in part
    assert reverse("coownership:my_account", args=["maple"]) in part
    # Olga owns in another building and owes nothing there; the tenant owns nothing.
    assert "Maple" not in needs_part(client_of(fresh(billed.olga)))
    assert "Pay" not in needs_part(client_of(fresh(billed.tenant)))


@pytest.mark.django_db
def test_a_paid_call_needs_nothing_more(billed, client_of):
    from datetime import date

    from coownership import services

    services.record_payment(acting_user=fresh(billed.syndic), building=billed.building, household=billed.ann_home,
                            amount="550.00", paid_on=date(2026, 4, 30))

    assert "Maple" not in needs_part(client_of(fresh(billed.ann)))
