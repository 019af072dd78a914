"""Page types, query counts, the page cache, the translation fallback, feeds."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from socle_site import page_cache
from wagtail.models import Locale

from tests.factories import HouseholdFactory, HousingProjectFactory
from tests.refusals import assert_not_found
from tests.site import factories as f

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    client.get(url)  # renditions are created on the first view
    cache.clear()  # measure the uncached page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def fill(site, n: int, image) -> None:
    for i in range(n):
        housing_project = HousingProjectFactory()
        f.add_project(site["projects"], housing_project=housing_project, image=image)
        f.add_testimonial(site["testimonials"], housing_project=housing_project, n=len(site.setdefault("t", [])) or i + 1000 * n, image=image)
        site["t"].append(1)
        f.add_news(site["news"], n=i + 1000 * n, housing_project=housing_project, image=image)


def test_every_page_type_answers_in_french(client, public_site):
    image = f.make_image()
    project = f.add_project(public_site["projects"], image=image)
    testimonial = f.add_testimonial(public_site["testimonials"], housing_project=project.housing_project, image=image)
    news = f.add_news(public_site["news"], housing_project=project.housing_project, image=image)
    event = f.add_event(public_site["events"])
    f.add_recommendations(public_site["recommendations"])
    for page, phrase in [
        (public_site["home"], "Chiffres clés"), (public_site["projects"], project.title), (project, "OpenStreetMap"),
        (public_site["testimonials"], "Fatima"), (testimonial, "Je connaissais"), (public_site["recommendations"], "Recommandation 23"),
        (public_site["news"], news.title), (news, "projets"), (public_site["events"], event.title), (event, "Se connecter pour s"),
    ]:
        response = client.get(page.url)
        assert response.status_code == 200, page
        assert phrase in response.content.decode(), (page, phrase)
    # The project page tells the related testimonial and news.
    body = client.get(project.url).content.decode()
    assert "Je connaissais" in body and news.title in body
    assert 'property="og:title"' in body and "og:image" in body


@pytest.mark.parametrize("key", ["home", "projects", "testimonials", "news", "recommendations", "events"])
def test_query_count_does_not_grow_with_ten_times_more_content(client, public_site, key):
    image = f.make_image()
    fill(public_site, 2, image)
    f.add_recommendations(public_site["recommendations"], range(1, 3))
    home = public_site["home"]
    home.featured_projects = [("project", p) for p in f.ProjectPage.objects.all()[:2]]
    f.publish(home)
    url = public_site[key].url
    few = count_queries(client, url)
    fill(public_site, 20, image)
    f.add_recommendations(public_site["recommendations"], range(1, 24))
    home.featured_projects = [("project", p) for p in f.ProjectPage.objects.all()[:6]]
    f.publish(home)
    assert count_queries(client, url) == few


def test_project_page_query_count_does_not_grow_with_related_content(client, public_site):
    image = f.make_image()
    project = f.add_project(public_site["projects"], image=image)
    f.add_testimonial(public_site["testimonials"], housing_project=project.housing_project, n=1, image=image)
    f.add_news(public_site["news"], n=1, housing_project=project.housing_project, image=image)
    few = count_queries(client, project.url)
    for n in range(2, 12):
        f.add_testimonial(public_site["testimonials"], housing_project=project.housing_project, n=n, image=image)
        f.add_news(public_site["news"], n=n, housing_project=project.housing_project, image=image)
    assert count_queries(client, project.url) == few


def test_home_counts_resident_households_and_candidates_live(client, public_site):
    HouseholdFactory.create_batch(3, housing_project=HousingProjectFactory())
    HouseholdFactory()  # not (yet) living in a project
    body = client.get("/fr/").content.decode()
    # The counted figures are drawn beside their table (socle_site.kernel.charts).
    assert '<th scope="row">ménages habitent nos projets</th><td>3</td>' in body


def test_project_index_filters_by_status_and_municipality(client, public_site):
    f.add_project(public_site["projects"], housing_project=HousingProjectFactory(name="Calico", municipality="Forest", status="inhabited"))
    f.add_project(public_site["projects"], housing_project=HousingProjectFactory(name="Nouveau", municipality="Forest", status="study"))
    f.add_project(public_site["projects"], housing_project=HousingProjectFactory(name="Arc", municipality="Molenbeek", status="inhabited"))
    body = client.get("/fr/projets/?status=inhabited&municipality=Forest").content.decode()
    assert "Calico" in body and "Nouveau" not in body and ">Arc<" not in body
    # A value outside the choices is ignored, not a 500.
    assert client.get("/fr/projets/?status=<script>&municipality=Nowhere").status_code == 200


def test_recommendations_filter_by_theme_and_status(client, public_site):
    f.add_recommendations(public_site["recommendations"])
    body = client.get("/fr/recommandations/?theme=C&status=proposed").content.decode()
    assert "Recommandation 8" in body and "Recommandation 3<" not in body
    assert "Aucune recommandation" in client.get("/fr/recommandations/?status=adopted").content.decode()


def test_pages_are_cached_for_anonymous_visitors_and_invalidated_on_publish(client, public_site):
    project = f.add_project(public_site["projects"])
    assert client.get(project.url)["X-Page-Cache"] == "miss"
    response = client.get(project.url)
    assert response["X-Page-Cache"] == "hit"
    # Nothing per visitor in a plain page (its language switcher is links): no token, no cookie.
    assert page_cache.CSRF_TOKEN_MARK not in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.content.decode() and "csrftoken" not in response.cookies
    # The headers every middleware gave it are stored with it.
    assert response["Content-Security-Policy"] and response["X-Frame-Options"] == "DENY"
    assert response["Content-Language"] == "fr"
    project.intro = "Une introduction changée."
    f.publish(project)
    response = client.get(project.url)
    assert response["X-Page-Cache"] == "miss" and "Une introduction changée." in response.content.decode()
    project.unpublish()
    assert_not_found(client.get(project.url))


def test_logged_in_members_are_never_served_from_the_cache(client, public_site, user):
    client.get("/fr/")
    client.force_login(user)
    response = client.get("/fr/")
    assert "X-Page-Cache" not in response
    assert user.email in response.content.decode() or "Se déconnecter" in response.content.decode()


def test_untranslated_page_falls_back_to_french_with_a_notice(client, public_site):
    project = f.add_project(public_site["projects"])
    body = client.get(project.url).content.decode()
    assert f"/nl/page/{project.pk}/" in body  # the language switcher
    response = client.get(f"/nl/page/{project.pk}/")
    assert response.status_code == 200
    assert "nog niet vertaald" in response.content.decode()
    assert project.intro in response.content.decode()


def test_translated_page_is_reached_through_the_switcher(client, public_site):
    home = public_site["home"]
    nl_home = home.copy_for_translation(Locale.objects.get(language_code="nl"))
    nl_home.slug = "home"
    f.publish(nl_home)
    nl_index = public_site["projects"].copy_for_translation(Locale.objects.get(language_code="nl"))
    nl_index.slug = "projecten"
    f.publish(nl_index)
    assert 'lang="nl" hreflang="nl"' in client.get("/fr/projets/").content.decode()
    assert "/nl/projecten/" in client.get("/fr/projets/").content.decode()
    response = client.get(f"/nl/page/{public_site['projects'].pk}/")
    assert response.status_code == 302 and response["Location"].endswith("/nl/projecten/")


def test_navigation_sections_lead_to_the_page_in_the_visitors_language(client, public_site):
    response = client.get("/fr/sections/news/")
    assert response.status_code == 302 and response["Location"].endswith("/fr/actualites/")
    assert client.get("/nl/sections/news/")["Location"].endswith(f"/nl/page/{public_site['news'].pk}/")
    assert_not_found(client.get("/fr/sections/nothing/"))


def test_feeds_sitemap_robots_and_search(client, public_site):
    news = f.add_news(public_site["news"], n=1)
    rss = client.get("/fr/news/rss/")
    assert rss.status_code == 200 and news.title in rss.content.decode() and "<rss" in rss.content.decode()
    atom = client.get("/fr/news/atom/")
    assert 'xmlns="http://www.w3.org/2005/Atom"' in atom.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/fr/actualites/nouvelle-1/" in sitemap
    assert "Sitemap:" in client.get("/robots.txt").content.decode()
    found = client.get("/fr/search/?q=Nouvelle").content.decode()
    assert news.title in found
    assert "Aucun résultat" in client.get("/fr/search/?q=zzzzqqq").content.decode()
    tagged = client.get("/fr/actualites/?tag=projets").content.decode()
    assert news.title in tagged


def test_wagtail_tree_rules():
    from socle_site.models import HomePage, NewsPage, ProjectIndexPage, ProjectPage

    assert ProjectPage.parent_page_types == ["socle_site.ProjectIndexPage"]
    assert NewsPage.subpage_types == []
    assert ProjectIndexPage.max_count_per_parent == 1
    assert "socle_site.ContentPage" in HomePage.subpage_types


def test_favicon_ico_leads_to_the_icon(client, db):
    # Browsers ask for /favicon.ico on their own; a 404 there is a console error on every page.
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")
