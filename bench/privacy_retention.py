"""Benchmark of the retention job and of a member's export.

    DATABASE_URL=sqlite:////tmp/socle_bench.sqlite3 .venv/bin/python bench/privacy_retention.py [--rows 50000]

Runs against whatever DATABASE_URL names (migrated first: use a throw-away
database). Seeds ROWS expired notifications and ROWS/2 recent ones for 200
members, then times the dry run, the real run (batches of 500) and a second
run, which must find nothing; then seeds one member with 2 000
notifications and times the export built for them.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle_site.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    from community.models import Notification, User
    from community.privacy import engine
    from community.privacy.models import DataRequest
    from community.privacy.services import build_export

    now = timezone.now()
    members = [User.objects.get_or_create(email=f"bench-privacy-{i}@example.org")[0] for i in range(200)]
    Notification.objects.filter(recipient__in=members).delete()
    batch = []
    for i in range(args.rows + args.rows // 2):
        old = i < args.rows
        created = now - timedelta(days=400 if old else 30, minutes=i % 1000)
        batch.append(Notification(recipient=members[i % 200], category="bench", title=f"n{i}", created_at=created))
        if len(batch) == 5000:
            Notification.objects.bulk_create(batch)
            batch = []
    Notification.objects.bulk_create(batch)

    def timed(label, fn):
        start = time.perf_counter()
        result = fn()
        print(f"{label:<38} {time.perf_counter() - start:8.2f} s")
        return result

    dry = timed("retention dry run", lambda: engine.run_retention(dry_run=True))
    print("  notifications due:", next(line.count for line in dry if line.label == "community.Notification"))
    done = timed("retention run (batches of 500)", lambda: engine.run_retention())
    print("  notifications deleted:", next(line.count for line in done if line.label == "community.Notification"))
    again = timed("second run (nothing left to do)", lambda: engine.run_retention())
    assert sum(line.count for line in again) == 0, again
    print("  recent notifications kept:", Notification.objects.filter(recipient__in=members).count())

    member = members[0]
    Notification.objects.bulk_create(
        [Notification(recipient=member, category="bench", title=f"e{i}", created_at=now) for i in range(2000)]
    )
    request = DataRequest.objects.create(user=member, kind=DataRequest.Kind.EXPORT)
    timed("export of one member (all apps)", lambda: build_export(request_id=request.pk))
    request.refresh_from_db()
    print(f"  JSON {len(request.export_json) / 1024:.0f} KiB, page {len(request.export_html) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
