"""The generic content page (StreamField blocks), its demo pages in three
languages and the footer that leads to them."""

import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from socle_site import demo
from socle_site.models import ContentPage

from tests.site import factories as f

pytestmark = pytest.mark.django_db


def test_demo_content_pages_in_three_languages_reached_from_the_footer(client):
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # idempotent
    assert ContentPage.objects.count() == 6
    for home, about, owner, phrases in [
        ("/fr/", "/fr/a-propos/", "/fr/devenir-proprietaire/", ["Le sol d&#x27;un côté", "World Habitat Award", "bien commun", "/fr/become-owner/"]),
        ("/nl/home/", "/nl/over-ons/", "/nl/eigenaar-worden/", ["De grond apart", "gemeengoed", "/nl/become-owner/"]),
        ("/en/", "/en/about/", "/en/become-an-owner/", ["The land on one side", "hand it on", "/en/candidacy/apply/"]),
    ]:
        footer = client.get(home, follow=True).content.decode()
        assert f'href="{about}"' in footer and f'href="{owner}"' in footer, home
        body = client.get(about).content.decode() + client.get(owner).content.decode()
        for phrase in phrases:
            assert phrase in body, (about, phrase)
    # The language switcher leads to the same page's translation.
    assert 'href="/nl/over-ons/" lang="nl" hreflang="nl"' in client.get("/fr/a-propos/").content.decode()


def count_queries(client, url: str) -> int:
    client.get(url)
    cache.clear()  # the page rendered from scratch
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_content_page_renders_its_blocks_with_a_fixed_number_of_queries(client, public_site):
    image = f.make_image()
    body = [
        ("heading", "Pourquoi"),
        ("paragraph", "<p>Un <b>texte</b>.</p>"),
        ("key_figures", [{"value": "107", "label": "logements"}]),
        ("quote", {"text": "Une citation.", "author": "Fatima"}),
        ("image", {"image": image, "alt": "Une façade", "caption": "La façade"}),
    ]
    page = f.publish(public_site["home"].add_child(instance=ContentPage(title="À propos", slug="a-propos", intro="Intro.", body=body)))
    f.publish(page.add_child(instance=ContentPage(title="Sous-page", slug="sous-page")))
    response = client.get(page.url).content.decode()
    for phrase in ["<h2>Pourquoi</h2>", "<b>texte</b>", "107", "Une citation.", 'alt="Une façade"', "La façade", "Sous-page"]:
        assert phrase in response, phrase
    few = count_queries(client, page.url)
    for n in range(10):
        f.publish(page.add_child(instance=ContentPage(title=f"Sous-page {n}", slug=f"sous-page-{n}")))
    page.refresh_from_db()
    page.body = body + [("image", {"image": f.make_image(f"image {n}"), "alt": f"Image {n}", "caption": ""}) for n in range(5)]
    f.publish(page)
    assert count_queries(client, page.url) == few
    assert "Sous-page 9" in client.get(page.url).content.decode()
