"""Reconciling the building's bank statements: credits nobody's structured
communication matched wait in a queue, the treasurer assigns them to a
co-owner or marks them "not for us", a wrong match is undone, each step is in
the audit log, and importing the same statement again changes nothing."""

import base64
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from socle_site.kernel.banking.references import display

from community.models import AuditEvent, Notification
from coownership import selectors, services
from coownership.errors import CoownershipRefusal
from coownership.models import BankCredit, Payment, PaymentReference

from .conftest import fresh
from .test_bank import _coda, _reference

# Two credits with no structured communication: 550.00 from Ann's household (her call, so she is
# proposed) and 12.00 from nobody known.
CSV = b"date;amount;communication;name\n2026-05-02;550,00;merci;Ann's household\n2026-05-03;12;?;Nobody\n"
PAGE = "/en/buildings/maple/payments/"


def _import_csv(setup):
    return services.import_bank_statement(acting_user=fresh(setup.syndic), building=setup.building, content=CSV,
                                          csv_columns={"name": "name"})


def _owed(setup, fund="working") -> int:
    rows = {r["fund"]: r for r in selectors.payment_instructions(setup.building, [setup.ann_home.pk], date(2026, 5, 4))}
    return rows[fund]["owed_cents"]


def _state():
    return (sorted(BankCredit.objects.values_list("status", "amount_cents")),
            sorted(Payment.objects.values_list("household__name", "amount_cents")), AuditEvent.objects.count())


def test_unmatched_credits_wait_with_proposals_and_a_second_import_changes_nothing(billed):
    outcome = _import_csv(billed)
    assert outcome.created == [] and len(outcome.unmatched) == 2
    waiting = selectors.bank_credits(billed.building)["waiting"]
    assert [(c.booked_on, c.amount_cents, c.counterparty_name, c.communication, [h.name for h in c.proposals.all()])
            for c in waiting] == [
        (date(2026, 5, 2), 55000, "Ann's household", "merci", ["Ann's household"]),
        (date(2026, 5, 3), 1200, "Nobody", "?", []),
    ]
    before = _state()
    again = _import_csv(billed)
    assert again.created == [] and again.unmatched == [] and again.already_imported == 2
    assert _state()[:2] == before[:2]


def test_the_queue_shows_its_oldest_credits_and_counts_them_all(billed, client_of, monkeypatch):
    _import_csv(billed)
    monkeypatch.setattr(selectors, "QUEUE_SHOWN", 1)
    queue = selectors.bank_credits(billed.building)
    assert [c.amount_cents for c in queue["waiting"]] == [55000]  # the oldest first
    assert (queue["waiting_count"], queue["waiting_cents"]) == (2, 56200)
    page = client_of(fresh(billed.syndic)).get(PAGE).content.decode()
    import re
    text = re.sub(r"<[^>]+>", "", page)
    assert "2 credits carry no co-owner" in text and "562,00\xa0€ together" in text
    assert "The 1 oldest are shown here" in page and page.count('id="credit-') == 1


