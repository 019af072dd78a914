"""``python3 dev.py serve`` stops its task worker however it is stopped:
Ctrl-C, SIGTERM, or SIGHUP when its terminal closes. dev.py's ``supervise``
runs dummy children here: a plain one, one that ignores SIGTERM (as the
orphaned qcluster did) and one that started a child of its own (as the
qcluster's workers are); after the signal none is left running."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def child(pid_file: Path, *, ignore_term: bool = False, grandchild: Path | None = None) -> list[str]:
    code = textwrap.dedent(f"""
        import os, signal, subprocess, sys, time
        if {ignore_term!r}:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if {str(grandchild) if grandchild else None!r}:
            sub = subprocess.Popen([sys.executable, "-c", "import os, time; open({str(grandchild)!r}, 'w').write(str(os.getpid())); time.sleep(600)"])
        # Written whole, then renamed: a reader never sees an empty file.
        open({str(pid_file) + ".tmp"!r}, "w").write(str(os.getpid()))
        os.replace({str(pid_file) + ".tmp"!r}, {str(pid_file)!r})
        time.sleep(600)
    """)
    return [sys.executable, "-c", code]


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def wait_for(predicate, what: str) -> None:
    for _ in range(600):
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: signal.Signals(s).name)
def test_a_signal_to_the_supervisor_leaves_no_child_running(tmp_path, signum):
    files = {name: tmp_path / f"{name}.pid" for name in ("plain", "stubborn", "parent", "grandchild")}
    commands = [
        child(files["plain"]),
        child(files["stubborn"], ignore_term=True),
        child(files["parent"], grandchild=files["grandchild"]),
    ]
    driver = subprocess.Popen(
        [sys.executable, "-c", f"import sys, dev; sys.exit(dev.supervise({commands!r}, grace=2))"],
        cwd=ROOT,
    )
    pids: list[int] = []
    try:
        wait_for(lambda: all(p.exists() and p.read_text() for p in files.values()), "the children to start")
        pids = [int(p.read_text()) for p in files.values()]
        assert all(is_running(pid) for pid in pids)
        driver.send_signal(signum)
        assert driver.wait(timeout=60) == 128 + signum
        wait_for(lambda: not any(is_running(pid) for pid in pids), "every child to stop")
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()
        for pid in pids:
            if is_running(pid):
                os.kill(pid, signal.SIGKILL)


def test_when_one_child_ends_the_others_are_stopped(tmp_path):
    stays = tmp_path / "stays.pid"
    # The web server failing (here once the other child is up) stops the task worker.
    fails = textwrap.dedent(f"""
        import pathlib, sys, time
        for _ in range(600):
            if pathlib.Path({str(stays)!r}).exists():
                break
            time.sleep(0.05)
        sys.exit(3)
    """)
    commands = [child(stays), [sys.executable, "-c", fails]]
    driver = subprocess.run(
        [sys.executable, "-c", f"import sys, dev; sys.exit(dev.supervise({commands!r}, grace=2))"],
        cwd=ROOT, timeout=60,
    )
    assert driver.returncode == 3
    assert not is_running(int(stays.read_text()))
