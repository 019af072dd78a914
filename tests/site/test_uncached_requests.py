"""What a request the whole-page cache cannot serve (a session cookie) still
gets from the caches: the route with the page itself, the answer to "is this
page restricted?", the layout's shared parts, and "this session does not
exist". Each is dropped when a publication changes what it says."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from socle_site import page_cache
from wagtail.models import PageViewRestriction

from tests.refusals import assert_not_found
from tests.site import factories as f

pytestmark = pytest.mark.django_db

UNKNOWN_SESSION = "sessionid=no-such-session-at-all"


def get(client, url, cookie=UNKNOWN_SESSION):
    # Sent as is on each request, like a browser that kept a stale cookie
    # (the test client would drop the one the server deletes).
    return client.get(url, HTTP_COOKIE=cookie)


def tokens(body: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)


@pytest.mark.parametrize("key", ["home", "projects", "news", "recommendations", "testimonials"])
def test_an_already_rendered_page_costs_no_query_to_a_visitor_with_an_unknown_session(client, public_site, key):
    image = f.make_image()
    project = f.add_project(public_site["projects"], image=image)
    f.add_news(public_site["news"], housing_project=project.housing_project, image=image)
    f.add_testimonial(public_site["testimonials"], housing_project=project.housing_project, image=image)
    f.add_recommendations(public_site["recommendations"])
    url = public_site[key].url
    get(client, url)
    with CaptureQueriesContext(connection) as queries:
        response = get(client, url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert len(queries) == 0, [q["sql"][:80] for q in queries]


def test_an_unpublished_or_moved_page_is_not_served_from_its_remembered_route(client, public_site):
    project = f.add_project(public_site["projects"], intro="Première version.")
    other = f.add_project(public_site["projects"])
    assert "Première version." in get(client, project.url).content.decode()
    project.intro = "Deuxième version."
    f.publish(project)
    assert "Deuxième version." in get(client, project.url).content.decode()
    old_url = other.url
    assert get(client, old_url).status_code == 200
    other.move(public_site["home"], pos="last-child")
    other.refresh_from_db()
    # Wagtail leaves a redirect at the old address.
    assert get(client, old_url).status_code == 301
    assert get(client, other.url).status_code == 200
    project.unpublish()
    assert_not_found(get(client, project.url))


def test_a_restriction_on_an_ancestor_is_seen_at_once(client, public_site):
    project = f.add_project(public_site["projects"])
    assert project.intro in get(client, project.url).content.decode()
    restriction = PageViewRestriction.objects.create(
        page=public_site["projects"], restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    body = get(client, project.url).content.decode()
    assert project.intro not in body and "password" in body
    restriction.delete()
    assert project.intro in get(client, project.url).content.decode()


def test_the_shared_header_needs_no_csrf_token_and_its_language_links_lead_to_the_page(client, public_site):
    url = public_site["projects"].url
    page = get(client, url).content.decode()
    assert page_cache.CSRF_TOKEN_MARK not in page and not tokens(page)
    nl = re.search(r'<a href="([^"]+)" lang="nl" hreflang="nl"', page).group(1)
    response = get(client, nl)
    assert response.status_code == 200 and response.cookies["django_language"].value == "nl"


def test_members_and_visitors_get_their_own_menu_and_footer_around_the_shared_header(client, public_site, user):
    url = public_site["news"].url
    visitor = get(client, url).content.decode()
    assert "Se connecter</a>" in visitor and "Mes données personnelles" not in visitor
    client.force_login(user)
    member = client.get(url).content.decode()
    assert "Se déconnecter" in member and "Se connecter</a>" not in member
    assert "Mes données personnelles" in member
    # ...and a visitor after them is not served the member's.
    client.logout()
    visitor = get(client, url).content.decode()
    assert "Se déconnecter" not in visitor and "Mes données personnelles" not in visitor


def test_an_unknown_session_is_remembered_as_unknown_but_logging_in_still_works(client, public_site, user):
    url = public_site["home"].url
    get(client, url)
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    assert not [q for q in queries if "django_session" in q["sql"]]
    # Logging in draws a new session key, which is known from then on.
    client.cookies["sessionid"] = "no-such-session-at-all"
    client.force_login(user)
    assert client.cookies["sessionid"].value != "no-such-session-at-all"
    assert "Se déconnecter" in client.get(url).content.decode()
