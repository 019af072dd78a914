"""The trust's bank accounts in the administration (issue 22): the staff list them
and add or change them through set_trust_account (its audit row; a refusal shown
on the form, nothing written); nobody else sees them."""

from unittest import mock

import pytest
from django.utils import translation

from community.models import AuditEvent, BankAccount, Role
from community.services.bank_accounts import BankAccountRefusal, set_trust_account
from tests.factories import UserFactory, make_staff
from tests.refusals import assert_not_allowed

pytestmark = pytest.mark.django_db
LIST = "/admin/community/bankaccount/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _admin(client_of, user):
    """The administration in English (it has no language prefix: the cookie says it)."""
    client = client_of(user)
    client.cookies["django_language"] = "en"
    return client


def _errors(response) -> str:
    form = response.context["adminform"].form
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def test_the_staff_add_a_trust_account_through_the_service(client_of):
    staff = make_staff(language="en")
    client = _admin(client_of, staff)
    response = client.post(
        f"{LIST}add/",
        {"trust_purpose": "room_hire", "iban": "be66 3630 0000 0343", "holder": "CLT Brussels"},
    )
    assert response.status_code == 302, _errors(response)
    account = BankAccount.objects.get()
    assert (account.iban, account.bic, account.holder, account.trust_purpose) == (
        "BE66363000000343",
        "BBRUBEBB",
        "CLT Brussels",
        "room_hire",
    )
    event = AuditEvent.objects.get(action="community.set_trust_account")
    assert event.actor == staff
    page = client.get(LIST).content.decode()
    assert "BE66 3630 0000 0343" in page and "Room hire" in page and "BBRUBEBB" in page


def test_the_staff_change_a_trust_account(client_of):
    account = set_trust_account(
        acting_user=None, purpose="ground_lease", iban="BE48 0011 2345 6727", holder="CLT"
    )
    client = _admin(client_of, make_staff(language="en"))
    page = client.get(f"{LIST}{account.pk}/change/").content.decode()
    assert "BE48 0011 2345 6727" in page  # shown grouped by four
    response = client.post(
        f"{LIST}{account.pk}/change/", {"iban": "BE66 3630 0000 0343", "holder": "CLT"}
    )
    assert response.status_code == 302, _errors(response)
    assert BankAccount.objects.get().iban == "BE66363000000343"
    assert AuditEvent.objects.filter(action="community.set_trust_account").count() == 2


@pytest.mark.parametrize(
    "iban, message",
    [
        ("BE48 0011 2345 6728", "This is not a valid IBAN (check the letters and digits)."),
        (
            "BE66 3630 0000 0343",
            "This IBAN is already the account of something else in Socle: each account is "
            "recorded once.",
        ),
    ],
)
def test_a_refusal_is_shown_on_the_form_and_nothing_changes(client_of, iban, message):
    set_trust_account(
        acting_user=None, purpose="room_hire", iban="BE66 3630 0000 0343", holder="CLT"
    )
    before = list(BankAccount.objects.values_list("iban", "trust_purpose"))
    response = _admin(client_of, make_staff(language="en")).post(
        f"{LIST}add/", {"trust_purpose": "memberships", "iban": iban, "holder": "CLT"}
    )
    assert response.status_code == 200 and message in _errors(response)
    assert list(BankAccount.objects.values_list("iban", "trust_purpose")) == before
    assert AuditEvent.objects.filter(action="community.set_trust_account").count() == 1


def test_a_save_that_loses_a_race_is_refused_on_the_form_not_a_500(client_of):
    set_trust_account(acting_user=None, purpose="room_hire", iban="BE66 3630 0000 0343", holder="CLT")
    before = list(BankAccount.objects.values_list("iban", "trust_purpose"))
    # Another person saved the same IBAN between the check and the write (the
    # race made certain: the check saw nothing); the unique constraint decides.
    with mock.patch("community.services.bank_accounts._used_elsewhere", side_effect=[False, True]):
        response = _admin(client_of, make_staff(language="en")).post(
            f"{LIST}add/", {"trust_purpose": "memberships", "iban": "BE66 3630 0000 0343", "holder": "CLT"}
        )
    assert response.status_code == 200
    assert "each account is recorded once" in _errors(response)
    assert list(BankAccount.objects.values_list("iban", "trust_purpose")) == before


def test_two_accounts_for_one_purpose_at_the_same_moment_one_is_refused():
    set_trust_account(acting_user=None, purpose="room_hire", iban="BE66 3630 0000 0343", holder="CLT")
    # The other person's lock saw no account for the purpose yet.
    with mock.patch("community.models.BankAccount.objects.select_for_update") as locked, \
            pytest.raises(BankAccountRefusal, match="reload the page and try again"):
        locked.return_value.filter.return_value.first.return_value = None
        set_trust_account(acting_user=None, purpose="room_hire", iban="BE48 0011 2345 6727", holder="CLT")
    assert BankAccount.objects.get().iban == "BE66363000000343"


def test_a_second_account_for_a_purpose_is_refused(client_of):
    set_trust_account(
        acting_user=None, purpose="room_hire", iban="BE66 3630 0000 0343", holder="CLT"
    )
    response = _admin(client_of, make_staff(language="en")).post(
        f"{LIST}add/",
        {"trust_purpose": "room_hire", "iban": "BE48 0011 2345 6727", "holder": "CLT"},
    )
    assert "The trust already has an account for this: change that one." in _errors(response)
    assert BankAccount.objects.get().iban == "BE66363000000343"


def test_only_the_staff_see_the_accounts(client_of):
    set_trust_account(
        acting_user=None, purpose="room_hire", iban="BE66 3630 0000 0343", holder="CLT"
    )
    # An administration user without the staff role (is_staff alone gives no perm).
    other = UserFactory(language="en", roles=[Role.RESIDENT])
    type(other).objects.filter(pk=other.pk).update(is_staff=True)
    other.refresh_from_db()
    client = _admin(client_of, other)
    assert_not_allowed(client.get(LIST))
    assert_not_allowed(
        client.post(f"{LIST}add/", {"trust_purpose": "memberships", "iban": "BE48 0011 2345 6727"})
    )
    assert BankAccount.objects.count() == 1
