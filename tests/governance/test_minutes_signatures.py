"""Signatures under the general assembly's minutes: the same table and rule as a
co-owners' meeting (members present at the end sign), but approval stays the
secretary's act; the first signature freezes the text either way."""

import pytest
from django.urls import reverse

from community.governance.errors import GovernanceRefusal
from community.governance.models import Minutes, MinutesSignature
from community.governance.services import minutes as minutes_services
from tests.refusals import assert_refused

from .test_minutes import closed  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_members_present_at_the_end_sign_and_the_secretary_still_approves(ga, closed, client_of):  # noqa: F811
    minutes = minutes_services.draft_minutes(meeting=closed, acting_user=ga.staff)
    signature = minutes_services.sign_minutes(meeting=closed, acting_user=ga.chloe)
    assert signature.role == MinutesSignature.Role.ATTENDEE
    # Ana gave her proxy and did not come: she neither reads the draft nor signs.
    with pytest.raises(GovernanceRefusal, match="present at the end of the meeting"):
        minutes_services.sign_minutes(meeting=closed, acting_user=ga.ana)
    assert_refused(client_of(ga.ana).get(reverse("governance_live:minutes", args=[closed.pk])), 'The minutes are read by those who run the meeting and those who attended it; by the other members of the body once approved.')
    with pytest.raises(GovernanceRefusal, match="can no longer change"):
        minutes_services.edit_minutes(minutes=minutes, acting_user=ga.staff, body_html="<p>New</p>")
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.DRAFT  # signatures alone do not approve here
    page = client_of(ga.staff).get(reverse("governance_live:minutes", args=[closed.pk])).content.decode()
    assert "Approve and publish the minutes" in page and "Save the minutes" not in page
    minutes_services.approve_minutes(minutes=minutes, acting_user=ga.staff)
    # Dan, online until the end, may still sign the approved minutes.
    assert minutes_services.sign_minutes(meeting=closed, acting_user=ga.dan).role == MinutesSignature.Role.ATTENDEE
    page = client_of(ga.ana).get(reverse("governance_live:minutes", args=[closed.pk])).content.decode()
    assert "Chloe Test (Member present), signed on" in page and "Dan Test (Member present), signed on" in page
