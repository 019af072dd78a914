"""CPU cost of the operations middleware per request, measured in-process.

    .venv/bin/python bench/metrics_overhead.py [--requests 3000] [--rounds 5]

A bare view (no template, no database) is requested through Django's test
client with no other middleware, then with ``socle_site.ops.middleware.
OpsMiddleware`` alone: request id, metrics (multi-process mode, files in a
temporary directory) and the request's JSON log line (written to /dev/null).
Rounds alternate the two so that a busy shared machine weighs on both; the
median of the rounds' CPU time per request (``time.process_time``) is printed,
and the difference is the middleware's cost.
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="socle-bench-metrics-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle_site.settings_test")

import django  # noqa: E402

django.setup()

from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from socle_site.ops.request_log import JsonFormatter, RequestIdFilter  # noqa: E402


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bare/", bare, name="bare")]


def cpu_us_per_request(middleware: list[str], requests: int) -> float:
    with override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=middleware, ALLOWED_HOSTS=["*"]):
        client = Client()
        for _ in range(50):
            assert client.get("/bare/").status_code == 200
        started = time.process_time()
        for _ in range(requests):
            client.get("/bare/")
        return (time.process_time() - started) * 1e6 / requests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    # The request log as in production: JSON, one line per request.
    logger = logging.getLogger("socle.requests")
    logger.handlers[:] = []
    handler = logging.StreamHandler(open(os.devnull, "w"))  # noqa: SIM115
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False

    ops_middleware = ["socle_site.ops.middleware.OpsMiddleware"]
    without, with_ops, without_log = [], [], []
    for _ in range(args.rounds):
        without.append(cpu_us_per_request([], args.requests))
        with_ops.append(cpu_us_per_request(ops_middleware, args.requests))
        logger.disabled = True
        without_log.append(cpu_us_per_request(ops_middleware, args.requests))
        logger.disabled = False
    base, ops, quiet = statistics.median(without), statistics.median(with_ops), statistics.median(without_log)
    print(f"bare view, {args.rounds} rounds of {args.requests} requests, median CPU time per request:")
    print(f"  without the middleware: {base:7.1f} µs")
    print(f"  with OpsMiddleware:     {ops:7.1f} µs")
    print(f"  cost per request:       {ops - base:7.1f} µs (metrics, request id and the JSON log line)")
    print(f"  of which the log line:  {ops - quiet:7.1f} µs (the same middleware with the request log off)")


if __name__ == "__main__":
    main()
