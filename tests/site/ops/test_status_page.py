"""The administrator's status page: staff and superusers only."""

import pytest

from tests.factories import UserFactory
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db
STATUS = "/admin/status/"


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(STATUS)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_member_is_refused(client, user):
    client.force_login(user)
    assert_refused(client.get(STATUS), "Only staff see the status of the service.")


@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_superuser": True, "is_staff": True}])
def test_staff_see_redis_the_queue_failed_tasks_backup_and_disk(client, flags, settings, tmp_path):
    (tmp_path / "last.json").write_text('{"finished_at": "2026-12-06T03:00:00+00:00", "ok": false, "detail": "disk full"}')
    settings.SOCLE_BACKUP_STATUS_FILE = str(tmp_path / "last.json")
    client.force_login(UserFactory(**flags))
    response = client.get(STATUS, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["Redis", "Tasks waiting", "Oldest waiting task", "Failed tasks", "Last backup", "Free disk space"]:
        assert text in page
    assert response.context["backup"].ok is False
    assert response.context["disk"].free_bytes > 0


def test_the_admin_index_links_to_it_for_staff(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert STATUS in client.get("/admin/").content.decode()
