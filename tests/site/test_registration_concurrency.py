"""Registrations racing for the last seats never over-fill the event: the
one registration service locks the event's gathering row (PostgreSQL proves it; SQLite serialises
every write transaction anyway)."""

import threading

import pytest
from django.db import close_old_connections, connection
from socle_site import services

from community.models import Registration
from tests.factories import UserFactory
from tests.site import factories as f


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_do_not_over_fill_the_event():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are proved on PostgreSQL")
    site = f.make_site()
    event = f.add_event(site["events"], capacity=3)
    members = UserFactory.create_batch(8)
    barrier = threading.Barrier(len(members))
    errors = []

    def register(member):
        try:
            barrier.wait()
            services.register_for_event(event=event, acting_user=member)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=register, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count("confirmed") == 3
    assert statuses.count("waiting") == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_visitors_confirming_at_once_do_not_over_fill_the_event():
    """Visitors' confirmations (issue 26) take seats under the same lock."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are proved on PostgreSQL")
    site = f.make_site()
    event = f.add_event(site["events"], capacity=3, accepts_visitors=True)
    pending = [services.register_visitor(event=event, name=f"Visitor {n}", email=f"v{n}@example.org", language="fr")
               for n in range(8)]
    tokens = [services.visitor_token(registration, "confirm") for registration in pending]
    barrier = threading.Barrier(len(tokens))
    errors = []

    def confirm(token):
        try:
            barrier.wait()
            services.confirm_visitor(token=token)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=confirm, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count("confirmed") == 3
    assert statuses.count("waiting") == 5
