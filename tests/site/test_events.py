"""Public-event registration (capacity, waiting list) and brochure orders."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation
from socle_site import policy, services
from socle_site.exceptions import PublicSiteError
from socle_site.kernel.refusals import Refusal
from socle_site.models import ResourceOrder

from community import capacity
from community.models import Notification, Registration
from tests.factories import UserFactory, make_staff
from tests.refusals import assert_method_not_allowed, assert_not_found, assert_redirected
from tests.site import factories as f

pytestmark = pytest.mark.django_db


# --- Pure rules, worked examples --------------------------------------------------

def test_capacity_worked_examples():
    # The one capacity rule of public events and activities (community.capacity).
    assert capacity.has_place(capacity=100, taken=99)
    assert not capacity.has_place(capacity=100, taken=100)
    assert capacity.has_place(capacity=None, taken=5000)  # no limit
    assert capacity.places_left(capacity=30, taken=31) == 0 and capacity.places_left(capacity=None, taken=3) is None
    assert capacity.places_left(capacity=120, taken=119) == 1
    assert capacity.places_left(capacity=2, taken=3) == 0
    assert capacity.places_left(capacity=None, taken=3) is None


def test_order_and_funding_rules_worked_examples():
    assert policy.order_is_valid({"fr": 10, "nl": 0})
    assert not policy.order_is_valid({"fr": 0, "nl": 0})
    assert not policy.order_is_valid({"fr": 501, "nl": 0})
    assert policy.funding_total([40, 60]) == 100
    assert policy.funding_total([40, None]) == 40
    assert policy.openstreetmap_url("50.85", "4.33").startswith("https://www.openstreetmap.org/?mlat=50.85&mlon=4.33")


# --- Registration -------------------------------------------------------------------

@pytest.fixture
def event(public_site):
    return f.add_event(public_site["events"], capacity=2)


def test_third_member_waits_and_takes_the_seat_freed_by_a_cancellation(event, django_capture_on_commit_callbacks):
    first, second, third = UserFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        _register_three_and_cancel_first(event, first, second, third)
    waiting = Registration.objects.get(user=third)
    assert waiting.status == "confirmed"
    titles = list(Notification.objects.filter(recipient=third).values_list("title", flat=True))
    assert any("liste d'attente" in t or "waiting list" in t for t in titles)
    assert any("place s'est libérée" in t or "seat became free" in t for t in titles)
    # The confirmation e-mail went out through django-q2 (sync in tests).
    assert any(third.email in message.to for message in mail.outbox)


def _register_three_and_cancel_first(event, first, second, third):
    assert services.register_for_event(event=event, acting_user=first).status == "confirmed"
    assert services.register_for_event(event=event, acting_user=second).status == "confirmed"
    waiting = services.register_for_event(event=event, acting_user=third)
    assert waiting.status == "waiting"
    services.cancel_registration(event=event, acting_user=first)


def test_registrations_count_across_translations(event):
    from wagtail.models import Locale

    nl = event.get_parent().get_parent().copy_for_translation(Locale.objects.get(language_code="nl"))
    f.publish(nl)
    index_nl = event.get_parent().copy_for_translation(Locale.objects.get(language_code="nl"))
    f.publish(index_nl)
    event_nl = event.copy_for_translation(Locale.objects.get(language_code="nl"))
    f.publish(event_nl)
    services.register_for_event(event=event, acting_user=UserFactory())
    services.register_for_event(event=event_nl, acting_user=UserFactory())
    assert services.register_for_event(event=event_nl, acting_user=UserFactory()).status == "waiting"


@pytest.mark.parametrize("case", ["twice", "closed", "past", "not_registered"])
def test_registration_refusals_change_nothing(event, case):
    member = UserFactory()
    with translation.override("en"):
        if case == "twice":
            services.register_for_event(event=event, acting_user=member)
            expected, call = "already registered", lambda: services.register_for_event(event=event, acting_user=member)
        elif case == "closed":
            event.registration_open = False
            f.publish(event)
            expected, call = "closed", lambda: services.register_for_event(event=event, acting_user=member)
        elif case == "past":
            event.starts_at = timezone.now() - dt.timedelta(days=2)
            event.ends_at = timezone.now() - dt.timedelta(days=1)
            f.publish(event)
            expected, call = "closed", lambda: services.register_for_event(event=event, acting_user=member)
        else:
            expected, call = "not registered", lambda: services.cancel_registration(event=event, acting_user=member)
        before = Registration.objects.count()
        with pytest.raises(Refusal, match=expected):
            call()
    assert Registration.objects.count() == before


def test_registration_views(client, event):
    url = f"/fr/events/{event.pk}/register/"
    # Anonymous: sent to log in, nothing stored.
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    member = UserFactory()
    client.force_login(member)
    assert_method_not_allowed(client.get(url))
    response = client.post(url, follow=True)
    assert "Vous êtes inscrit·e" in response.content.decode()
    assert "1 place restante" in response.content.decode()
    # Twice: a clear message, never a 500.
    response = client.post(url, follow=True)
    assert "déjà inscrit" in response.content.decode()
    assert Registration.objects.filter(user=member).count() == 1
    response = client.post(f"/fr/events/{event.pk}/cancel/", follow=True)
    assert "Votre inscription est annulée" in response.content.decode()
    assert_not_found(client.post("/fr/events/999999/register/"))


def test_event_page_shows_the_change_after_a_registration_even_when_cached(client, event, django_capture_on_commit_callbacks):
    anonymous = client.get(event.url)
    assert "2 places restantes" in anonymous.content.decode()
    assert client.get(event.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.register_for_event(event=event, acting_user=UserFactory())
    assert "1 place restante" in client.get(event.url).content.decode()


# --- Brochure orders ------------------------------------------------------------------

ORDER = {
    "quantity_fr": "20", "quantity_nl": "5", "organisation": "CPAS d'Anderlecht", "contact_name": "Anne Dupont",
    "email": "anne@example.org", "phone": "", "delivery_address": "Rue de l'Église 1, 1070 Anderlecht",
}


def test_order_is_stored_and_staff_are_notified(client, event):
    staff = make_staff()
    response = client.post(f"/fr/events/{event.pk}/order/", ORDER)
    assert_redirected(response, event.url)
    order = ResourceOrder.objects.get()
    assert (order.quantity_fr, order.quantity_nl, order.event_key) == (20, 5, event.translation_key)
    assert Notification.objects.filter(recipient=staff, category="resource_orders").exists()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"quantity_fr": "0", "quantity_nl": "0"}, "au moins un exemplaire"),
        ({"quantity_fr": "900"}, "500"),
        # Django's own messages, in the wording of the French catalogue that wins
        # (Django REST framework's, installed for the partner API, comes before Django's).
        ({"email": "not-an-address"}, "adresse e-mail valide"),
        ({"delivery_address": ""}, "Ce champ est obligatoire"),
    ],
)
def test_bad_orders_are_refused_with_a_message_and_nothing_stored(client, event, change, message):
    response = client.post(f"/fr/events/{event.pk}/order/", {**ORDER, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ResourceOrder.objects.count() == 0


def test_orders_only_where_the_event_takes_them(client, public_site):
    event = f.add_event(public_site["events"], n=2, orders=False)
    assert_not_found(client.get(f"/fr/events/{event.pk}/order/"))
    with pytest.raises(PublicSiteError):
        services.order_resources(event=event, acting_user=None, quantities={"fr": 1}, organisation="x", contact_name="y",
                                 email="a@b.c", phone="", delivery_address="z")
    assert ResourceOrder.objects.count() == 0


def test_order_form_page_renders(client, event):
    body = client.get(f"/fr/events/{event.pk}/order/").content.decode()
    assert "Exemplaires en français" in body or "exemplaires en français" in body.lower()


def test_event_page_tells_a_member_where_they_stand(client, event):
    member, other, third = UserFactory(), UserFactory(), UserFactory()
    client.force_login(member)
    body = client.get(event.url).content.decode()
    assert "/register/" in body and "/cancel/" not in body
    services.register_for_event(event=event, acting_user=member)
    body = client.get(event.url).content.decode()
    assert "Vous êtes inscrit·e." in body and "/cancel/" in body and "/register/" not in body
    services.register_for_event(event=event, acting_user=other)
    services.register_for_event(event=event, acting_user=third)
    client.force_login(third)
    body = client.get(event.url).content.decode()
    assert "Vous êtes sur la liste d" in body and "/cancel/" in body


@pytest.mark.parametrize(("starts_utc", "season"), [("2026-11-05 17:30", "winter"), ("2026-06-05 16:30", "summer")])
def test_the_confirmation_states_the_time_the_event_starts_in_brussels(public_site, time_machine, starts_utc, season,
                                                                       django_capture_on_commit_callbacks):
    """18:30 in Brussels is 17:30 UTC in winter and 16:30 UTC in summer: the e-mail says 18:30 both times."""
    time_machine.move_to("2026-05-01 12:00:00+02:00", tick=False)
    starts = dt.datetime.fromisoformat(starts_utc).replace(tzinfo=dt.UTC)
    event = f.add_event(public_site["events"], capacity=5, n=7, starts_at=starts)
    dutch = UserFactory(language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        services.register_for_event(event=event, acting_user=dutch)
    body = Notification.objects.get(recipient=dutch).body
    day = {"winter": "5 november 2026", "summer": "5 juni 2026"}[season]
    assert f"{day}, 18:30" in body
    assert any(f"{day}, 18:30" in message.body for message in mail.outbox if dutch.email in message.to)
