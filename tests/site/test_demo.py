import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from community.models import Household, Organisation, RoleAssignment, User


@pytest.mark.django_db
def test_demo_data_loads_twice_without_duplicating_anything():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    counts = [User.objects.count(), Household.objects.count(), Organisation.objects.count(), RoleAssignment.objects.count(), Page.objects.count()]
    call_command("load_demo", stdout=io.StringIO())
    assert counts == [User.objects.count(), Household.objects.count(), Organisation.objects.count(), RoleAssignment.objects.count(), Page.objects.count()]
    assert "socle-demo-2026" in out.getvalue()
    assert "resident@socle.test" in out.getvalue()


@pytest.mark.django_db
def test_demo_home_page_exists_in_three_languages(client):
    call_command("load_demo", stdout=io.StringIO())
    for language, phrase in [("fr", "abordables"), ("nl", "betaalbaar"), ("en", "affordable")]:
        response = client.get(f"/{language}/")
        assert response.status_code == 200
        assert phrase in response.content.decode()
