"""Visitors without an account at public events (issue 26): a name and an
address, confirmed from the e-mail (double opt-in), a cancel link in every
e-mail, through the one registration mechanism (capacity, waiting list)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from socle_site import selectors, services

from community.models import Notification, Registration
from community.privacy import retention_rules as rr
from tests.factories import UserFactory
from tests.refusals import assert_not_found, assert_too_many, messages_of, page_text
from tests.site import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(public_site):
    """An information session open to visitors, two seats."""
    return f.add_event(public_site["events"], capacity=2, orders=False, accepts_visitors=True)


def url(name, *args, language="fr"):
    with translation.override(language):
        return reverse(name, args=args)


def link_in(message, kind: str) -> str:
    """The confirm or cancel link of an e-mail, as a path."""
    found = re.search(rf"https?://[^\s\"<]+/visitors/{kind}/[^\s\"<]+/", message.body)
    assert found, message.body
    return re.sub(r"^https?://[^/]+", "", found.group(0))


def register(client, session, name="Awa Diallo", email="awa@example.org", language="fr", capture=None):
    with capture(execute=True):
        return client.post(url("socle_site:visitor_register", session.pk, language=language),
                           {"name": name, "email": email})


def confirm(client, path, capture):
    with capture(execute=True):
        return client.post(path)


def test_a_visitor_registers_and_takes_a_seat_only_once_confirmed(client, session, django_capture_on_commit_callbacks):
    response = register(client, session, capture=django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert "Presque fini" in " ".join(messages_of(response))
    registration = Registration.objects.get(visitor_email="awa@example.org")
    assert registration.status == Registration.Status.UNCONFIRMED and registration.language == "fr"
    # The e-mail, in the language of the page, with both links; no seat taken yet.
    [message] = mail.outbox
    assert message.to == ["awa@example.org"] and "Confirmez votre inscription" in message.subject
    assert "Awa Diallo" in message.body and "préférences" not in message.body
    confirm_path, cancel_path = link_in(message, "confirm"), link_in(message, "cancel")
    assert confirm_path.startswith("/fr/") and cancel_path.startswith("/fr/")
    assert selectors.event_seats(session)["confirmed"] == 0

    # Opening the link shows a button (a mail scanner must not confirm); the button confirms.
    page = client.get(confirm_path)
    assert page.status_code == 200 and "Confirmer mon inscription" in page_text(page)
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.UNCONFIRMED
    response = confirm(client, confirm_path, django_capture_on_commit_callbacks)

    assert "Votre inscription est confirmée" in page_text(response)
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.CONFIRMED
    registered = mail.outbox[-1]
    assert "Vous êtes inscrit" in registered.subject and "/visitors/cancel/" in registered.body
    # Confirming again changes nothing and sends nothing.
    confirm(client, confirm_path, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_a_visitor_from_the_dutch_page_is_written_to_in_dutch(client, session, django_capture_on_commit_callbacks):
    register(client, session, language="nl", capture=django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert "Bevestig uw inschrijving" in message.subject
    assert link_in(message, "confirm").startswith("/nl/")
    assert Notification.objects.get(email="awa@example.org").recipient is None


def test_an_unconfirmed_registration_expires_and_its_link_says_so(client, session, time_machine,
                                                                    django_capture_on_commit_callbacks):
    time_machine.move_to(timezone.now(), tick=False)
    register(client, session, capture=django_capture_on_commit_callbacks)
    confirm_path = link_in(mail.outbox[0], "confirm")
    registration = Registration.objects.get()

    time_machine.shift(dt.timedelta(hours=49))
    with translation.override("en"):
        response = client.post(confirm_path.replace("/fr/", "/en/", 1))

    assert "This confirmation link has expired" in page_text(response)
    assert Registration.objects.get().status == Registration.Status.UNCONFIRMED
    # The retention job deletes it (and keeps a confirmed one).
    assert list(rr.registrations_expired(timezone.now())) == [registration]


def test_a_visitor_cancels_from_the_e_mail_and_the_first_waiting_visitor_is_told(
        client, session, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    for name in ["ana", "ben", "cleo"]:
        register(client, session, name=name.title(), email=f"{name}@example.org", capture=capture)
        confirm(client, link_in(mail.outbox[-1], "confirm"), capture)
    assert dict(Registration.objects.values_list("visitor_email", "status")) == {
        "ana@example.org": "confirmed", "ben@example.org": "confirmed", "cleo@example.org": "waiting"}
    cancel_path = link_in([m for m in mail.outbox if m.to == ["ana@example.org"]][-1], "cancel")

    assert "Annuler mon inscription" in page_text(client.get(cancel_path))
    response = confirm(client, cancel_path, capture)

    assert "Votre inscription est annulée" in page_text(response)
    assert Registration.objects.get(visitor_email="ana@example.org").status == "cancelled"
    assert Registration.objects.get(visitor_email="cleo@example.org").status == "confirmed"
    promoted = mail.outbox[-1]
    assert promoted.to == ["cleo@example.org"] and "Une place s'est libérée" in promoted.subject
    assert "/visitors/cancel/" in promoted.body
    # The same link again: already cancelled, said so.
    response = confirm(client, cancel_path, capture)
    assert "n'existe plus" in page_text(response) or "déjà annulée" in page_text(response)


def test_a_member_cancelling_moves_a_waiting_visitor_up_and_tells_them_by_e_mail(
        client, session, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    first, second = UserFactory.create_batch(2)
    with capture(execute=True):
        services.register_for_event(event=session, acting_user=first)
        services.register_for_event(event=session, acting_user=second)
    register(client, session, capture=capture)
    confirm(client, link_in(mail.outbox[-1], "confirm"), capture)
    assert Registration.objects.get(visitor_email="awa@example.org").status == "waiting"

    with capture(execute=True):
        services.cancel_registration(event=session, acting_user=first)

    assert Registration.objects.get(visitor_email="awa@example.org").status == "confirmed"
    assert mail.outbox[-1].to == ["awa@example.org"] and "/visitors/cancel/" in mail.outbox[-1].body


def test_the_same_address_twice_is_refused_and_changes_nothing(client, session, django_capture_on_commit_callbacks):
    register(client, session, capture=django_capture_on_commit_callbacks)
    response = register(client, session, name="Someone else", email="AWA@example.org ",
                        capture=django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "Cette adresse e-mail est déjà inscrite" in page_text(response)
    assert Registration.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.parametrize("token", ["nonsense", "eyJhIjoxfQ:1abc:def"])
def test_a_damaged_link_is_refused_with_a_message(client, session, token):
    for name in ["socle_site:visitor_confirm", "socle_site:visitor_cancel"]:
        response = client.post(url(name, token, language="en"))
        assert response.status_code == 200
        assert "This link is not valid" in page_text(response)
    assert Registration.objects.count() == 0


def test_bad_input_is_refused_with_the_field_errors_and_keeps_the_values(client, session):
    response = client.post(url("socle_site:visitor_register", session.pk, language="en"),
                           {"name": "Awa", "email": "not an address"})

    assert response.status_code == 200
    assert "Enter a valid email address." in page_text(response)
    assert 'value="Awa"' in response.content.decode()
    assert Registration.objects.count() == 0


def test_an_event_for_members_only_does_not_take_visitors(client, public_site):
    members_only = f.add_event(public_site["events"], n=1, capacity=2)
    response = client.post(url("socle_site:visitor_register", members_only.pk, language="en"),
                           {"name": "Awa", "email": "awa@example.org"})
    assert_not_found(response)
    assert Registration.objects.count() == 0


def test_a_closed_event_refuses_visitors_with_a_message(client, session):
    session.registration_open = False
    f.publish(session)
    response = client.post(url("socle_site:visitor_register", session.pk, language="en"),
                           {"name": "Awa", "email": "awa@example.org"})
    assert "Registration for this event is closed." in page_text(response)
    assert Registration.objects.count() == 0


def test_registering_is_rate_limited_per_address(client, session, django_capture_on_commit_callbacks):
    for n in range(5):
        register(client, session, email=f"v{n}@example.org", capture=django_capture_on_commit_callbacks)
    response = client.post(url("socle_site:visitor_register", session.pk, language="en"),
                           {"name": "Awa", "email": "late@example.org"})
    assert_too_many(response)
    assert not Registration.objects.filter(visitor_email="late@example.org").exists()


def test_the_event_page_offers_visitors_the_form_and_members_only_events_do_not(client, session, public_site):
    text = page_text(client.get(session.url))
    assert "Aucun compte nécessaire" in text and "Votre adresse e-mail" in text
    members_only = f.add_event(public_site["events"], n=2, capacity=2)
    assert "Aucun compte nécessaire" not in page_text(client.get(members_only.url))


def test_visitors_registrations_are_declared_personal_data_and_deleted_after_the_event(session):
    from community.privacy.registry import declaration_for

    declared = declaration_for(Registration)
    with translation.override("en"):
        assert "visitor" in str(declared.purpose) and "30 days" in str(declared.retention.rule)
    gathering = services._gathering(session)
    visitor = Registration.objects.create(gathering=gathering, visitor_name="Awa", visitor_email="awa@example.org",
                                          status=Registration.Status.CONFIRMED)
    member = Registration.objects.create(gathering=gathering, user=UserFactory(), status=Registration.Status.CONFIRMED)
    day_after_limit = session.starts_at + rr.VISITOR_REGISTRATIONS_KEPT + dt.timedelta(days=1)
    assert list(rr.registrations_expired(day_after_limit)) == [visitor]
    assert list(rr.registrations_expired(session.starts_at + rr.VISITOR_REGISTRATIONS_KEPT - dt.timedelta(days=1))) == []
    assert member.pk


def test_a_cached_event_page_gives_each_visitor_their_own_token_and_the_form_posts(session, django_capture_on_commit_callbacks):
    from django.test import Client

    first = Client(enforce_csrf_checks=True)
    assert first.get(session.url)["X-Page-Cache"] == "miss"
    second = Client(enforce_csrf_checks=True)
    hit = second.get(session.url)
    assert hit["X-Page-Cache"] == "hit" and "csrftoken" in hit.cookies  # a new visitor gets the cookie
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', hit.content.decode()).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = second.post(url("socle_site:visitor_register", session.pk),
                               {"name": "Awa Diallo", "email": "awa@example.org", "csrfmiddlewaretoken": token})
    assert "Presque fini" in " ".join(messages_of(response))  # not a CSRF refusal
    assert Registration.objects.filter(visitor_email="awa@example.org").exists()
