"""Benchmark of the register of candidate owners.

    .venv/bin/python bench/register.py [--size 10000]
    DATABASE_URL=postgres://… .venv/bin/python bench/register.py

Builds a throw-away test database, fills the register with SIZE candidacies
(bulk inserts, realistic spread of sizes, categories and wishes), then
measures the server time (median of 15 requests through Django's test
client, the whole request/response cycle) and the SQL query count of:
the ranked list for one home, the candidate's own position page and the
staff register list. The counts are taken at 1,000 and at SIZE candidacies
to show they do not grow with the register.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle_site.settings_test")

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SETTINGS_NOTE = "PostgreSQL" if "postgres" in os.environ.get("DATABASE_URL", "") else "SQLite"


def fill(n_from: int, n_to: int, operator, categories) -> None:
    from community.candidates.models import Application, Person
    from community.models import Household

    households = Household.objects.bulk_create([Household(name=f"Bench household {i}") for i in range(n_from, n_to)])
    start = timezone.now() - timedelta(days=3650)
    apps = Application.objects.bulk_create(
        [
            Application(
                household=h,
                # Odd numbers: the candidate's own submission, made after the
                # first 500, takes the next number and keeps its place.
                register_number=2 * i + 1,
                submitted_at=start + timedelta(minutes=5 * i),
                status="active" if i % 9 else "pending",
                category=categories[i % len(categories)],
                household_size=1 + i % 6,
                adults=1 + i % 2,
                current_tenure="private_rent",
                current_municipality=["Molenbeek-Saint-Jean", "Forest", "Anderlecht"][i % 3],
                wished_municipalities=[["Molenbeek-Saint-Jean", "Forest", "Anderlecht"][i % 3]],
                bedrooms_min=1,
                bedrooms_max=1 + i % 4,
                needs_accessible=i % 17 == 0,
                renew_by=timezone.localdate() + timedelta(days=i % 365),
            )
            for i, h in zip(range(n_from, n_to), households, strict=True)
        ],
        batch_size=1000,
    )
    Through = Application.operators.through
    Through.objects.bulk_create([Through(application_id=a.pk, operator_id=operator.pk) for a in apps], batch_size=2000)
    Person.objects.bulk_create(
        [Person(application=a, full_name=f"Person {a.pk}", relationship="adult", birth_year=1980, yearly_income="21000") for a in apps],
        batch_size=1000,
    )


def measure(client: Client, url: str, repeat: int = 15) -> tuple[float, int]:
    client.get(url)  # warm-up: the base layout caches its site menus on the first request
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    queries = len(ctx.captured_queries)
    times, cpu = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        assert response.status_code == 200
    return statistics.median(times), queries, statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()

    setup_test_environment()
    from django.test.utils import get_runner  # noqa: F401

    old_name = connection.settings_dict["NAME"]
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from community.candidates import services
        from community.candidates.models import (
            ActivationStep,
            Application,
            Home,
            IncomeCategory,
            IncomeThreshold,
            Operator,
            PriorityRuleSetting,
        )
        from community.models import HousingProject
        from tests.factories import UserFactory

        categories = []
        for rank, code in enumerate("ABCD", start=1):
            category = IncomeCategory.objects.create(code=code, name=code, rank=rank)
            IncomeThreshold.objects.create(year=timezone.localdate().year, category=category, base=25000 + 10000 * rank)
            categories.append(category)
        step = ActivationStep.objects.create(code="info", name="Information session")
        operator = Operator.objects.create(name="CLT Brussels")
        for kind in ("needs_accessibility", "wishes_municipality", "lives_in_municipality"):
            PriorityRuleSetting.objects.create(operator=operator, kind=kind, points=1)
        officer = UserFactory(email="officer@bench.test")
        operator.staff.add(officer)
        candidate = UserFactory(email="candidate@bench.test")
        project = HousingProject.objects.create(name="Arc-en-Ciel", slug="molenbeek-arc-en-ciel", municipality="Molenbeek-Saint-Jean")
        from community.models import Dwelling

        dwelling = Dwelling.objects.create(housing_project=project, label="2 bedrooms")
        home = Home.objects.create(housing_project=project, operator=operator, dwelling=dwelling, label="2 bedrooms", bedrooms=2, floor_area=78, price=185000, cost_price=255000, land_value=62000)

        staff_client, candidate_client = Client(), Client()
        staff_client.force_login(officer)
        candidate_client.force_login(candidate)

        print(f"Register benchmark on {SETTINGS_NOTE}, {args.size} candidacies")
        fill(0, 500, operator, categories)
        mine = services.submit_application(
            acting_user=candidate, applicant=candidate, operators=[operator], consents=True,
            persons=[{"full_name": "Awa Diallo", "relationship": "adult", "birth_year": 1988, "yearly_income": Decimal(24000)},
                     {"full_name": "Ibrahima Diallo", "relationship": "dependant", "birth_year": 2016}],
            current_tenure="private_rent", current_municipality="Molenbeek-Saint-Jean",
            wished_municipalities=["Molenbeek-Saint-Jean"], bedrooms_min=1, bedrooms_max=3,
        )
        services.complete_step(acting_user=officer, application=mine, step=step)
        Application.objects.filter(pk=mine.pk).update(status="active")
        checkpoints = sorted({min(1000, args.size), args.size})
        done = 500
        urls = {
            "ranked list for one home": f"/fr/register/homes/{home.pk}/",
            "candidate's position page": "/fr/candidacy/",
            "staff register list (page 1)": "/fr/register/",
        }
        results = {}
        for checkpoint in checkpoints:
            fill(done, checkpoint, operator, categories)
            done = checkpoint
            if connection.vendor == "postgresql":  # the statistics autovacuum would gather after the load
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            for label, url in urls.items():
                client = candidate_client if "position" in label else staff_client
                results[(label, checkpoint)] = measure(client, url)
        # Wall time suffers when the machine is shared; the process's CPU time
        # (SQLite runs inside it) shows the work the request itself costs.
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'page':32} " + " ".join(f"{c:>8} cand. (wall ms / CPU ms / queries)" for c in checkpoints))
        for label in urls:
            cells = " ".join(
                f"{results[(label, c)][0]:>14.1f} / {results[(label, c)][2]:>7.1f} / {results[(label, c)][1]:>3}" for c in checkpoints
            )
            print(f"{label:32} {cells}")
        for label in urls:
            counts = {results[(label, c)][1] for c in checkpoints}
            assert len(counts) == 1, f"{label}: query count grew with the register: {counts}"
        print("Query counts are the same at every size.")
        # The same run, the way the list was ranked before issue 18: every
        # eligible row read and ranked in Python, then the page cut.
        from community.candidates import policy, selectors

        def whole_list_in_python():
            rows = selectors.eligible_for(home).values(*selectors.FACT_FIELDS)
            return policy.rank_candidates(
                home=selectors.home_facts(home), candidates=(selectors._facts(r) for r in rows),
                category_order=selectors._category_order(), priority_rules=selectors.priority_rules(home.operator_id),
            )[:25]

        def page_in_database():
            return selectors.ranked_page(home, limit=25)[0]

        assert [line.candidate.register_number for line in whole_list_in_python()] == [
            line.candidate.register_number for line in page_in_database()
        ]
        for label, fn in (("whole list ranked in Python (before)", whole_list_in_python), ("page sorted by the database (now)", page_in_database)):
            cpu = []
            for _ in range(15):
                began = time.process_time()
                fn()
                cpu.append((time.process_time() - began) * 1000)
            print(f"ranking selector, {args.size} candidacies, {label}: {statistics.median(cpu):.1f} ms CPU")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        del test_db


if __name__ == "__main__":
    main()
