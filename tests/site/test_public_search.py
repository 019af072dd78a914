"""The public search (Wagtail's search backend): live public pages in the
visitor's language only, linked at their address, in two queries (the count
and the page) whatever the number of pages (issue 18 point 4)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from socle_site import page_cache
from wagtail.models import Locale, PageViewRestriction

from tests.site import factories as f

pytestmark = pytest.mark.django_db


def search_queries(client, url: str) -> tuple[int, int]:
    """The queries of a search asked for the first time, then asked again."""
    client.get("/fr/search/?q=warm")  # the layout's shared parts (menus, site root paths) cached once, as in a warm worker
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    return tuple(counts)


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
    page_cache.invalidate()  # as publishing them would
    after = search_queries(client, "/fr/search/?q=Nouvelle")
    # The count and the page, no locale, restriction or site lookups; asked
    # again, the answer stored for this publication.
    assert after == before == (2, 0)


def test_a_search_asked_again_is_answered_until_the_next_publication(client, public_site):
    f.add_news(public_site["news"], n=1)
    first = client.get("/fr/search/?q=Nouvelle").content.decode()
    assert "Nouvelle 1" in first and "Nouvelle 2" not in first
    f.publish(f.add_news(public_site["news"], n=2))  # a new generation: the stored answer is not read again
    again = client.get("/fr/search/?q=Nouvelle").content.decode()
    assert "Nouvelle 1" in again and "Nouvelle 2" in again


def test_the_stored_pages_of_results_keep_their_numbers(client, public_site):
    for n in range(1, 24):  # 23 results: two pages of 20
        f.add_news(public_site["news"], n=n)
    page_cache.invalidate()
    for _ in range(2):  # asked, then answered from the cache: the same pages
        second = client.get("/fr/search/?q=Nouvelle&page=2").content.decode()
        listed = re.search(r'<ol class="search-results">(.*?)</ol>', second, re.S).group(1)
        assert listed.count("<li>") == 3 and "Page 2 sur 2" in second
        assert 'rel="prev"' in second and 'rel="next"' not in second
        too_far = client.get("/fr/search/?q=Nouvelle&page=9").content.decode()
        assert "Page 2 sur 2" in too_far and 'rel="prev"' in too_far
