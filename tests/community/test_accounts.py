import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from community.models import User
from tests.factories import TEST_PASSWORD, UserFactory
from tests.refusals import assert_redirected, assert_refused

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_sign_up_confirm_and_land_in_my_space(client):
    with translation.override("nl"):
        signup_url = reverse("account_signup")
    response = client.post(
        signup_url,
        {
            "email": "new.member@example.org",
            "first_name": "Anna",
            "last_name": "Kowalski",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )
    assert_redirected(response, "/nl/accounts/confirm-email/")
    user = User.objects.get(email="new.member@example.org")
    assert user.language == "nl" and user.first_name == "Anna"

    # The confirmation went through the django-q2 task, in Dutch.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.member@example.org"]
    confirm_path = link_in(mail.outbox[0])
    assert confirm_path.startswith("/nl/accounts/confirm-email/")

    response = client.post(confirm_path)
    assert response.status_code == 302
    assert response["Location"] == "/nl/my/"


def test_unconfirmed_address_cannot_log_in(client):
    UserFactory(email="pending@example.org", verified=False)
    response = client.post(reverse("account_login"), {"login": "pending@example.org", "password": TEST_PASSWORD})
    # allauth sends a fresh confirmation e-mail and shows the "verify" page instead.
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("page_language", ["nl", "en", "fr"])
def test_login_lands_in_the_language_of_the_login_page(client, page_language):
    """The page's language wins for the session; the stored one changes only by choice."""
    user = UserFactory(email="jan@example.org", language="fr")
    with translation.override(page_language):
        login_url = reverse("account_login")
    response = client.post(login_url, {"login": "jan@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == f"/{page_language}/my/"
    assert client.cookies["django_language"].value == page_language
    user.refresh_from_db()
    assert user.language == "fr"


def test_the_stored_language_changes_when_the_member_chooses_it(client):
    user = UserFactory(email="jan@example.org", language="fr")
    client.force_login(user)
    client.cookies["django_language"] = "fr"
    client.get("/nl/my/")  # the NL link of the language switcher
    user.refresh_from_db()
    assert user.language == "nl"


def test_failed_logins_are_rate_limited(client):
    UserFactory(email="target@example.org")
    with translation.override("nl"):
        login_url = reverse("account_login")
    for _ in range(5):
        client.post(login_url, {"login": "target@example.org", "password": "wrong"})

    # Even the right password is refused while the limit holds, with a clear message.
    response = client.post(login_url, {"login": "target@example.org", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Te veel inlogpogingen" in response.content.decode()


def test_password_reset_mail_is_sent_through_the_task_queue(client):
    UserFactory(email="forgot@example.org", language="fr")
    response = client.post(reverse("account_reset_password"), {"email": "forgot@example.org"})
    assert_redirected(response, reverse("account_reset_password_done"))
    assert len(mail.outbox) == 1
    reset_path = link_in(mail.outbox[0])
    response = client.get(reset_path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
    response = client.post(form_url, {"password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"})
    assert_redirected(response, reverse("account_reset_password_from_key_done"))
    assert User.objects.get(email="forgot@example.org").check_password("a-new-long-passphrase")


def test_staff_can_turn_on_totp(client, staff_user):
    import time

    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value

    client.post(reverse("account_login"), {"login": staff_user.email, "password": TEST_PASSWORD})
    # Turning on two-factor authentication asks for the password again first.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    client.post(response["Location"], {"password": TEST_PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200 and not staff_user.authenticator_set.exists()

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302 and staff_user.authenticator_set.filter(type="totp").exists()


def test_django_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_members_without_the_staff_role_cannot_enter_the_administration(client_of):
    member = UserFactory()
    response = client_of(member).get("/admin/", follow=True)
    assert_refused(response, "The administration is for staff only.")


def test_staff_manage_people_in_the_administration(client_of, staff_user, household):
    client = client_of(staff_user)
    for path in ["/admin/", "/admin/community/user/", "/admin/community/housingproject/", "/admin/community/household/", "/admin/community/organisation/", "/admin/community/college/", f"/admin/community/household/{household.pk}/change/"]:
        assert client.get(path).status_code == 200, path
