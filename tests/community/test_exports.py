"""Staff export members and households; the download is in each member's
access log; members may not. Staff issue partner API keys in the
administration: the key is shown once, only its hash is kept."""

import csv
import io
import re

import pytest
from django.contrib.messages import get_messages

from community.models import PartnerToken, Role
from community.privacy.models import AccessLog
from tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    OrganisationFactory,
    UserFactory,
    make_staff,
)
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db
URL = "/en/exports/community.members/"


def test_staff_export_members_and_households(client_of):
    household = HouseholdFactory(name="Famille Peeters", municipality="Anderlecht")
    ann = HouseholdMemberFactory(household=household, full_name="Ann Peeters", user=UserFactory(email="ann@example.org", phone="0470 00 00 01"))
    HouseholdMemberFactory(household=household, full_name="Lou Peeters", user=None, relationship="dependant")
    staff = make_staff()
    client = client_of(staff)
    assert URL in client.get("/en/members/without-email/").content.decode()
    response = client.get(URL, {"format": "csv", "columns": ["household", "municipality", "member", "email", "phone"]})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Household", "Municipality", "Member", "E-mail", "Phone"]
    assert sorted(rows[1:]) == [
        ["Famille Peeters", "Anderlecht", "Ann Peeters", "ann@example.org", "0470 00 00 01"],
        ["Famille Peeters", "Anderlecht", "Lou Peeters", "", ""],
    ]
    assert list(AccessLog.objects.filter(what__startswith="export").values_list("viewer", "subject")) == [(staff.pk, ann.user.pk)]


def test_members_may_not_export_members(client_of):
    member = UserFactory(roles=[Role.RESIDENT])
    response = client_of(member).get(URL, {"format": "csv"})
    assert_refused(response, "Only the staff export members and households.")
    assert AccessLog.objects.count() == 0


def test_staff_issue_a_key_in_the_administration_and_see_it_once(client_of):
    from django.contrib.auth.models import Permission

    staff = make_staff(is_staff=True, is_superuser=True)
    organisation = OrganisationFactory(name="Ville de Bruxelles")
    client = client_of(staff)
    response = client.post("/admin/community/partnertoken/add/", {
        "organisation": organisation.pk, "label": "Observatoire", "scopes": ["figures", "rooms"],
        "expires_at_0": "2027-06-01", "expires_at_1": "12:00:00",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    token = PartnerToken.objects.get()
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    key = re.search(r"socle_[0-9a-f]{8}_\S+", shown).group(0)
    assert token.scopes == ["figures", "rooms"] and token.created_by == staff and token.organisation == organisation
    assert key not in str(PartnerToken.objects.values_list().get())
    assert client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert Permission.objects.exists()
