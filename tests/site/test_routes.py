"""Features included at the root are passed over when the path's first segment is not theirs
(socle_site.kernel.routes), and every route still resolves as before."""

import pytest
from django.urls import get_resolver, resolve
from django.urls.resolvers import RoutePattern, URLResolver
from django.utils import translation
from socle_site.kernel.routes import FirstSegmentPattern, feature_urls, first_segments


def _feature_resolvers():
    (i18n,) = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and not isinstance(p.pattern, RoutePattern)]
    return [p for p in i18n.url_patterns if isinstance(p, URLResolver) and isinstance(p.pattern, FirstSegmentPattern)]


def test_every_feature_included_at_the_root_is_filtered_by_its_first_segments():
    names = {resolver.urlconf_module.__name__ for resolver in _feature_resolvers()}
    assert {"community.urls", "events.urls", "coownership.urls", "platform_forums.urls", "socle_site.site_urls"} <= names


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_each_literal_route_of_each_feature_resolves_to_its_own_view(language):
    checked = 0
    with translation.override(language):
        for resolver in _feature_resolvers():
            for pattern in resolver.url_patterns:
                route = str(pattern.pattern)
                if "<" in route or isinstance(pattern, URLResolver):
                    continue
                match = resolve(f"/{language}/{route}")
                assert match.func == pattern.callback, route
                checked += 1
    assert checked > 30  # 42 literal routes when written


def test_a_path_no_feature_claims_reaches_the_wagtail_pages():
    with translation.override("fr"):
        assert resolve("/fr/projets/").url_name == "cached_wagtail_serve"
        assert resolve("/fr/").url_name == "cached_wagtail_serve"


def test_a_route_starting_with_a_converter_keeps_the_plain_include(settings, tmp_path):
    from django.urls import path

    def view(request):  # pragma: no cover - never called
        return None

    assert first_segments([path("<slug:slug>/", view)]) is None
    assert first_segments([path("rooms/<slug:slug>/", view), path("calendar/", view)]) == {"rooms", "calendar"}
    resolver = feature_urls("events.urls")
    assert resolver.pattern.match("rooms/x/") and resolver.pattern.match("my/") is None
