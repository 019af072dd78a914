"""Benchmark of importing a trust's register (issue 23).

    .venv/bin/python bench/import_register.py [--size 10000]
    DATABASE_URL=postgres://… .venv/bin/python bench/import_register.py

Builds a throw-away test database, writes a register file of SIZE
candidacies (CSV, as a trust's spreadsheet: accents, French and Dutch names
of communes), then times the dry run (reading, checking, matching) and the
write (one transaction), then the same file again (nothing to change).
Prints wall and CPU seconds of each step.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle_site.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SETTINGS_NOTE = "PostgreSQL" if "postgres" in os.environ.get("DATABASE_URL", "") else "SQLite"


def timed(label, fn):
    began, began_cpu = time.perf_counter(), time.process_time()
    result = fn()
    print(f"{label:44} {time.perf_counter() - began:7.2f} s wall {time.process_time() - began_cpu:7.2f} s CPU")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from datetime import date, timedelta

        from socle_site.kernel.dataio import importers

        from community.candidates.models import Application, IncomeCategory, Operator
        from tests.factories import make_staff

        for code, rank in (("A", 1), ("B", 2), ("C", 3)):
            IncomeCategory.objects.create(code=code, name=code, rank=rank)
        Operator.objects.create(name="CLT Brussels")
        staff = make_staff(email="staff@bench.test", is_superuser=True)
        imp = importers.importer("candidate-register")
        towns = ["Anderlecht", "Sint-Jans-Molenbeek", "Forest", "Vorst", "Schaerbeek", "Elsene"]
        lines = [[c.key for c in imp.columns]]
        for i in range(args.size):
            size = 1 + i % 5
            lines.append([
                3 * i + 1, (date(2012, 1, 2) + timedelta(hours=9 * i)).isoformat(), f"Ménage Dupré {i}", f"Zoë Müller {i}",
                1960 + i % 40, f"{20000 + i},50", size, 1 + (size > 2), "ABC"[i % 3], "active", "CLT Brussels",
                towns[i % 6], f"{towns[i % 3]}; {towns[(i + 2) % 6]}", 1, 1 + i % 4, "non", "",
            ])
        content = importers.csv_bytes(lines)
        print(f"Register import on {SETTINGS_NOTE}: {args.size} rows, {len(content) / 1e6:.1f} MB of CSV; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        report = timed("dry run (read, check, match)", lambda: importers.check(imp, content, "register.csv"))
        assert not report.refused and len(report.create) == args.size
        report = timed("write (checked again, one transaction)", lambda: importers.apply(imp, content, "register.csv", acting_user=staff))
        assert Application.objects.count() == args.size
        report = timed("same file again (nothing changes)", lambda: importers.apply(imp, content, "register.csv", acting_user=staff))
        assert report.unchanged == args.size and not report.create and not report.update
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
