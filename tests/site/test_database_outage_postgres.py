"""PostgreSQL stops in the middle of traffic and comes back (PostgreSQL runs).

The app reaches the test database through a gate of the test's own: a TCP
relay on another port that the test closes (every connection cut, new ones
refused, as when PostgreSQL stops) and opens again. Anonymous visitors keep
getting the cached public pages, everyone else the 503 "back in a moment"
page, /readyz says unavailable; once the gate opens the same process serves
everything again, with no restart (psycopg's pool replaces its broken
connections). Readiness is polled in bounded loops, never by fixed sleeps.
"""

import json
import socket
import threading
import time

import pytest
from django.conf import settings
from django.db import close_old_connections, connection
from django.test import Client

from tests.refusals import assert_redirected
from tests.site import factories as f

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="stops the way to PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


class Gate:
    """A TCP relay to ``target`` that can be closed (cutting every connection) and opened."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = 0
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.threads: list[threading.Thread] = []
        self.listener: socket.socket | None = None

    def open(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self.listener = listener
        self._start(self._accept, listener)

    def close(self) -> None:
        with self.lock:
            listener, self.listener = self.listener, None
            sockets, self.sockets = self.sockets, []
        for sock in [listener, *sockets]:
            if sock is None:
                continue
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        threads, self.threads = self.threads, []
        for thread in threads:
            thread.join(10)
            assert not thread.is_alive()

    def _start(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self.threads.append(thread)
        thread.start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                if self.listener is not listener:  # closed meanwhile
                    client.close()
                    upstream.close()
                    return
                self.sockets += [client, upstream]
                self._start(self._pump, client, upstream)
                self._start(self._pump, upstream, client)

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


@pytest.fixture
def through_gate():
    """The app's connections to the test database go through a Gate, with a short pool timeout."""
    saved = {key: connection.settings_dict.get(key) for key in ("HOST", "PORT")}
    saved_options = connection.settings_dict.get("OPTIONS", {})
    gate = Gate((saved["HOST"] or "127.0.0.1", int(saved["PORT"] or 5432)))
    gate.open()
    connection.close()
    if hasattr(connection, "close_pool"):
        connection.close_pool()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(gate.port))
    if "pool" in saved_options:
        connection.settings_dict["OPTIONS"] = {**saved_options, "pool": {**saved_options["pool"], "timeout": 2}}
    try:
        yield gate
    finally:
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()
        gate.close()
        connection.settings_dict.update(saved)
        connection.settings_dict["OPTIONS"] = saved_options


class ServerClient(Client):
    """The test client with a server's request boundaries: Django closes
    unusable connections (giving them back to the pool) when each request
    starts and ends, which its test client turns off."""

    def request(self, **request):
        close_old_connections()
        try:
            return super().request(**request)
        finally:
            close_old_connections()


def test_pages_survive_postgresql_stopping_and_work_again_when_it_returns(public_site, user, through_gate):
    visitor = ServerClient(raise_request_exception=False)
    member = ServerClient(raise_request_exception=False)
    member.force_login(user)
    assert visitor.get("/fr/")["X-Page-Cache"] == "miss"
    assert member.get("/fr/my/").status_code == 200

    through_gate.close()

    cached = visitor.get("/fr/")
    assert cached.status_code == 200 and cached["X-Page-Cache"] == "hit"
    for client, url in [(member, "/fr/my/"), (visitor, "/fr/projets/"), (member, "/nl/my/notifications/")]:
        response = client.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
    assert "Zo terug" in response.content.decode()
    assert visitor.get("/readyz").status_code == 503
    assert visitor.get("/healthz").status_code == 200

    through_gate.open()

    for _ in range(300):
        if member.get("/fr/my/").status_code == 200:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the member's page did not come back")
    assert json.loads(visitor.get("/readyz").content)["database"] == "ok"
    assert visitor.get("/fr/projets/").status_code == 200
    assert_redirected(member.post("/fr/my/notifications/read-all/"), "/fr/my/notifications/")
    f.publish(public_site["home"])  # writes work again too
