"""Consents: recorded with date and text version, withdrawn in one click,
the withdrawal taking effect everywhere."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from community.privacy import services
from community.privacy.models import Consent
from tests.refusals import assert_not_found, assert_refused
from tests.site.factories import add_testimonial, make_image, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def testimonial(db):
    from wagtail.models import Collection

    # A browser test's flush drops the root collection its migration made.
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    pages = make_site()
    return add_testimonial(pages["testimonials"], image=make_image())


def test_newsletter_consent_is_recorded_with_its_text_version_and_withdrawn_in_one_click(user_factory, client_of):
    person = user_factory()
    client = client_of(person)
    client.post(reverse("privacy:give_consent"), {"purpose": "newsletter"})
    consent = Consent.objects.get(user=person)
    assert consent.text_version == "v1" and "newsletter" in consent.text and consent.given_at
    assert services.has_consent(person, "newsletter")
    assert "already given" in client.post(reverse("privacy:give_consent"), {"purpose": "newsletter"}, follow=True).content.decode()
    client.post(reverse("privacy:withdraw_consent", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert not services.has_consent(person, "newsletter")
    assert "already withdrawn" in client.post(reverse("privacy:withdraw_consent", args=[consent.pk]), follow=True).content.decode()


def test_unknown_or_staff_only_purposes_are_refused(user_factory, client_of):
    client = client_of(user_factory())
    assert "does not exist" in client.post(reverse("privacy:give_consent"), {"purpose": "selling"}, follow=True).content.decode()
    assert "given with the staff" in client.post(reverse("privacy:give_consent"), {"purpose": "testimonial_publication"}, follow=True).content.decode()
    assert not Consent.objects.exists()


def test_someone_elses_consent_cannot_be_withdrawn(user_factory, client_of):
    owner = user_factory()
    consent = services.give_consent(acting_user=owner, user=owner, purpose="newsletter")
    response = client_of(user_factory()).post(reverse("privacy:withdraw_consent", args=[consent.pk]))
    assert_refused(response, "Only who gave this consent, or the data protection officer, withdraws it.")
    consent.refresh_from_db()
    assert consent.is_live
    assert_not_found(client_of(owner).post(reverse("privacy:withdraw_consent", args=[999999])))


def test_withdrawing_testimonial_consent_unpublishes_it_and_purges_the_cached_page(testimonial, user_factory, staff_user, client_of, django_capture_on_commit_callbacks):
    author = user_factory()
    consent = services.give_consent(acting_user=staff_user, user=author, purpose="testimonial_publication", target=testimonial)
    url = testimonial.url
    visitor = Client()
    assert visitor.get(url).status_code == 200
    assert visitor.get(url)["X-Page-Cache"] == "hit"  # cached for anonymous visitors
    with pytest.raises(services.PrivacyRefusal):
        services.give_consent(acting_user=user_factory(), user=author, purpose="testimonial_publication", target=testimonial)
    with django_capture_on_commit_callbacks(execute=True):
        client_of(author).post(reverse("privacy:withdraw_consent", args=[consent.pk]))
    testimonial.refresh_from_db()
    assert not testimonial.live
    assert_not_found(visitor.get(url))


def test_withdrawing_photo_consent_takes_the_portrait_off(testimonial, user_factory, staff_user):
    author = user_factory()
    consent = services.give_consent(acting_user=staff_user, user=author, purpose="photo_publication", target=testimonial)
    services.withdraw_consent(acting_user=author, consent=consent)
    testimonial.refresh_from_db()
    assert testimonial.portrait is None and testimonial.live


def test_withdrawing_candidacy_sharing_keeps_only_the_first_operator(apply_for, register_setup):
    applicant = register_setup.applicant
    application = apply_for(operators=[register_setup.operator, register_setup.other_operator])
    first = application.operators.through.objects.filter(application=application).order_by("pk").first().operator
    consent = services.give_consent(acting_user=applicant, user=applicant, purpose="candidacy_sharing")
    services.withdraw_consent(acting_user=applicant, consent=consent)
    assert list(application.operators.all()) == [first]


def test_privacy_notice_lists_the_consents_and_their_versions(client, db):
    cache.clear()
    html = client.get("/en/privacy/").content.decode()
    assert "newsletter" in html and "text version v2" in html
