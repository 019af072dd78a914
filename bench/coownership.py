"""Benchmark of the co-ownership accounts: a 200-lot building with five years of expenses.

    .venv/bin/python bench/coownership.py [--lots 200] [--years 5] [--per-month 20]
    DATABASE_URL=postgres://… .venv/bin/python bench/coownership.py

Builds a throw-away test database, then seeds a building of LOTS lots (four
distribution keys: general by shares, equal parts, a staircase of half the
lots, meter readings) owned by about three quarters as many households, with
PER_MONTH expenses a month over YEARS years, a yearly budget, four calls for
funds a year and the co-owners' payments. It times allocating every expense
to the cent (law.allocate, largest remainder; CPU time and queries, in two halves
whose query counts must be equal) and computing every co-owner's
balance, and prints the building dashboard's SQL query count and server time
for a small building (20 lots, one year) and for the big one: the count must
not grow.
"""

import argparse
import os
import statistics
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
from django.db.models import Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SETTINGS_NOTE = "PostgreSQL" if "postgres" in os.environ.get("DATABASE_URL", "") else "SQLite"


def timed(client: Client, url: str, runs: int = 9) -> tuple[float, int, int]:
    """Median server time, the page's queries (leaving aside the shared layout's cached Wagtail
    reads, which come and go with other apps' cache) and the co-ownership code's own queries."""
    times, queries, own = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        sqls = [q["sql"] for q in captured.captured_queries]
        queries = sum(1 for sql in sqls if "wagtailcore_" not in sql)
        own = sum(1 for sql in sqls if "coownership_" in sql or "community_householdmember" in sql)
    return statistics.median(times) * 1000, queries, own