def test_assign_clears_the_oldest_call_undo_puts_it_back_and_dismiss_leaves_the_queue(billed):
    _import_csv(billed)
    ann_credit, stranger_credit = BankCredit.objects.order_by("booked_on")
    assert _owed(billed) == 50000
    payment = services.assign_bank_credit(acting_user=fresh(billed.syndic), credit=ann_credit,
                                          household=billed.ann_home)
    assert (payment.household, payment.amount_cents, payment.paid_on, payment.source, payment.reference) == (
        billed.ann_home, 55000, date(2026, 5, 2), Payment.Source.BANK, "merci")
    # The credit was on the working fund's account: it clears that fund's call; the reserve part stays owed.
    assert _owed(billed) == 0 and _owed(billed, "reserve") == 5000
    ann_credit.refresh_from_db()
    assert (ann_credit.status, ann_credit.payment, ann_credit.decided_by) == (
        BankCredit.Status.ASSIGNED, payment, billed.syndic)
    with pytest.raises(CoownershipRefusal) as caught:
        services.assign_bank_credit(acting_user=fresh(billed.syndic), credit=ann_credit, household=billed.bob_home)
    assert caught.value.message == "This credit was already handled by someone else: reload the page."

    services.undo_bank_credit(acting_user=fresh(billed.syndic), credit=ann_credit)
    ann_credit.refresh_from_db()
    assert ann_credit.status == BankCredit.Status.WAITING and ann_credit.payment is None
    assert not Payment.objects.exists() and _owed(billed) == 50000
    # The statement imported again leaves the credit in the queue: the undo stands.
    assert _import_csv(billed).already_imported == 2 and not Payment.objects.exists()

    services.dismiss_bank_credit(acting_user=fresh(billed.syndic), credit=stranger_credit)
    assert BankCredit.objects.get(pk=stranger_credit.pk).status == BankCredit.Status.DISMISSED
    assert [c.pk for c in selectors.bank_credits(billed.building)["waiting"]] == [ann_credit.pk]
    assert list(AuditEvent.objects.filter(action__in=[
        "coownership.assign_bank_credit", "coownership.undo_bank_credit", "coownership.dismiss_bank_credit",
    ]).order_by("pk").values_list("action", "actor__email", "data__credit")) == [
        ("coownership.assign_bank_credit", "syndic@example.org", ann_credit.pk),
        ("coownership.undo_bank_credit", "syndic@example.org", ann_credit.pk),
        ("coownership.dismiss_bank_credit", "syndic@example.org", stranger_credit.pk),
    ]


def test_an_automatic_match_is_audited_and_can_be_undone(billed):
    services.import_bank_statement(acting_user=fresh(billed.syndic), building=billed.building, content=_coda(billed))
    credits = {c.payment.household: c for c in BankCredit.objects.select_related("payment__household")}
    assert set(credits) == {billed.ann_home, billed.bob_home}
    assert all(c.status == BankCredit.Status.MATCHED for c in credits.values())
    matches = AuditEvent.objects.filter(action="coownership.match_bank_credit")
    assert sorted(e.data["household"] for e in matches) == sorted([billed.ann_home.pk, billed.bob_home.pk])
    # Bob's payment named lot L3 from a Dutch account: say it was not his.
    services.undo_bank_credit(acting_user=fresh(billed.syndic), credit=credits[billed.bob_home])
    assert list(Payment.objects.values_list("household", flat=True)) == [billed.ann_home.pk]
    event = AuditEvent.objects.get(action="coownership.undo_bank_credit")
    assert (event.data["previous"], event.data["household"], event.data["cents"]) == ("matched", billed.bob_home.pk,
                                                                                       33000)
    again = services.import_bank_statement(acting_user=None, building=billed.building, content=_coda(billed))
    assert again.created == [] and again.already_imported == 2 and Payment.objects.count() == 1
    (waiting,) = selectors.bank_credits(billed.building)["waiting"]
    assert (waiting.amount_cents, waiting.counterparty_iban) == (33000, "NL91ABNA0417164300")


def test_no_cent_is_created_or_lost(billed):
    services.import_bank_statement(acting_user=None, building=billed.building, content=_coda(billed))
    _import_csv(billed)
    credits = BankCredit.objects.all()
    matched = sum(c.amount_cents for c in credits if c.payment_id)
    waiting = sum(c.amount_cents for c in credits if not c.payment_id)
    assert (matched, waiting) == (27500 + 33000, 55000 + 1200)
    assert matched == sum(Payment.objects.values_list("amount_cents", flat=True))


