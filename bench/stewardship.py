"""Benchmark of stewardship after the sale (issue 25, § Speed).

    .venv/bin/python bench/stewardship.py [--homes 150] [--years 20] [--candidates 1400]
    DATABASE_URL=postgres://… .venv/bin/python bench/stewardship.py

Builds a throw-away test database: a register of CANDIDATES candidacies
(bench/register.fill), HOMES owned homes each with its deed (an index, an
appraisal or a fixed-rate formula), YEARS years of yearly checks (occupancy
and insurance, a few sent back and late), owners' requests every few years,
appraisals and index values. Then it measures, first with two years of
history and again with YEARS, the server time (median of 15, wall and CPU)
and the SQL queries of the owner's file (as the owner and as the officer,
with the affordability ledger), the officer's dashboard (what is due across
all homes) and the daily task's run over every home. Query counts must not
grow with the history.
"""

import argparse
import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle_site.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.register import fill, measure  # noqa: E402

SETTINGS_NOTE = "PostgreSQL" if "postgres" in os.environ.get("DATABASE_URL", "") else "SQLite"
FORMULAS = ("index", "appraisal", "fixed_rate")


def seed_homes(homes: int, operator, project, bought_on: date):
    from community.candidates.models import Appraisal, Deed, Home, IndexValue
    from community.models import Dwelling, Household, HouseholdMember
    from tests.factories import UserFactory

    dwellings = Dwelling.objects.bulk_create([Dwelling(housing_project=project, label=f"H{n:03d}") for n in range(homes)])
    households = Household.objects.bulk_create([Household(name=f"Owner household {n:03d}") for n in range(homes)])
    Dwelling.objects.bulk_update([
        *(setattr(d, "owner_household_id", h.pk) or setattr(d, "owned_since", bought_on) or d
          for d, h in zip(dwellings, households, strict=True))], ["owner_household", "owned_since"])
    owner = UserFactory(email="owner@bench.test")
    HouseholdMember.objects.create(household=households[0], user=owner, full_name="Bench Owner")
    home_rows = Home.objects.bulk_create([
        Home(operator=operator, housing_project=project, dwelling=d, label=d.label, bedrooms=2, floor_area=Decimal(75),
             price=Decimal(160000), cost_price=Decimal(280000), land_value=Decimal(60000), status="allocated")
        for d in dwellings])
    Deed.objects.bulk_create([
        Deed(home=h, household=households[n], bought_on=bought_on, price_paid=Decimal(160000),
             formula=FORMULAS[n % 3], share_percent=Decimal(25) if n % 3 == 1 else None,
             appraisal_at_purchase=Decimal(230000) if n % 3 == 1 else None,
             index_name="Indice santé" if n % 3 == 0 else "", index_at_purchase=Decimal(100) if n % 3 == 0 else None,
             rate_percent=Decimal(2) if n % 3 == 2 else None, lease_starts_on=bought_on, lease_years=50,
             lease_fee_cents=1500, lease_fee_period="monthly", lease_fee_indexed=n % 2 == 0)
        for n, h in enumerate(home_rows)])
    IndexValue.objects.bulk_create([IndexValue(name="Indice santé", on=date(y, 1, 1), value=Decimal(100 + 2 * (y - bought_on.year)))
                                    for y in range(bought_on.year, timezone.localdate().year + 1)])
    Appraisal.objects.bulk_create([Appraisal(home=h, on=date(y, 6, 1), value=Decimal(230000 + 3000 * (y - bought_on.year)))
                                   for n, h in enumerate(home_rows) if n % 3 == 1
                                   for y in range(bought_on.year + 1, timezone.localdate().year + 1, 5)])
    return dwellings, owner


def add_history(dwellings, first_year: int, last_year: int) -> None:
    from community.stewardship.models import OwnerRequest, YearlyCheck

    checks = []
    for d in dwellings:
        for year in range(first_year, last_year + 1):
            for kind in ("occupancy", "insurance"):
                late = (year + d.pk) % 11 == 0
                checks.append(YearlyCheck(
                    dwelling=d, household_id=d.owner_household_id, kind=kind, year=year, opened_on=date(year, 2, 1),
                    due_on=date(year, 4, 1), status="open" if late and year == last_year else "accepted",
                    reviewed_at=None if late else timezone.make_aware(timezone.datetime(year, 3, 1, 10)),
                    review_note="Older than three months" if late else "", document_name=f"{kind}-{year}.pdf",
                    document_size=1200))
    YearlyCheck.objects.bulk_create(checks, batch_size=2000)
    OwnerRequest.objects.bulk_create([
        OwnerRequest(dwelling=d, household_id=d.owner_household_id, kind="works", status="completed",
                     reason="Roof insulation", amount_cents=9_000_00, approved_cents=8_000_00, invoiced_cents=7_500_00,
                     submitted_at=timezone.make_aware(timezone.datetime(year, 5, 1, 10)),
                     decided_at=timezone.make_aware(timezone.datetime(year, 5, 20, 10)),
                     invoices_recorded_at=timezone.make_aware(timezone.datetime(year, 9, 1, 10)))
        for d in dwellings for year in range(first_year, last_year + 1, 4)], batch_size=2000)


