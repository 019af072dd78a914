"""Which server should carry plain HTTP? One run, the same data, three gunicorn set-ups.

    .venv/bin/python bench/topology.py [--seconds 5] [--workers 2] [--threads 8]

Builds a temporary site on PostgreSQL and Redis (a database of its own on
``--postgres``, dropped at the end; the shared Redis, db 13, a prefix of its
own, removed at the end; migrate + demo + collectstatic),
then for each set-up serves it in production mode under gunicorn with
``--workers`` workers and drives it with wrk (2 threads, 10 connections) for
``--seconds`` per line:

- ``sync``: ``socle_site.wsgi`` on gunicorn's sync workers;
- ``gthread``: ``socle_site.wsgi`` on gunicorn's threaded workers (``--threads``);
- ``asgi``: ``socle_site.asgi`` on the production's uvicorn worker (until now
  the README's production command: HTTP and websockets in one server).

Lines: ``cached page`` is the French home page for an anonymous visitor (a page
cache hit on Redis); ``ceiling`` is a bare Django view returning the same number
of bytes through the same middleware (``bench/ceiling_settings.py``). CPU per
request is the user + system time the worker processes spent during the wrk run
(read from ``/proc/<pid>/stat`` before and after), divided by the requests
served; wrk's and Redis's own CPU are not in it.

Two runs (2026-12-06, 2 cores shared with other work, load average about 7,
then about 12: the req/s move with the load, the CPU per request much less):

    server    | cached req/s CPU ms/req      p99  % ceil | ceiling req/s CPU ms/req      p99
    sync      |          170       2.75 205.91ms     10% |          1471       0.59  35.19ms
    gthread   |          484       1.83  87.09ms     29% |          1652       0.70  83.64ms
    asgi      |          258       4.64 160.28ms     16% |          1230       1.33  59.36ms

    sync      |          179       2.44 152.31ms     13% |           877       0.69  44.04ms
    gthread   |          413       1.86 369.54ms     30% |          1393       0.72  92.76ms
    asgi      |          150       4.89 456.11ms     11% |          1397       1.30  42.04ms

The threaded WSGI workers carry plain HTTP at 40% of the ASGI worker's CPU
for the cached page and about half for the bare view: deploy/ serves HTTP
with them and keeps the ASGI worker for /ws/ only.
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE = "/fr/"
SETUPS = {
    "sync": ["socle_site.wsgi:application", "-k", "sync"],
    "gthread": ["socle_site.wsgi:application", "-k", "gthread"],
    "asgi": ["socle_site.asgi:application", "-k", "socle_site.workers.UvicornWorker"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(args: list[str], env: dict) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / CLOCK_TICKS


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def serve(setup: str, env: dict, settings: str, port: int, workers: int, threads: int) -> subprocess.Popen:
    command = [str(VENV_BIN / "gunicorn"), *SETUPS[setup], "-w", str(workers), "-b", f"127.0.0.1:{port}",
               "--log-level", "warning", "--no-control-socket"]
    if setup == "gthread":
        command += ["--threads", str(threads)]
    process = subprocess.Popen(command, cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": settings})
    for _ in range(150):
        try:
            get(port, "/robots.txt")  # any answer: listening
            if len(children(process.pid)) == workers:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    stop(process)
    raise SystemExit(f"{setup} did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wrk(process: subprocess.Popen, port: int, path: str, seconds: float) -> dict:
    workers = children(process.pid)
    # Warm every worker (templates compiled, gc frozen after its first requests).
    subprocess.run(["wrk", "-t2", "-c10", "-d2s", "-H", "Host: 127.0.0.1", f"http://127.0.0.1:{port}{path}"],
                   check=True, capture_output=True)
    before = cpu_seconds(workers)
    out = subprocess.run(["wrk", "-t2", "-c10", f"-d{seconds:.0f}s", "--latency", "-H", "Host: 127.0.0.1",
                          f"http://127.0.0.1:{port}{path}"], check=True, capture_output=True, text=True).stdout
    cpu = cpu_seconds(workers) - before
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "cpu_ms": cpu * 1000 / requests if requests else 0.0,
        "p99": re.search(r"99%\s+(\S+)", out).group(1),
        "errors": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import dev

    dev.ensure_debian_packages(dev.BENCH_PACKAGES)  # wrk
    # Stopped with SIGTERM, still clean up (servers, database, Redis keys, files).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    from cryptography.fernet import Fernet

    var = tempfile.mkdtemp(prefix="socle-topology-")
    prefix = f"deploy-bench-{secrets.token_hex(4)}"
    env = {
        **os.environ, "SOCLE_ENV": "production", "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
        "SOCLE_FIELD_KEY": Fernet.generate_key().decode(), "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",
        "SOCLE_VAR_DIR": var, "PYTHONPATH": str(ROOT), "REDIS_URL": options.redis, "SOCLE_REDIS_PREFIX": prefix,
        "SOCLE_REQUEST_THREADS": str(options.threads),
    }
    import psycopg

    database = f"socle_deploy_bench_{secrets.token_hex(4)}"
    with psycopg.connect(f"{options.postgres}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    env["DATABASE_URL"] = f"{options.postgres}/{database}"
    rows = []
    try:
        print(f"preparing {var} …", flush=True)
        manage(["migrate", "-v0"], env)
        manage(["load_demo"], env)
        manage(["collectstatic", "--noinput", "-v0"], env)
        port = free_port()
        for setup in SETUPS:
            process = serve(setup, env, "socle_site.settings", port, options.workers, options.threads)
            try:
                # On this machine the first request a fresh server answered was
                # sometimes a 500 (under both kinds of worker, unexplained); the
                # page is measured once it answers 200, and wrk counts any non-2xx.
                for _ in range(50):
                    status, body = get(port, PAGE)
                    if status == 200:
                        break
                    print(f"  {setup}: {PAGE} answered {status}", flush=True)
                    time.sleep(0.2)
                page = wrk(process, port, PAGE, options.seconds)
            finally:
                stop(process)
            ceiling_env = {**env, "BENCH_CEILING_BYTES": str(len(body))}
            process = serve(setup, ceiling_env, "bench.ceiling_settings", port, options.workers, options.threads)
            try:
                ceiling = wrk(process, port, "/ceiling/", options.seconds)
            finally:
                stop(process)
            rows.append((setup, page, ceiling))
            print(f"  {setup}: done", flush=True)
        load = os.getloadavg()
        best_ceiling = max(ceiling["rps"] for _, _, ceiling in rows)
        print(f"\n{options.workers} workers, wrk 2 threads x 10 connections, {options.seconds:.0f} s per line, "
              f"cached page {PAGE} = {len(body)} bytes; load average {load[0]:.2f} {load[1]:.2f}\n")
        print(f"{'server':<10}| {'cached req/s':>12}{'CPU ms/req':>11}{'p99':>9}{'% ceil':>8} | "
              f"{'ceiling req/s':>13}{'CPU ms/req':>11}{'p99':>9}")
        for setup, page, ceiling in rows:
            print(f"{setup:<10}| {page['rps']:>12.0f}{page['cpu_ms']:>11.2f}{page['p99']:>9}"
                  f"{100 * page['rps'] / best_ceiling:>7.0f}% | {ceiling['rps']:>13.0f}{ceiling['cpu_ms']:>11.2f}"
                  f"{ceiling['p99']:>9}" + (f"  non-2xx {page['errors']}+{ceiling['errors']}"
                                            if page["errors"] or ceiling["errors"] else ""))
        print("\n% ceil: against the best ceiling of the run.")
    finally:
        shutil.rmtree(var, ignore_errors=True)
        with psycopg.connect(f"{options.postgres}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        import redis

        client = redis.Redis.from_url(options.redis)
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)


if __name__ == "__main__":
    main()
