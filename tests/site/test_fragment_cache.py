"""The parts of a public page that are the same for every visitor (content,
breadcrumbs, meta tags) are rendered once per publication and shared; what
depends on the visitor (header, messages, sign-up buttons) never is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from socle_site.models import ProjectPage
from wagtail.models import PageViewRestriction, Site

from tests.site import factories as f

pytestmark = pytest.mark.django_db


def test_members_share_the_content_but_keep_their_own_header(client, public_site, user):
    project = f.add_project(public_site["projects"], intro="Premier texte.")
    assert "Premier texte." in client.get(project.url).content.decode()
    # A change that did not go through publishing is not seen: the content is shared...
    ProjectPage.objects.filter(pk=project.pk).update(intro="Changé sans publier.")
    client.force_login(user)
    body = client.get(project.url).content.decode()
    assert "Premier texte." in body
    # ...but the header is this member's own, never the anonymous visitor's.
    assert "Se déconnecter" in body and "Se connecter</a>" not in body
    # Publishing renders it afresh for everyone.
    project.refresh_from_db()
    f.publish(project)
    assert "Changé sans publier." in client.get(project.url).content.decode()


def test_the_sign_up_buttons_of_the_home_page_are_only_for_anonymous_visitors(client, public_site, user):
    assert "Créer mon compte" in client.get("/fr/").content.decode()
    client.force_login(user)
    assert "Créer mon compte" not in client.get("/fr/").content.decode()


def test_a_preview_shows_the_draft_not_the_shared_content(client, public_site):
    project = f.add_project(public_site["projects"], intro="Version publiée.")
    client.get(project.url)
    project.intro = "Brouillon en cours."
    revision = project.save_revision()
    preview = revision.as_object().make_preview_request()
    assert "Brouillon en cours." in preview.content.decode()
    assert "Version publiée." in client.get(project.url).content.decode()


def test_query_strings_and_languages_are_kept_apart(client, public_site):
    from tests.factories import HousingProjectFactory

    f.add_project(public_site["projects"], housing_project=HousingProjectFactory(name="Calico", municipality="Forest", status="inhabited"))
    f.add_project(public_site["projects"], housing_project=HousingProjectFactory(name="Nouveau", municipality="Forest", status="study"))
    assert "Nouveau" in client.get("/fr/projets/").content.decode()
    assert "Nouveau" not in client.get("/fr/projets/?status=inhabited").content.decode()
    # The untranslated page in Dutch shows its notice, not the French page's cached breadcrumbs.
    assert "nog niet vertaald" in client.get(f"/nl/page/{public_site['projects'].pk}/").content.decode()


def test_a_view_restriction_or_a_site_change_starts_afresh(client, public_site):
    project = f.add_project(public_site["projects"])
    assert client.get(project.url).status_code == 200
    PageViewRestriction.objects.create(page=project, restriction_type=PageViewRestriction.PASSWORD, password="x")
    response = client.get(project.url)
    assert project.intro not in response.content.decode()
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Autre"
    site.save()
    assert client.get("/fr/").status_code == 200


@pytest.mark.parametrize("key", ["home", "projects", "news", "recommendations", "testimonials"])
def test_a_member_asking_for_an_already_rendered_page_costs_a_few_queries(client, public_site, user, key):
    image = f.make_image()
    for i in range(3):
        project = f.add_project(public_site["projects"], image=image)
        f.add_news(public_site["news"], n=i, housing_project=project.housing_project, image=image)
        f.add_testimonial(public_site["testimonials"], housing_project=project.housing_project, n=i, image=image)
    f.add_recommendations(public_site["recommendations"])
    url = public_site[key].url
    client.cookies["sessionid"] = "no-such-session"  # never served from the whole-page cache
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    # The session, the page itself, and Wagtail's view-restriction check.
    assert len(queries) <= 4, [q["sql"][:80] for q in queries]


def test_a_portal_page_shares_the_layout_header_at_its_address_and_keeps_each_member_menu(client, public_site, user):
    """Issue 18: My space draws the site's header once per address and
    language, not on every request; the member menu stays each member's."""
    from django.core.cache import cache
    from django.test import RequestFactory
    from django.utils import translation
    from socle_site import page_cache

    from tests.factories import UserFactory

    client.force_login(user)
    first = client.get("/fr/my/").content.decode()
    request = RequestFactory().get("/fr/my/", HTTP_HOST="testserver")
    with translation.override("fr"):
        key = page_cache.fragment_key(request, None, "header")
    shared = cache.get(key)
    assert shared is not None and "Chercher" in shared and "Se déconnecter" not in shared
    assert user.email not in shared
    other = UserFactory(first_name="Zélie")
    client.force_login(other)
    second = client.get("/fr/my/").content.decode()
    assert "Bienvenue, Zélie" in second and "Se déconnecter" in first and "Se déconnecter" in second
    # Not shared with a public page's content fragments, nor for another address.
    with translation.override("fr"):
        assert page_cache.fragment_key(request, None, "content") is None
        assert page_cache.fragment_key(RequestFactory().get("/fr/my/notifications/"), None, "header") != key
