"""allauth's e-mails name the configured site and give its contact address in
the three languages; the "check your e-mail" page sends the confirmation
again, within allauth's rate limit, and tells nobody which addresses exist."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from community.adapters import PENDING_CONFIRMATION
from tests.factories import TEST_PASSWORD, UserFactory
from tests.refusals import assert_method_not_allowed, assert_redirected

pytestmark = pytest.mark.django_db

SITE, CONTACT = "CLT Bruxelles", "info@clt.example"


@pytest.fixture(autouse=True)
def _identity():
    with override_settings(SOCLE_SITE_NAME=SITE, SOCLE_CONTACT_EMAIL=CONTACT, ACCOUNT_EMAIL_SUBJECT_PREFIX=f"[{SITE}] "):
        yield


def url(name, lang):
    with translation.override(lang):
        return reverse(name)


def sign_up(client, lang, email="new@example.org"):
    return client.post(url("account_signup", lang), {
        "email": email, "first_name": "An", "last_name": "Peeters", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD,
    })


@pytest.mark.parametrize(
    ("lang", "subject", "hello", "thanks", "question"),
    [
        ("fr", "Confirmez votre adresse e-mail", f"Bonjour de la part de {SITE},", f"Merci d’utiliser {SITE} (testserver).",
         f"Une question ? Écrivez-nous à {CONTACT}."),
        ("nl", "Bevestig uw e-mailadres", f"Hallo van {SITE},", f"Bedankt voor het gebruik van {SITE} (testserver).",
         f"Een vraag? Schrijf ons op {CONTACT}."),
        ("en", "Confirm your e-mail address", f"Hello from {SITE},", f"Thank you for using {SITE} (testserver).",
         f"A question? Write to us at {CONTACT}."),
    ],
)
def test_the_confirmation_names_the_site_and_the_contact_address(client, lang, subject, hello, thanks, question):
    assert_redirected(sign_up(client, lang), f"/{lang}/accounts/confirm-email/")
    (message,) = mail.outbox
    assert message.subject == f"[{SITE}] {subject}"
    for text in (hello, thanks, question, f"/{lang}/accounts/confirm-email/"):
        assert text in message.body
    assert "Hallo van !" not in message.body and "van  " not in message.body


@pytest.mark.parametrize(
    ("lang", "button", "wait"),
    [
        ("fr", "Renvoyer l’e-mail", "Attendez quelques minutes"),
        ("nl", "E-mail opnieuw versturen", "Wacht enkele minuten"),
        ("en", "Send the e-mail again", "Wait a few minutes"),
    ],
)
def test_the_check_your_email_page_sends_the_confirmation_again_within_allauths_limit(
    client, lang, button, wait, time_machine
):
    time_machine.move_to("2027-01-11 10:00:00+01:00", tick=False)
    response = sign_up(client, lang)
    page = client.get(response["Location"]).content.decode()
    assert button in page and CONTACT in page
    assert f'action="{url("community:account_email_resend", lang)}"' in page
    assert len(mail.outbox) == 1

    # Straight away: allauth's limit (one confirmation per address every three minutes) holds it back.
    response = client.post(url("community:account_email_resend", lang), follow=True)
    assert wait in response.content.decode() and len(mail.outbox) == 1

    # Three minutes on, it goes.
    time_machine.move_to("2027-01-11 10:03:30+01:00", tick=False)
    response = client.post(url("community:account_email_resend", lang), follow=True)
    assert response.status_code == 200 and len(mail.outbox) == 2
    assert mail.outbox[1].to == ["new@example.org"] and "/accounts/confirm-email/" in mail.outbox[1].body


def test_resending_tells_nobody_which_addresses_have_an_account(client):
    UserFactory(email="taken@example.org")
    sign_up(client, "en", email="taken@example.org")  # allauth tells the owner by e-mail, not the visitor
    assert PENDING_CONFIRMATION not in client.session
    sent = len(mail.outbox)
    response = client.post(url("community:account_email_resend", "en"), follow=True)
    assert response.status_code == 200
    assert "If an account is waiting for confirmation, its e-mail was sent again." in response.content.decode()
    assert len(mail.outbox) == sent


def test_resend_answers_only_posts(client):
    assert_method_not_allowed(client.get(url("community:account_email_resend", "en")))
