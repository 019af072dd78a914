"""Benchmark of co-ownership money meeting the bank (issue 22, § Speed).

    .venv/bin/python bench/bank.py [--lots 200] [--years 5] [--movements 5000]
    DATABASE_URL=postgres://… .venv/bin/python bench/bank.py

Builds a throw-away test database, then a building of LOTS lots with YEARS
years of quarterly calls for funds (bench/coownership.seed, a few expenses a
month), its bank account, and a CODA file of MOVEMENTS movements made with
tests/banking/coda_builder: three in five pay with a co-owner's structured
communication, one in five with a free communication (it waits in the queue,
with a proposal when the name and amount fit), one in five is a supplier's
debit. It times the import with its matching (wall and CPU time, queries),
imports the same file again (nothing may change), and prints the co-owner's
account page's, the dashboard's and the payments page's query counts for a
small statement (50 movements) and for the big one: they must not grow.
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle_site.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.coownership import SETTINGS_NOTE, seed, timed  # noqa: E402
from tests.banking import coda_builder  # noqa: E402

ACCOUNT = "BE71096123456769"
RESERVE = "BE60096123456870"


def movements(count: int, references: list[str], names: list[str], first: int = 0) -> list[tuple]:
    moves = []
    for n in range(first, first + count):
        who = n % len(references)
        if n % 5 in (0, 1, 2):
            moves.append((25_000 + n % 97, references[who], "", "BE68539007547034", names[who][:35]))
        elif n % 5 == 3:
            moves.append((25_000 + n % 97, "", f"Charges {n}", "NL91ABNA0417164300", names[who][:35]))
        else:
            moves.append((-(10_000 + n % 89), "", f"Facture {n}", "BE62510007547061", "KONE BELGIUM SA"))
    return moves


def page_counts(clients: dict, slug: str, year: int) -> dict[str, int]:
    urls = {"account": ("owner", f"/fr/buildings/{slug}/my-account/"),
            "dashboard": ("syndic", f"/fr/buildings/{slug}/dashboard/?year={year}"),
            "payments": ("syndic", f"/fr/buildings/{slug}/payments/")}
    return {name: timed(clients[who], url, runs=3)[1:] for name, (who, url) in urls.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lots", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--movements", type=int, default=5000)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False, serialize=False)
    try:
        from community.models import HouseholdMember, User
        from coownership import services
        from coownership.models import Payment, PaymentReference

        syndic = User.objects.create_user(email="syndic@example.org", password="x", language="fr")
        owner = User.objects.create_user(email="owner@example.org", password="x", language="fr")
        today = date.today()
        start = time.perf_counter()
        building, expenses = seed("big", args.lots, args.years, 2, syndic, today.year - args.years)
        services.allocate_expenses(expenses)
        services.set_bank_account(acting_user=None, building=building, iban=ACCOUNT, account_name="ACP BIG")
        services.set_bank_account(acting_user=None, building=building, iban=RESERVE, account_name="ACP BIG",
                                  fund="reserve")
        households = {o.household for lot in building.lots.prefetch_related("ownerships__household")
                      for o in lot.ownerships.all()}
        for household in households:
            services.ensure_payment_reference(building, household)
        first = min(households, key=lambda h: h.pk)
        HouseholdMember.objects.create(user=owner, household=first)
        seeded = time.perf_counter() - start
        refs = dict(PaymentReference.objects.filter(building=building, fund="working").values_list("household__name", "digits"))
        names, references = list(refs), list(refs.values())

        clients = {"owner": Client(), "syndic": Client()}
        clients["owner"].force_login(owner)
        clients["syndic"].force_login(syndic)

        small = coda_builder.statement(movements(50, references, names, first=9000)).encode("ascii")
        services.import_bank_statement(acting_user=None, building=building, content=small)
        small_counts = page_counts(clients, "big", today.year - 1)

        content = coda_builder.statement(movements(args.movements, references, names)).encode("ascii")
        with CaptureQueriesContext(connection) as captured:
            start, cpu = time.perf_counter(), time.process_time()
            result = services.import_bank_statement(acting_user=None, building=building, content=content)
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        queries = len(captured.captured_queries)
        credits_sum = sum(c for c, *_rest in movements(args.movements, references, names) if c > 0)
        start = time.perf_counter()
        again = services.import_bank_statement(acting_user=None, building=building, content=content)
        wall_again = time.perf_counter() - start
        assert not again.created and not again.unmatched, "importing the same file twice changed something"
        matched_cents = sum(p.amount_cents for p in result.created)
        waiting_cents = sum(m.amount_cents for m, _p in result.unmatched)
        assert matched_cents + waiting_cents == credits_sum, "a cent was created or lost"
        big_counts = page_counts(clients, "big", today.year - 1)

        print(f"{SETTINGS_NOTE}, {args.lots} lots, {args.years} years of quarterly calls "
              f"({Payment.objects.filter(building=building).count()} payments before), seeded in {seeded:.1f} s:")
        print(f"  CODA file of {args.movements} movements ({len(content) // 1024} KiB): import and matching "
              f"{wall:6.2f} s, CPU {cpu:6.2f} s, {queries} queries")
        print(f"    {len(result.created)} matched by structured communication, {len(result.unmatched)} waiting "
              f"({sum(1 for _m, p in result.unmatched if p)} with a proposal), {result.debits} debits "
              f"({result.debits_proposed} with an expense proposed); "
              f"matched + waiting = credits: {matched_cents + waiting_cents} cents")
        print(f"  the same file again: {wall_again:6.2f} s, {again.already_imported} already imported, nothing new")
        for name in small_counts:
            (q_small, own_small), (q_big, own_big) = small_counts[name], big_counts[name]
            print(f"  {name} page: 50 movements {q_small} queries ({own_small} of co-ownership), "
                  f"{args.movements + 50} movements {q_big} queries ({own_big} of co-ownership)")
        assert big_counts == small_counts, "a money page's query count grew with the movements"
        print("  query counts constant: yes")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
