"""Moderation workflow, editors' permissions, scheduled publishing, demo."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule
from socle_site import setup, tasks
from socle_site.models import NewsPage, ProjectPage
from wagtail.models import Page, PageViewRestriction, Workflow

from community.models import Role
from tests.factories import UserFactory
from tests.site import factories as f

pytestmark = pytest.mark.django_db


def test_editors_submit_and_moderators_publish(public_site):
    setup.ensure_editorial_setup()
    setup.ensure_editorial_setup()  # idempotent
    editor = UserFactory(roles=[Role.EDITOR])
    moderator = UserFactory(roles=[Role.STAFF])
    news_index = public_site["news"]
    editor_perms = news_index.permissions_for_user(editor)
    assert editor.has_perm("wagtailadmin.access_admin")
    assert editor_perms.can_add_subpage() and not editor_perms.can_publish_subpage()
    assert news_index.permissions_for_user(moderator).can_publish_subpage()
    workflow = Workflow.objects.get(name="Moderators approval")
    assert news_index.get_workflow() == workflow
    assert Schedule.objects.filter(name=setup.PUBLISH_SCHEDULED).count() == 1


def test_scheduled_page_is_published_by_the_django_q_task(client, public_site):
    page = NewsPage(title="Annonce programmée", slug="annonce", intro="Bientôt.", live=False)
    public_site["news"].add_child(instance=page)
    # What Wagtail stores when an editor schedules a publication that is now due.
    page.save_revision(approved_go_live_at=timezone.now() - dt.timedelta(seconds=1))
    assert not NewsPage.objects.get(pk=page.pk).live
    tasks.publish_scheduled()
    assert NewsPage.objects.get(pk=page.pk).live
    assert client.get("/fr/actualites/annonce/").status_code == 200


def test_restricted_pages_are_not_cached(client, public_site):
    project = f.add_project(public_site["projects"])
    PageViewRestriction.objects.create(page=project, restriction_type=PageViewRestriction.PASSWORD, password="x")
    response = client.get(project.url)
    assert "X-Page-Cache" not in response


def test_demo_pages_load_twice_without_doubling(client):
    call_command("load_demo", stdout=io.StringIO())
    counts = (Page.objects.count(), ProjectPage.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Page.objects.count(), ProjectPage.objects.count()) == counts
    assert counts[1] == 12  # four projects (three inhabited, one being built) in three languages
    for url, phrase in [
        ("/fr/recommandations/", "Revoir les marchés publics"),
        ("/nl/aanbevelingen/", "voorkooprecht"),
        ("/en/events/eviction-prevention-forum-2025/", "3,007"),
        ("/nl/projecten/molenbeek-arc-en-ciel/", "Vandenpeereboomstraat"),
        ("/en/testimonials/meeting-the-neighbours/", "crèche"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert phrase in response.content.decode(), url
