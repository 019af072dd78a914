#!/usr/bin/env python3
"""Set up and run Socle with nothing but Python 3.11.

    python3 dev.py serve   # venv, dependencies, database, translations, demo data, then serve on :8000
    python3 dev.py test    # venv, dependencies, then the whole test suite on two cores (extra args go to pytest)

Both create ./.venv when missing and reinstall only when pyproject.toml changed.
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".socle-installed"
DEBIAN_PACKAGES = {
    # binary -> Debian package: the browser for end-to-end tests, gettext for the
    # translation check, libharfbuzz-subset for PDF output, nginx for the
    # production-stack test.
    "/usr/bin/chromium": "chromium",
    "/usr/bin/xgettext": "gettext",
    "/usr/lib/x86_64-linux-gnu/libharfbuzz-subset.so.0": "libharfbuzz-subset0",
    "/usr/sbin/nginx": "nginx",
}


def run(*args: str, **kwargs) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run(args, check=True, cwd=ROOT, **kwargs)


def ensure_venv() -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit("Socle needs Python 3.11 (Django 5.2 LTS); this is " + sys.version.split()[0])
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", str(VENV))
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != digest:
        run(str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(str(PYTHON), "-m", "pip", "install", "--quiet", "-e", ".[test]")
        STAMP.write_text(digest)


# What the benchmarks in bench/ drive the servers with (not needed by the tests).
BENCH_PACKAGES = {"/usr/bin/wrk": "wrk"}


def ensure_debian_packages(packages: dict[str, str] = DEBIAN_PACKAGES) -> None:
    """The end-to-end tests drive Debian's Chromium; install what is missing."""
    missing = sorted({pkg for path, pkg in packages.items() if not Path(path).exists()})
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit("Missing system packages: " + " ".join(missing) + " (install them with apt-get).")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", *missing, env=env)


def manage(*args: str, env: dict | None = None) -> None:
    run(str(PYTHON), "manage.py", *args, env=env)


def serve() -> None:
    ensure_venv()
    manage("migrate", "--noinput")
    manage("compile_translations")
    manage("load_demo")
    # The metrics' multi-process files of an earlier run would be added to this one's.
    manage("metrics_reset")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    print("\nSocle: http://127.0.0.1:8000/  (administration: /admin/, site editing: /cms/)\n", flush=True)
    # The task worker (e-mails, reminders) runs beside the web server.
    supervise(
        [[str(PYTHON), "manage.py", "qcluster"], [str(PYTHON), "manage.py", "runserver", "127.0.0.1:8000"]],
        cwd=ROOT,
        env=env,
    )


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class _Stop(Exception):
    pass


_stopping = False


def _raise_stop(signum, frame):
    # Once: a second signal must not cut the stopping short.
    global _stopping
    if not _stopping:
        _stopping = True
        raise _Stop(signum)


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group is still running (zombies left for init do not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command's name: state, ppid, pgrp.
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def supervise(commands: list[list[str]], *, cwd: Path | None = None, env: dict | None = None, grace: float = 10.0) -> int:
    """Run ``commands`` side by side until one of them ends or this process is
    told to stop (Ctrl-C, SIGTERM, or SIGHUP when its terminal closes), then
    stop them all, with everything they started, and return.

    The children share one process group of their own: a SIGTERM to the group
    reaches the qcluster's workers and runserver's reloaded child too, and
    whatever still runs ``grace`` seconds later is killed. (A SIGTERM to
    ``dev.py serve`` used to leave the qcluster running on its own.)"""
    global _stopping
    _stopping = False
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    children: list[subprocess.Popen] = []
    pgid = 0
    code = 0
    # Signals wait while the children start, so none is started unrecorded.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        for signum in STOP_SIGNALS:
            signal.signal(signum, _raise_stop)
        try:
            for command in commands:
                child = subprocess.Popen(command, cwd=cwd, env=env, process_group=pgid)
                children.append(child)
                pgid = pgid or child.pid
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
            # Until the first child ends (not reaped here: Popen does it).
            os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOWAIT)
            _stopping = True
            code = next((c.poll() for c in children if c.poll() is not None), 0) or 0
        except _Stop as stop:
            code = 128 + stop.args[0]
        if pgid:
            _stop_group(pgid, children, grace)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return code


def _stop_group(pgid: int, children: list[subprocess.Popen], grace: float) -> None:
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + grace
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    while _group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _group_alive(pgid):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for child in children:
        child.wait()


def parallel_args(pytest_args: list[str]) -> list[str]:
    """pytest-xdist's options for the suite: one worker per core, at most two.
    Each worker has a test database of its own, and on PostgreSQL each may hold
    40 connections (the concurrency tests' threads) of the server's 100.
    Tests of one ``xdist_group`` stay on one worker (``--dist loadgroup``).
    Given after these, the caller's ``-n``/``--dist`` win; ``-n 0`` runs
    in this one process, and ``-p no:xdist`` turns it off altogether."""
    if any(arg.endswith("no:xdist") for arg in pytest_args):
        return []
    workers = min(2, os.cpu_count() or 1)
    return ["-n", str(workers), "--dist", "loadgroup"] if workers > 1 else []


def test(pytest_args: list[str]) -> int:
    ensure_venv()
    ensure_debian_packages()
    manage("compile_translations")
    args = [*parallel_args(pytest_args), *pytest_args]
    return subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT).returncode


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    if command == "serve":
        serve()
    elif command == "test":
        sys.exit(test(sys.argv[2:]))
    else:
        print(__doc__)
        sys.exit(0 if command == "help" else 2)


if __name__ == "__main__":
    main()
