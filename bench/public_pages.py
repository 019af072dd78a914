"""Benchmark of the public pages in production mode.

    .venv/bin/python bench/public_pages.py [--size 100] [--seconds 8] [--port 8913] [--worker CLASS]...

Builds a temporary SQLite site (migrate, demo, SIZE extra projects, news
items and testimonials, collectstatic), starts it in production mode under
gunicorn with two of the production's uvicorn workers (README; --worker
uvicorn.workers.UvicornWorker for uvicorn's own, without the shorter GIL
switch interval), and drives it from 10 concurrent clients
(threads with http.client, loopback only) for a bounded time per page:
home, project index, a project page, recommendations, news index. "cached"
is an anonymous visitor (whole-page cache hits); "uncached" sends a session
cookie, which the page cache never serves (the session is unknown, so the
page is rendered for an anonymous visitor). The ceiling is a minimal Django
view returning a page of the same size through the same middleware.
"""

import argparse
import http.client
import os
import secrets
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PAGES = [
    ("home", "/fr/"),
    ("project index", "/fr/projets/"),
    ("project page", "/fr/projets/molenbeek-arc-en-ciel/"),
    ("recommendations", "/fr/recommandations/"),
    ("news index", "/fr/actualites/"),
]


def run(args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def load(port: int, path: str, seconds: float, clients: int = 10, cookie: str = "") -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    headers = {"Host": "127.0.0.1", "Cookie": cookie} if cookie else {"Host": "127.0.0.1"}

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000 if latencies else 0,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0,
        "errors": errors[0],
    }


def page_size(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200, (path, response.status)
    return len(body)


PRODUCTION_WORKER = "socle_site.workers.UvicornWorker"


def serve(env, port: int, settings: str, worker: str = PRODUCTION_WORKER):
    env = {**env, "DJANGO_SETTINGS_MODULE": settings}
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "socle_site.asgi:application", "-k", worker,
         "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/robots.txt")
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--port", type=int, default=8913)
    parser.add_argument("--worker", action="append", help="gunicorn worker class (repeat to compare several on the same data)")
    options = parser.parse_args()
    workers = options.worker or [PRODUCTION_WORKER]
    from cryptography.fernet import Fernet

    var = tempfile.mkdtemp(prefix="socle-bench-")
    env = {
        **os.environ, "SOCLE_ENV": "production", "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
        "SOCLE_FIELD_KEY": Fernet.generate_key().decode(), "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",
        "SOCLE_VAR_DIR": var, "PYTHONPATH": str(ROOT), "SOCLE_Q_WORKERS": "1",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    try:
        print(f"preparing {var} …", flush=True)
        run(["migrate", "-v0"], env)
        run(["load_demo"], env)
        subprocess.run([PYTHON, "manage.py", "shell", "-c", f"import sys; sys.argv=['', '{options.size}']; exec(open('bench/seed_public.py').read())"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        run(["collectstatic", "--noinput", "-v0"], env)
        for worker in workers:
            process = serve(env, options.port, "socle_site.settings", worker)
            try:
                sizes = {name: page_size(options.port, path) for name, path in PAGES}
                load(options.port, "/fr/", 3)  # both workers booted and warm
                print(f"\n{options.size} extra projects, news items and testimonials; 10 clients, {options.seconds:.0f} s per line; {worker}\n")
                print(f"{'page':<18}{'bytes':>8} | {'cached req/s':>12}{'p50 ms':>8}{'p99 ms':>8} | {'uncached req/s':>14}{'p50 ms':>8}{'p99 ms':>8}")
                for name, path in PAGES:
                    cached = load(options.port, path, options.seconds)
                    uncached = load(options.port, path, options.seconds, cookie="sessionid=benchmark-no-such-session")
                    print(f"{name:<18}{sizes[name]:>8} | {cached['rps']:>12.0f}{cached['p50']:>8.1f}{cached['p99']:>8.1f} | "
                          f"{uncached['rps']:>14.0f}{uncached['p50']:>8.1f}{uncached['p99']:>8.1f}"
                          + (f"  errors {cached['errors']}+{uncached['errors']}" if cached["errors"] or uncached["errors"] else ""), flush=True)
            finally:
                process.terminate()
                process.wait()
            ceiling_env = {**env, "BENCH_CEILING_BYTES": str(max(sizes.values()))}
            process = serve(ceiling_env, options.port, "bench.ceiling_settings", worker)
            try:
                load(options.port, "/ceiling/", 3)  # both workers booted and warm, as for the pages
                ceiling = load(options.port, "/ceiling/", options.seconds)
                print(f"{'ceiling view':<18}{max(sizes.values()):>8} | {ceiling['rps']:>12.0f}{ceiling['p50']:>8.1f}{ceiling['p99']:>8.1f} |")
            finally:
                process.terminate()
                process.wait()
    finally:
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