def seed(slug: str, lots: int, years: int, per_month: int, syndic, first_year: int):
    """A building through the services, expenses bulk-inserted (allocated later)."""
    from community.models import Household, HousingProject
    from coownership import services
    from coownership.models import BuildingRole, Expense, Ownership, Payment

    project = HousingProject.objects.create(name=slug, slug=slug, municipality="Molenbeek-Saint-Jean")
    shares = [10_000 // lots + (1 if n < 10_000 % lots else 0) for n in range(lots)]
    building = services.create_building(
        acting_user=None, housing_project=project, name=slug, slug=slug, total_shares=10_000,
        lots=[{"reference": f"{n:03d}", "shares": s} for n, s in enumerate(shares)],
    )
    services.assign_building_role(acting_user=None, building=building, user=syndic, kind=BuildingRole.Kind.SYNDIC)
    all_lots = list(building.lots.order_by("reference"))
    households = Household.objects.bulk_create(
        [Household(name=f"{slug} household {n:03d}", housing_project=project) for n in range(max(1, lots * 3 // 4))]
    )
    Ownership.objects.bulk_create(
        [Ownership(lot=lot, household=households[n % len(households)], starts_on=date(first_year - 1, 1, 1))
         for n, lot in enumerate(all_lots)]
    )
    keys = list(building.keys.all())
    keys.append(services.create_key(acting_user=None, building=building, name="Staircase", kind="subset",
                                    weights={lot.pk: 1 + n % 6 for n, lot in enumerate(all_lots[: lots // 2])}))
    keys.append(services.create_key(acting_user=None, building=building, name="Water", kind="meter",
                                    weights={lot.pk: 20 + (n * 37) % 90 for n, lot in enumerate(all_lots)}))
    expenses = []
    for year in range(first_year, first_year + years):
        for key in keys:
            services.set_budget_line(acting_user=None, building=building, year=year, key=key, amount="12000.00")
        for month in range(1, 13):
            for n in range(per_month):
                expenses.append(Expense(
                    building=building, key=keys[n % len(keys)], supplier=f"Supplier {n}",
                    spent_on=date(year, month, 1 + n % 28), amount_cents=10_000 + (n * 7919 + month * 104_729) % 500_000,
                ))
    expenses = Expense.objects.bulk_create(expenses, batch_size=2000)
    payments = []
    for year in range(first_year, first_year + years):
        for quarter in (1, 2, 3, 4):
            call = services.issue_call_for_funds(acting_user=None, building=building, year=year, quarter=quarter)
            totals = call.lines.values("household_id").annotate(total=Sum("amount_cents"))
            payments += [Payment(building=building, household_id=row["household_id"], paid_on=call.due_on,
                                 amount_cents=row["total"] - (0 if row["household_id"] % 7 else 500))
                         for row in totals]
    Payment.objects.bulk_create(payments, batch_size=2000)
    return building, expenses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lots", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--per-month", type=int, default=20)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False, serialize=False)
    try:
        from community.models import User
        from coownership import selectors, services
        from coownership.models import Allocation

        syndic = User.objects.create_user(email="syndic@example.org", password="x", language="fr")
        client = Client()
        client.force_login(syndic)
        today = date.today()
        first_year = today.year - args.years

        small, small_expenses = seed("small", 20, 1, 5, syndic, today.year - 1)
        services.allocate_expenses(small_expenses)
        ms_small, q_small, own_small = timed(client, f"/fr/buildings/small/dashboard/?year={today.year - 1}")

        start = time.perf_counter()
        building, expenses = seed("big", args.lots, args.years, args.per_month, syndic, first_year)
        seeded = time.perf_counter() - start

        # Half the expenses, then the other half: the same queries for 600 as for 1,200 expenses.
        # CPU time is this process's (with SQLite, the database's work is in it; with
        # PostgreSQL the server's is not).
        half = len(expenses) // 2
        runs = []
        for part in (expenses[:half], expenses[half:]):
            with CaptureQueriesContext(connection) as captured:
                start, cpu = time.perf_counter(), time.process_time()
                written = services.allocate_expenses(part)
                runs.append((len(part), written, time.perf_counter() - start, time.process_time() - cpu,
                             len(captured.captured_queries)))
        rows = sum(run[1] for run in runs)
        allocating = sum(run[2] for run in runs)
        allocating_cpu = sum(run[3] for run in runs)
        cents = Allocation.objects.filter(expense__building=building).aggregate(t=Sum("amount_cents"))["t"]
        assert cents == sum(e.amount_cents for e in expenses), "allocations do not add up"

        start = time.perf_counter()
        balances = selectors.balances(building, today)
        charges = dict(
            Allocation.objects.filter(expense__building=building).values_list("household_id")
            .annotate(total=Sum("amount_cents")).values_list("household_id", "total")
        )
        balancing = time.perf_counter() - start

        ms_big, q_big, own_big = timed(client, f"/fr/buildings/big/dashboard/?year={today.year - 1}")
        print(f"{SETTINGS_NOTE}, {args.lots} lots, {args.years} years, {args.per_month} expenses a month:")
        print(f"  seeding (services for the building, calls for funds; bulk expenses and payments): {seeded:6.1f} s")
        print(f"  allocating {len(expenses)} expenses to the cent ({rows} lot shares): {allocating:6.2f} s,"
              f" CPU {allocating_cpu:6.2f} s ({allocating_cpu / len(expenses) * 1000:.2f} ms CPU per expense)")
        for count, written, wall, cpu, queries in runs:
            print(f"    {count} expenses, {written} shares: {wall:6.2f} s, CPU {cpu:6.2f} s, {queries} queries")
        assert len({run[4] for run in runs}) == 1, "the allocation's query count grew with the expenses"
        print(f"  balances of {len(balances)} co-owners and their charges ({len(charges)}): {balancing * 1000:6.1f} ms")
        print("  building dashboard:")
        print(f"    20 lots, 1 year, {len(small_expenses)} expenses: median {ms_small:6.1f} ms, {q_small} queries ({own_small} of co-ownership)")
        print(f"    {args.lots} lots, {args.years} years, {len(expenses)} expenses: median {ms_big:6.1f} ms, {q_big} queries ({own_big} of co-ownership)")
        assert (q_big, own_big) == (q_small, own_small), "the dashboard's query count grew with the lots or the expenses"
        print("  query count constant: yes")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
