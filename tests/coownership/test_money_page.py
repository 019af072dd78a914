""""Where does my money go" on the co-owner's account page (the one chart helper,
beside its table, in three languages), and the money pages' query counts, which
must not grow with the number of bank movements imported (issue 22, § Speed)."""

import re
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coownership import services
from coownership.models import PaymentReference
from tests.banking import coda_builder

from .conftest import fresh

ACCOUNT = "BE71096123456769"


def test_account_page_shows_where_the_money_goes(billed, client_of):
    services.record_expense(acting_user=None, building=billed.building, key=billed.general, supplier="Kone",
                            spent_on=date(2026, 3, 2), amount="1234.56")
    page = client_of(billed.ann).get("/en/buildings/maple/my-account/").content.decode()
    assert "Where does my money go?" in page
    assert "<title>Budget 2026 by distribution key</title>" in page
    assert "<title>Expenses 2026 against the budget</title>" in page
    # The table beside the chart, the amounts through format_money (en_BE).
    assert re.search(r'<th scope="row">[^<]+</th><td>4\.000,00\u00a0€</td><td>1\.234,56\u00a0€</td>', page), page[
        page.find("chart-table"):page.find("chart-table") + 1500]
    french = client_of(billed.ann).get("/fr/buildings/maple/my-account/").content.decode()
    assert "Où va mon argent ?" in french and "<title>Dépenses 2026 par rapport au budget</title>" in french
    assert "4\u202f000,00\u00a0€" in french
    dutch = client_of(billed.bob).get("/nl/buildings/maple/my-account/").content.decode()
    assert "Waar gaat mijn geld naartoe?" in dutch and "<title>Uitgaven 2026 tegenover de begroting</title>" in dutch
    assert "€\u00a04.000,00" in dutch
    # Another year without budget says so instead of drawing empty charts.
    empty = client_of(billed.ann).get("/en/buildings/maple/my-account/?year=2024").content.decode()
    assert "No budget or expense is recorded for 2024 yet." in empty and "chart-figure" not in empty


def _import(billed, first: int, count: int) -> None:
    reference = PaymentReference.objects.get(building=billed.building, fund="working", household=billed.ann_home).digits
    moves = [
        (1000 + n, reference if n % 2 else "", f"Virement {n}", "BE68539007547034", "PEETERS ANN")
        for n in range(first, first + count)
    ] + [(-(500 + n), "", f"Facture {n}", "BE62510007547061", "KONE") for n in range(first, first + count // 4)]
    content = coda_builder.statement(moves, ACCOUNT).encode("ascii")
    services.import_bank_statement(acting_user=fresh(billed.syndic), building=billed.building, content=content)


def _counts(billed, client_of, clients: dict) -> dict[str, int]:
    pages = {
        "account": (billed.ann, "/en/buildings/maple/my-account/"),
        "dashboard": (billed.syndic, "/en/buildings/maple/dashboard/"),
        "payments": (billed.syndic, "/en/buildings/maple/payments/"),
    }
    counts = {}
    for name, (user, url) in pages.items():
        client = clients.setdefault(name, client_of(user))
        client.get(url)  # warm the caches a first visit fills
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[name] = len(captured.captured_queries)
    return counts


def test_money_pages_queries_do_not_grow_with_the_movements(billed, client_of, django_assert_max_num_queries):
    clients = {}
    _import(billed, 0, 4)
    small = _counts(billed, client_of, clients)
    _import(billed, 100, 120)
    assert _counts(billed, client_of, clients) == small
    with django_assert_max_num_queries(small["account"]):
        clients["account"].get("/en/buildings/maple/my-account/")


CSV = "Datum;Bedrag;Naam;Mededeling\n01/05/2026;275,00;Ann;+++{ref}+++\n02/05/2026;-12,50;Kone;Facture\n"


def test_csv_columns_saved_per_account_after_a_dry_run(billed):
    from community.models import AuditEvent
    from coownership.errors import ImportRefusal
    from coownership.models import BankCredit, Payment

    reference = PaymentReference.objects.get(building=billed.building, fund="working", household=billed.ann_home).digits
    content = CSV.format(ref=f"{reference[:3]}/{reference[3:7]}/{reference[7:]}").encode()
    syndic = fresh(billed.syndic)
    try:
        services.import_bank_statement(acting_user=syndic, building=billed.building, content=content)
    except ImportRefusal as refusal:
        assert refusal.errors == [(1, "Line 1: the first line must name the columns date, amount, communication.")]
    else:
        raise AssertionError("a CSV of unknown columns was imported")
    run = services.check_bank_statement(
        acting_user=syndic, building=billed.building, content=content,
        csv_columns={"date": "Datum", "amount": " Bedrag ", "communication": "Mededeling", "name": "Naam", "iban": ""})
    assert (run.format, run.count, run.credits_cents, run.debits_cents, run.columns_saved) == ("csv", 2, 27500, 1250, True)
    assert not Payment.objects.exists() and not BankCredit.objects.exists()
    billed.building.refresh_from_db()
    billed.building.working_account.refresh_from_db()
    assert billed.building.working_account.csv_columns == {"date": "Datum", "amount": "Bedrag", "communication": "Mededeling",
                                           "name": "Naam"}
    assert AuditEvent.objects.filter(action="coownership.save_csv_columns").count() == 1
    # The next import of the account reads its CSV with the saved columns.
    outcome = services.import_bank_statement(acting_user=syndic, building=billed.building, content=content)
    assert [(p.household_id, p.amount_cents) for p in outcome.created] == [(billed.ann_home.pk, 27500)]


def test_payments_page_dry_run_then_import(billed, client_of):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from coownership.models import Payment

    reference = PaymentReference.objects.get(building=billed.building, fund="working", household=billed.ann_home).digits
    content = CSV.format(ref=reference).encode()
    client = client_of(billed.syndic)
    page = client.post("/en/buildings/maple/payments/", {
        "file": SimpleUploadedFile("releve.csv", content), "step": "check", "date_column": "Datum",
        "amount_column": "Bedrag", "communication_column": "Mededeling", "name_column": "Naam",
    }).content.decode()
    assert "Checked, nothing imported yet" in page
    assert "CSV file: 2 movements read (credits 275,00\u00a0€, debits 12,50\u00a0€)." in page
    assert "The CSV columns are saved for this account" in page and not Payment.objects.exists()
    response = client.post("/en/buildings/maple/payments/", {"file": SimpleUploadedFile("releve.csv", content),
                                                              "step": "import"}, follow=True)
    assert "Payments imported: 1." in response.content.decode()
    # The form shows the saved columns.
    assert 'value="Bedrag"' in client.get("/en/buildings/maple/payments/").content.decode()
