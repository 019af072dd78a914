"""The register's order when a home is offered (Brussels Housing Code art.
134/2): offering it past an eligible household ranked before, which has not
had its turn for this home, needs a written reason, kept with the offer and
audited, for a first sale as for a resale."""

import pytest
from django.urls import reverse

from community.candidates import policy, services
from community.candidates.models import Home, Offer
from community.candidates.services import CandidacyRefusal
from community.models import AuditEvent
from tests.candidates.test_deeds_operators_offers import activate, make_home
from tests.refusals import assert_refused


def test_passed_over_are_the_ranked_before_that_have_not_had_their_turn():
    assert policy.passed_over([5, 3, 9, 7], 5, set()) == []
    assert policy.passed_over([5, 3, 9, 7], 9, set()) == [5, 3]
    assert policy.passed_over([5, 3, 9, 7], 9, {3}) == [5]  # no. 3 declined this home already
    assert policy.passed_over([5, 3, 9, 7], 7, {5, 3, 9}) == []


@pytest.mark.django_db
def test_skipping_a_higher_ranked_household_needs_a_written_reason(register_setup, apply_for, housing_project, user_factory,
                                                                  client_of):
    first = activate(apply_for(), register_setup)
    second = activate(apply_for(user=user_factory(email="second@example.org")), register_setup)
    home = make_home(register_setup, housing_project)
    with pytest.raises(CandidacyRefusal) as refused:
        services.make_offer(acting_user=register_setup.officer, home=home, application=second, skip_reason="  ")
    assert refused.value.message == (
        "1 eligible household ranks before this one and has not had its turn: write why it is passed over "
        "(the register keeps the reason).")
    home.refresh_from_db()
    assert home.status == Home.Status.OPEN and not Offer.objects.exists()
    # Through the page: the same refusal, read by the officer, nothing offered.
    url = reverse("candidates:make_offer", args=[home.pk])
    assert_refused(client_of(register_setup.officer).post(url, {"application": second.pk}, follow=True),
                   "1 eligible household ranks before this one and has not had its turn: write why it is passed over "
                   "(the register keeps the reason).", status=200)
    assert not Offer.objects.exists()
    offer = services.make_offer(acting_user=register_setup.officer, home=home, application=second,
                                skip_reason="The first household asked not to be offered ground-floor homes.")
    assert offer.skip_reason.startswith("The first household")
    event = AuditEvent.objects.get(action="candidacy.offer_made")
    assert event.data["passed_over"] == 1 and event.data["passed_over_numbers"] == [first.register_number]
    assert event.data["skip_reason"] == offer.skip_reason


@pytest.mark.django_db
def test_the_first_waiting_household_needs_no_reason_and_a_declined_turn_counts(register_setup, apply_for, housing_project,
                                                                                user_factory):
    first = activate(apply_for(), register_setup)
    second_user = user_factory(email="second@example.org")
    second = activate(apply_for(user=second_user), register_setup)
    home = make_home(register_setup, housing_project)
    offer = services.make_offer(acting_user=register_setup.officer, home=home, application=first)
    assert offer.skip_reason == ""
    services.answer_offer(acting_user=register_setup.applicant, offer=offer, accept=False, reason="Too far from school")
    # The first household had its turn: the second is now the first waiting.
    again = services.make_offer(acting_user=register_setup.officer, home=home, application=second)
    assert again.skip_reason == ""
    assert AuditEvent.objects.filter(action="candidacy.offer_made", data__passed_over=0).count() == 2
