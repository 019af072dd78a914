"""Machines of the test's own: network namespaces joined by a bridge, with
addresses that exist only inside them and no route out (iproute2), a
PostgreSQL and a Redis started for the test on its "data host", and a relay
through which the test (outside every namespace) reaches an address inside.

Nothing here touches the machine's shared PostgreSQL or Redis, and
``Network.close()`` removes every namespace (and with them their links)."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

SUBNET = "10.77.0"


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


def available() -> str | None:
    """Why namespaces cannot be made here, or None."""
    if os.geteuid() != 0:
        return "network namespaces need root"
    probe = f"socle-probe-{secrets.token_hex(3)}"
    try:
        _ip("netns", "add", probe)
    except (OSError, subprocess.CalledProcessError) as error:
        return f"ip netns add fails: {error}"
    try:
        _ip("-n", probe, "link", "add", "br0", "type", "bridge")
    except subprocess.CalledProcessError as error:
        return f"no bridge in a namespace: {error.stderr}"
    finally:
        _ip("netns", "del", probe)
    return None


class Network:
    """Hosts by name, each a namespace with one address on a bridge that lives
    in a namespace of its own (the switch)."""

    def __init__(self, hosts: dict[str, int]):
        self.tag = secrets.token_hex(3)
        self.addresses = {name: f"{SUBNET}.{last}" for name, last in hosts.items()}
        self.switch = f"socle-{self.tag}-sw"
        self.namespaces = [self.switch]
        try:
            _ip("netns", "add", self.switch)
            _ip("-n", self.switch, "link", "add", "br0", "type", "bridge")
            _ip("-n", self.switch, "link", "set", "br0", "up")
            for index, (name, address) in enumerate(self.addresses.items()):
                namespace = self.namespace(name)
                _ip("netns", "add", namespace)
                self.namespaces.append(namespace)
                inside, outside = f"s{self.tag}h{index}", f"s{self.tag}p{index}"
                _ip("link", "add", inside, "type", "veth", "peer", "name", outside)
                _ip("link", "set", inside, "netns", namespace)
                _ip("link", "set", outside, "netns", self.switch)
                _ip("-n", self.switch, "link", "set", outside, "master", "br0", "up")
                _ip("-n", namespace, "link", "set", inside, "name", "eth0")
                _ip("-n", namespace, "addr", "add", f"{address}/24", "dev", "eth0")
                _ip("-n", namespace, "link", "set", "eth0", "up")
                _ip("-n", namespace, "link", "set", "lo", "up")
        except BaseException:
            self.close()
            raise

    def namespace(self, host: str) -> str:
        return f"socle-{self.tag}-{host}"

    def run_in(self, host: str) -> list[str]:
        """The prefix that runs a command on ``host``."""
        return ["ip", "netns", "exec", self.namespace(host)]

    def routes(self, host: str) -> str:
        return subprocess.run(
            ["ip", "-n", self.namespace(host), "route"], capture_output=True, text=True
        ).stdout

    def close(self) -> None:
        for namespace in reversed(self.namespaces):
            subprocess.run(["ip", "netns", "del", namespace], capture_output=True)
        self.namespaces = []


class Relay:
    """tests/deploy/relay.py run on one host: ``connect(name)`` gives a socket
    to the address that route ``name`` names, from outside the namespaces."""

    def __init__(
        self, network: Network, host: str, directory: Path, routes: dict[str, tuple[str, int]]
    ):
        directory.mkdir(parents=True, exist_ok=True)
        self.paths = {name: directory / f"{name}.sock" for name in routes}
        args = [f"{self.paths[name]}={address}:{port}" for name, (address, port) in routes.items()]
        self.process = subprocess.Popen(
            [
                *network.run_in(host),
                sys.executable,
                str(Path(__file__).with_name("relay.py")),
                *args,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        line = self.process.stdout.readline()
        assert line.strip() == "ready", line + self.process.stdout.read()

    def connect(self, name: str, timeout: float = 30) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(str(self.paths[name]))
        return sock

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stdout.close()


def _wait(check, what: str, attempts: int = 300) -> None:
    for _ in range(attempts):
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not come up")


class DataHost:
    """A PostgreSQL cluster and a redis-server of the test's own on one host,
    listening on that host's address only; each can be stopped and started
    again (``stop_postgres``/``start_postgres``, ``stop_redis``/``start_redis``)."""

    PG_BIN = Path("/usr/lib/postgresql/15/bin")

    def __init__(self, network: Network, host: str, directory: Path, logs: Path):
        import shutil

        self.network, self.host, self.logs = network, host, logs
        self.address = network.addresses[host]
        self.pg_dir = directory / "postgres"
        self.socket_dir = directory / "postgres-socket"
        for path in (directory, self.socket_dir):
            path.mkdir(parents=True, exist_ok=True)
        for path in (directory, self.socket_dir):
            shutil.chown(path, "postgres", "postgres")
        directory.chmod(0o755)
        initdb = self._pg_bin("initdb")
        result = subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                initdb,
                "-D",
                str(self.pg_dir),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        with (self.pg_dir / "pg_hba.conf").open("a") as hba:
            hba.write(f"host all all {SUBNET}.0/24 trust\n")
        self.postgres: subprocess.Popen | None = None
        self.redis: subprocess.Popen | None = None
        self.start_postgres()
        self.start_redis()
        result = subprocess.run(
            [
                *network.run_in(host),
                "psql",
                "-h",
                self.address,
                "-U",
                "postgres",
                "-c",
                "CREATE DATABASE socle",
            ],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr

    def _pg_bin(self, name: str) -> str:
        path = self.PG_BIN / name
        return str(path) if path.exists() else name

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@{self.address}:5432/socle"

    @property
    def redis_url(self) -> str:
        return f"redis://{self.address}:6379/0"

    def start_postgres(self) -> None:
        log = (self.logs / "postgres.log").open("ab")
        self.postgres = subprocess.Popen(
            [
                *self.network.run_in(self.host),
                "runuser",
                "-u",
                "postgres",
                "--",
                self._pg_bin("postgres"),
                "-D",
                str(self.pg_dir),
                "-c",
                f"listen_addresses={self.address}",
                "-c",
                "port=5432",
                "-c",
                f"unix_socket_directories={self.socket_dir}",
                "-c",
                "fsync=off",
                "-c",
                "max_connections=200",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        _wait(
            lambda: (
                subprocess.run(
                    [
                        *self.network.run_in(self.host),
                        "pg_isready",
                        "-q",
                        "-h",
                        self.address,
                        "-p",
                        "5432",
                    ]
                ).returncode
                == 0
            ),
            "PostgreSQL",
        )

    def stop_postgres(self) -> None:
        """A fast shutdown: every connection is cut, as when the server stops."""
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                self._pg_bin("pg_ctl"),
                "-D",
                str(self.pg_dir),
                "stop",
                "-m",
                "fast",
                "-w",
            ],
            capture_output=True,
        )
        self.postgres.wait(timeout=60)

    def start_redis(self) -> None:
        log = (self.logs / "redis.log").open("ab")
        self.redis = subprocess.Popen(
            [
                *self.network.run_in(self.host),
                "redis-server",
                "--bind",
                self.address,
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.pg_dir.parent),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        _wait(
            lambda: (
                subprocess.run(
                    [*self.network.run_in(self.host), "redis-cli", "-h", self.address, "ping"],
                    capture_output=True,
                    text=True,
                ).stdout.strip()
                == "PONG"
            ),
            "Redis",
        )

    def stop_redis(self) -> None:
        self.redis.terminate()
        self.redis.wait(timeout=30)

    def close(self) -> None:
        for process, stop in ((self.redis, self.stop_redis), (self.postgres, self.stop_postgres)):
            if process is not None and process.poll() is None:
                try:
                    stop()
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, 9)
                    process.wait(timeout=10)
