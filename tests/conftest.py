"""Shared fixtures. Factories are registered here as fixtures (user, household, …)."""

import os
import socket
import warnings

import factory.random
import pytest
from django.core.cache import cache
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from pytest_factoryboy import register

from tests import factories

register(factories.UserFactory)
register(factories.CollegeFactory)
register(factories.OrganisationFactory)
register(factories.OrganisationMembershipFactory)
register(factories.HouseholdFactory)
register(factories.HouseholdMemberFactory)
register(factories.HousingProjectFactory)

# Property tests judge the code, not the machine: on a loaded machine (two
# xdist workers, a browser and PostgreSQL on two cores) an example may take
# longer than Hypothesis's 200 ms deadline, and generating data longer than its
# "too slow" health check allows. Hypothesis's own "ci" profile (active when
# CI is set) already has neither, and is derandomised; off CI the default
# profile drops them too.
hypothesis_settings.register_profile(
    "default", hypothesis_settings.get_profile("default"), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", hypothesis_settings.get_current_profile_name()))

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_sessionstart(session):
    """Build the migrated template before any test starts, in pytest-xdist's
    controller (or the only process): in a worker it would be built, or
    waited for, inside the first test's set-up, which pytest-timeout limits
    to 300 s, and a loaded machine took longer."""
    from tests import db_template

    if not hasattr(session.config, "workerinput") and db_template.enabled() and not session.config.getvalue("nomigrations"):
        db_template.ensure()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_use_migrations):
    """Each test database (one per xdist worker) is a copy of a template
    migrated once for today's migrations (tests/db_template.py)."""
    from tests import db_template

    if django_db_use_migrations and db_template.enabled():
        db_template.use_template()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and on PostgreSQL no session left on it at
    the end: a connection still checked out of the pool by some test's thread
    kept Django from dropping the test database (a warning, and one database
    left behind per run). Which sessions they were is a warning of the run's
    summary, to find them."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    # The psycopg pool keeps its idle connections open (min_size): they are
    # ours, not a leak, so the pool is closed first; what remains is a leak.
    # The check itself goes through the maintenance database's cursor, which
    # is never pooled (a pooled cursor would reopen min_size sessions).
    name = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        connection.close()  # this thread's own session goes back to the pool
        if getattr(connection, "pool", None) is not None:
            connection.close_pool()
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pid, state, left(query, 120), pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            rows = cursor.fetchall()
    for pid, state, query, _ in rows:
        warnings.warn(f"session {pid} was still on the test database ({state}): {query}", stacklevel=1)


@pytest.fixture(autouse=True)
def _language_of_the_settings():
    # A request or an override in one test must not leave its language active
    # for the next one on the same worker (xdist orders tests differently).
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _same_fake_data_every_run(request):
    # Factories draw names from Faker: seed it from the test's id so a test sees
    # the same people whichever worker runs it and in whatever order (a random
    # "Hawa..." once matched another person's "Awa" and failed a stop).
    factory.random.reseed_random(request.node.nodeid)
    yield


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and cached pages must not leak from one test to the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_user(db):
    return factories.make_staff()


@pytest.fixture
def client_of():
    """A logged-in test client for the given user."""
    from django.test import Client

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def browser_launch():
    """Launch arguments for Debian's Chromium. Use inside `with sync_playwright()`,
    and keep every ORM call outside that block (its event loop makes Django refuse)."""
    return {"executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"), "args": BROWSER_ARGS}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def asgi_server(transactional_db):
    """The production ASGI application (HTTP on the request threads, websockets
    through the process's fan-out) served by uvicorn in a thread, with the
    static files: pytest-django's live_server speaks HTTP only."""
    import threading
    import time

    import uvicorn
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from socle_site.asgi import application

    port = free_port()
    config = uvicorn.Config(ASGIStaticFilesHandler(application), host="127.0.0.1", port=port, lifespan="off",
                            log_level="warning", ws_per_message_deflate=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="asgi-test-server", daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    else:
        raise RuntimeError("the ASGI test server did not start")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(15)
    # The server's loop is gone, maybe with its process's reader still counted
    # as receiving by the Redis layer: later tests get a layer of their own.
    from channels.layers import channel_layers

    channel_layers.backends.clear()


@pytest.fixture
def back_to_latest_migrations():
    """A migration test moves the test database back in time: whatever it
    stops at, the tests after it need every table of today's code."""
    yield
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
