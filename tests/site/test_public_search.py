"""The public search (Wagtail's search backend): live public pages in the
visitor's language only, linked at their address, in two queries (the count
and the page) whatever the number of pages (issue 18 point 4)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from tests.site import factories as f

pytestmark = pytest.mark.django_db


def search_queries(client, url: str) -> int:
    client.get(url)  # the layout's shared parts (menus, site root paths) cached once, as in a warm worker
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_restricted_or_other_language_page_is_not_found(client, public_site):
    shown = f.add_news(public_site["news"], n=1)
    private = f.add_news(public_site["news"], n=2)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    # A page under a restricted page is private too.
    PageViewRestriction.objects.create(
        page=public_site["events"], restriction_type=PageViewRestriction.LOGIN
    )
    event = f.add_event(public_site["events"], n=7)
    event.title = "Fête de la Nouvelle"
    f.publish(event)
    dutch = shown.copy_for_translation(Locale.objects.get(language_code="nl"), copy_parents=True)
    dutch.title = "Nieuws Nouvelle"
    f.publish(dutch)
    found = client.get("/fr/search/?q=Nouvelle").content.decode()
    assert f'href="{shown.url}"' in found and shown.title in found
    assert "Nouvelle 2" not in found and "Fête de la Nouvelle" not in found
    assert "Nieuws Nouvelle" not in found


def test_the_query_count_does_not_grow_with_the_pages(client, public_site):
    f.add_news(public_site["news"], n=1)
    before = search_queries(client, "/fr/search/?q=Nouvelle")
    for n in range(2, 30):
        f.add_news(public_site["news"], n=n)
    after = search_queries(client, "/fr/search/?q=Nouvelle")
    assert after == before == 2  # the count and the page: no locale, restriction or site lookups