def test_treasurer_assigns_and_undoes_from_the_payments_page(billed, client_of, django_assert_num_queries):
    _import_csv(billed)
    client = client_of(billed.syndic)
    page = client.get(PAGE).content.decode()
    assert "Credits waiting to be assigned" in page and "550,00\u00a0€" in page and "12,00\u00a0€" in page
    ann_credit = BankCredit.objects.get(amount_cents=55000)
    page = client.post(f"{PAGE}credits/{ann_credit.pk}/", {"action": "assign", "household": billed.ann_home.pk},
                       follow=True).content.decode()
    assert "The credit is recorded as Ann&#x27;s household&#x27;s payment." in page
    assert Payment.objects.get().household == billed.ann_home
    page = client.post(f"{PAGE}credits/{ann_credit.pk}/", {"action": "undo"}, follow=True).content.decode()
    assert "Undone: the credit waits in the queue again." in page and not Payment.objects.exists()
    page = client.post(f"{PAGE}credits/{ann_credit.pk}/", {"action": "assign", "household": billed.olga_home.pk},
                       follow=True).content.decode()
    assert "Choose the co-owner who made this payment." in page and not Payment.objects.exists()
    # The page's queries do not grow with the number of credits waiting or handled.
    with CaptureQueriesContext(connection) as two:
        client.get(PAGE)
    services.import_bank_statement(acting_user=None, building=billed.building, content=(
        b"date;amount;communication\n2026-05-04;1;a\n2026-05-04;2;b\n2026-05-04;3;c\n"))
    services.dismiss_bank_credit(acting_user=None, credit=BankCredit.objects.get(amount_cents=100))
    with django_assert_num_queries(len(two)):
        client.get(PAGE)


@pytest.mark.parametrize("who", ["ann", "olga"], ids=["co-owner", "other-building-syndic"])
def test_only_the_building_managers_reconcile(billed, client_of, who):
    _import_csv(billed)
    credit = BankCredit.objects.get(amount_cents=55000)
    before = _state()
    client = client_of(getattr(billed, who))
    refusal = "Only the building&#x27;s syndic and committee reconcile its bank statements."
    response = client.get(PAGE)
    assert response.status_code == 403 and refusal in response.content.decode()
    for data in ({"action": "assign", "household": billed.ann_home.pk}, {"action": "dismiss"}, {"action": "undo"}):
        response = client.post(f"{PAGE}credits/{credit.pk}/", data)
        assert response.status_code == 403 and refusal in response.content.decode()
    with pytest.raises(Exception) as caught:
        services.assign_bank_credit(acting_user=fresh(getattr(billed, who)), credit=credit, household=billed.ann_home)
    assert caught.type.__name__ == "PermissionDenied"
    assert _state() == before


def test_reminder_quotes_the_structured_communication_and_attaches_the_qr_code(billed):
    billed.bob.language = "fr"
    billed.bob.save(update_fields=["language"])
    assert services.send_arrears_reminders(acting_user=fresh(billed.syndic), building=billed.building) == 2
    ann = Notification.objects.get(recipient=billed.ann, title__startswith="Reminder")
    reserve = PaymentReference.objects.get(building=billed.building, fund="reserve", household=billed.ann_home).digits
    # Each fund's part, to its own account with its own reference, and a QR code for each.
    assert ann.body == (
        "550,00\u00a0€ of your calls for funds is still unpaid. Thank you for paying soon 500,00\u00a0€ to the "
        "working fund's account BE71 0961 2345 6769 with the structured communication "
        f"{display(_reference(billed.building, billed.ann_home))}, and 50,00\u00a0€ to the reserve fund's account "
        f"BE60 0961 2345 6870 with the structured communication {display(reserve)} (ACP Maple), or by scanning the "
        "payment QR codes attached with your banking app.")
    assert [a["filename"] for a in ann.attachments] == ["payment-qr-code-working.png", "payment-qr-code-reserve.png"]
    for attachment in ann.attachments:
        assert attachment["mimetype"] == "image/png"
        assert base64.b64decode(attachment["base64"]).startswith(b"\x89PNG")
    bob = Notification.objects.get(recipient=billed.bob, title__startswith="Rappel")
    assert bob.body.startswith("550,01\u00a0€ ") and display(_reference(billed.building, billed.bob_home)) in bob.body
