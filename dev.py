#!/usr/bin/env python3
"""Set up and run Socle with nothing but Python 3.11.

    python3 dev.py serve   # venv, dependencies, database, translations, demo data, then serve on :8000
    python3 dev.py test    # venv, dependencies, then the whole test suite (extra args go to pytest)

Both create ./.venv when missing and reinstall only when pyproject.toml changed.
"""

import hashlib
import os
import shutil
import subprocess
import sys
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


def ensure_debian_packages() -> None:
    """The end-to-end tests drive Debian's Chromium; install what is missing."""
    missing = sorted({pkg for path, pkg in DEBIAN_PACKAGES.items() if not Path(path).exists()})
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
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # The task worker (e-mails, reminders) runs beside the web server.
    worker = subprocess.Popen([str(PYTHON), "manage.py", "qcluster"], cwd=ROOT, env=env)
    try:
        print("\nSocle: http://127.0.0.1:8000/  (administration: /admin/, site editing: /cms/)\n", flush=True)
        subprocess.run([str(PYTHON), "manage.py", "runserver", "127.0.0.1:8000"], cwd=ROOT, env=env)
    except KeyboardInterrupt:
        pass
    finally:
        worker.terminate()
        worker.wait(timeout=10)


def test(pytest_args: list[str]) -> int:
    ensure_venv()
    ensure_debian_packages()
    manage("compile_translations")
    return subprocess.run([str(PYTHON), "-m", "pytest", *pytest_args], cwd=ROOT).returncode


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