def add_fees(until: date) -> None:
    """The fees fallen due by ``until`` (the daily task's service), each paid
    two days later with the owner's reference, but one month in seven."""
    from community.stewardship import services
    from community.stewardship.models import FeeCharge, FeeCredit

    services.open_fees(today=until)
    paid = set(FeeCredit.objects.values_list("identity", flat=True))
    FeeCredit.objects.bulk_create([
        FeeCredit(identity=f"bench:{c.pk}", account_iban="BE48001123456727", booked_on=c.due_on, amount_cents=c.amount_cents,
                  counterparty_name="Owner", status="matched", dwelling_id=c.dwelling_id, household_id=c.household_id)
        for c in FeeCharge.objects.all() if f"bench:{c.pk}" not in paid and c.pk % 7], batch_size=5000)


def run_daily() -> tuple[float, int]:
    from community.stewardship import services

    with CaptureQueriesContext(connection) as captured:
        began = time.process_time()
        services.send_reminders()
        cpu = (time.process_time() - began) * 1000
    return cpu, len(captured.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--homes", type=int, default=150)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--candidates", type=int, default=1400)
    args = parser.parse_args()

    setup_test_environment()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from community.candidates.models import IncomeCategory, IncomeThreshold, Operator
        from community.models import HousingProject, Role
        from community.stewardship.services import ensure_decision_rules, ensure_rules
        from tests.factories import UserFactory

        categories = []
        for rank, code in enumerate("ABCD", start=1):
            category = IncomeCategory.objects.create(code=code, name=code, rank=rank)
            IncomeThreshold.objects.create(year=timezone.localdate().year, category=category, base=25000 + 10000 * rank)
            categories.append(category)
        operator = Operator.objects.create(name="CLT Brussels")
        fill(0, args.candidates, operator, categories)
        ensure_rules()
        ensure_decision_rules()
        project = HousingProject.objects.create(name="Bench homes", slug="bench-homes", municipality="Anderlecht")
        this_year = timezone.localdate().year
        dwellings, owner = seed_homes(args.homes, operator, project, date(this_year - args.years, 3, 1))
        steward = UserFactory(email="steward@bench.test", roles=[Role.STEWARD])
        owner_client, officer_client = Client(), Client()
        owner_client.force_login(owner)
        officer_client.force_login(steward)
        home = dwellings[0]
        pages = {
            "owner's file (owner)": (owner_client, f"/fr/my/home/{home.pk}/"),
            "owner's file (officer, with the ledger)": (officer_client, f"/fr/my/home/{home.pk}/"),
            "dashboard (officer)": (officer_client, "/fr/stewardship/"),
            "ground-lease fees (officer)": (officer_client, "/fr/stewardship/fees/"),
        }
        rows = {}
        add_history(dwellings, this_year - 1, this_year)
        add_fees(date(this_year - args.years + 2, 3, 1))
        for name, (client, url) in pages.items():
            rows[name] = [measure(client, url)]
        rows["daily reminders (all homes)"] = [(0.0, run_daily()[1], run_daily()[0])]
        add_history(dwellings, this_year - args.years, this_year - 2)
        add_fees(timezone.localdate())
        for name, (client, url) in pages.items():
            rows[name].append(measure(client, url))
        cpu, queries = run_daily()
        rows["daily reminders (all homes)"].append((0.0, queries, cpu))

        from community.stewardship.models import FeeCharge, OwnerRequest, YearlyCheck

        print(f"\nStewardship on {SETTINGS_NOTE}: {args.homes} homes, {args.candidates} candidacies in the register, "
              f"{YearlyCheck.objects.count()} yearly checks, {OwnerRequest.objects.count()} requests and "
              f"{FeeCharge.objects.count()} ground-lease fees after "
              f"{args.years} years")
        print(f"{'page':44} {'2 years: ms wall / CPU, queries':>32} {f'{args.years} years: ms wall / CPU, queries':>34}")
        for name, ((wall1, q1, cpu1), (wall2, q2, cpu2)) in rows.items():
            print(f"{name:44} {wall1:9.1f} / {cpu1:6.1f} ms {q1:5d} q {wall2:12.1f} / {cpu2:6.1f} ms {q2:5d} q"
                  f"{'' if q1 == q2 else '   ← GROWS'}")
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
