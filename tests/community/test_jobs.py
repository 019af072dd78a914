"""Long jobs show their progress and update by themselves (issue 26): one
status endpoint for every kind (socle_site.kernel.jobs), answered to the job's owner
only, with the job's state; the page polls it with job-status.js."""

import pytest
from django.urls import reverse
from django.utils import translation

from community.privacy import services as privacy
from community.privacy.models import DataRequest
from tests.factories import UserFactory
from tests.refusals import assert_not_found, assert_redirected_to_login

pytestmark = pytest.mark.django_db


def status(client, code, pk, language="en"):
    with translation.override(language):
        return client.get(reverse("job_status", args=[code, pk]))


def test_my_copy_of_my_data_goes_from_being_prepared_to_ready(client_of):
    member = UserFactory(language="en")
    request = privacy.request_export(acting_user=member)  # queued on commit: not built yet
    client = client_of(member)

    running = status(client, "privacy.export", request.pk).json()
    assert running == {"state": "running", "message": "Your copy is being prepared…", "url": "", "finished": False}
    # The page shows the region the script updates, and a link for who has no JavaScript.
    with translation.override("en"):
        page = client.get(reverse("privacy:my_data")).content.decode()
    assert f'data-job-status="/en/my/jobs/privacy.export/{request.pk}/"' in page and 'aria-live="polite"' in page
    assert "job-status.js" in page and "<noscript>" in page and "<script>" not in page

    privacy.build_export(request_id=request.pk)
    done = status(client, "privacy.export", request.pk).json()
    assert done["state"] == "done" and done["finished"] and done["url"].endswith(f"/export/{request.pk}.html")
    with translation.override("en"):
        assert "data-job-status" not in client.get(reverse("privacy:my_data")).content.decode()


def test_only_the_owner_sees_a_job(client_of, client):
    member, other = UserFactory(language="en"), UserFactory(language="en")
    request = privacy.request_export(acting_user=member)

    assert_not_found(status(client_of(other), "privacy.export", request.pk))
    assert_not_found(status(client_of(member), "privacy.export", request.pk + 1000))
    assert_not_found(status(client_of(member), "no.such.kind", request.pk))
    assert_redirected_to_login(status(client, "privacy.export", request.pk))


def test_the_status_is_said_in_the_reader_s_language(client_of):
    member = UserFactory(language="nl")
    request = privacy.request_export(acting_user=member)
    assert "wordt voorbereid" in status(client_of(member), "privacy.export", request.pk, "nl").json()["message"]


def test_a_failed_job_says_so(client_of):
    member = UserFactory(language="en")
    request = privacy.request_export(acting_user=member)
    DataRequest.objects.filter(pk=request.pk).update(status=DataRequest.Status.REFUSED)
    failed = status(client_of(member), "privacy.export", request.pk).json()
    assert failed["state"] == "failed" and failed["finished"] and failed["message"] == "Refused"


def test_an_import_shows_its_progress_to_whoever_ran_it(client_of):
    """The kernel's imports use the same mechanism: checking, then the report's page."""
    from socle_site.kernel.models import ImportRun

    staff, other = UserFactory(language="en", is_staff=True), UserFactory(language="en", is_staff=True)
    run = ImportRun.objects.create(importer="candidate-register", filename="register.csv", created_by=staff)
    running = status(client_of(staff), "dataio.import", run.pk).json()
    assert running["state"] == "running" and not running["finished"] and running["url"] == ""
    assert_not_found(status(client_of(other), "dataio.import", run.pk))

    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.CHECKED)
    checked = status(client_of(staff), "dataio.import", run.pk).json()
    assert checked["state"] == "done" and checked["finished"]
    assert checked["url"] == reverse("dataio_run", args=[run.pk])
    assert checked["message"] == "Checked: waiting for your confirmation"
