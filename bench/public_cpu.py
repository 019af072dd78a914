"""Server CPU time of one public page request, measured in-process.

    SOCLE_ENV=production DEBUG=0 SECRET_KEY=… SOCLE_VAR_DIR=<a seeded var dir> \
        .venv/bin/python bench/public_cpu.py [--requests 200] [--profile "project page"]

Wall-clock benchmarks are noisy on a shared machine; CPU time is not. Runs
the bench's pages (bench/public_pages.py) through Django's test client in
this process, under the settings of the environment (use production mode
and a var dir prepared like the benchmark's: migrate, load_demo,
bench/seed_public.py), and prints the CPU milliseconds per request,
"cached" (anonymous, whole-page cache hits) and "uncached" (an unknown
session cookie). --profile prints cProfile's top functions for one page's
uncached requests.
"""

import argparse
import cProfile
import gc
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle_site.settings")

from public_pages import PAGES  # noqa: E402

UNKNOWN_SESSION = "benchmark-no-such-session"


def cpu_ms_per_request(client, path: str, requests: int, cookie: str = "") -> float:
    # The cookie is sent as is on every request, as the benchmark's clients
    # do (the test client would drop a session cookie the server deletes).
    extra = {"HTTP_COOKIE": cookie} if cookie else {}
    for _ in range(5):  # caches filled, as in a warm worker
        assert client.get(path, **extra).status_code == 200
    started = time.process_time()
    for _ in range(requests):
        client.get(path, **extra)
    return (time.process_time() - started) * 1000 / requests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", default="", help="name of a page to profile, e.g. 'home'")
    parser.add_argument("--top", type=int, default=40)
    options = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    assert not settings.DEBUG, "measure in production mode (DEBUG off)"
    anonymous, client = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    session_cookie = f"{settings.SESSION_COOKIE_NAME}={UNKNOWN_SESSION}"
    pages = dict(PAGES)
    if options.profile:
        path = pages[options.profile]
        cpu_ms_per_request(client, path, 20, session_cookie)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(options.requests):
            client.get(path, HTTP_COOKIE=session_cookie)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(options.top)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(options.top)
        return
    print(f"{'page':<18}{'cached ms':>10}{'uncached ms':>12}   (CPU per request, {options.requests} requests)")
    for name, path in PAGES:
        gc.collect()
        cached = cpu_ms_per_request(anonymous, path, options.requests)
        uncached = cpu_ms_per_request(client, path, options.requests, session_cookie)
        print(f"{name:<18}{cached:>10.2f}{uncached:>12.2f}", flush=True)


if __name__ == "__main__":
    main()
