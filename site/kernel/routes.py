"""Include a feature's URLs at the root without making every request walk them.

The features' URLs sit at the root of each language (``/fr/my/``, ``/fr/buildings/``),
so the project includes them with an empty prefix. Django then tries every pattern of
every feature, in order, before reaching the ones after them: a public page, served by
Wagtail's catch-all at the very end, walked about 200 patterns and copied each failed
include's list of tries, 0.3 ms of the 0.7 ms a cached page may cost (issue 18, measured
with bench/all.py --profile "home, cached").

``feature_urls("events.urls")`` is ``path("", include("events.urls"))`` that first looks
at the path's first segment: if none of the feature's routes starts with it, the whole
include is passed over at once. A feature whose route begins with a converter
(``<slug:slug>/``) or a regular expression cannot be told apart this way and is
included as before.
"""

from importlib import import_module

from django.urls import URLResolver, include
from django.urls.resolvers import RoutePattern


class FirstSegmentPattern(RoutePattern):
    """The empty route, matching only paths whose first segment is one of ``segments``."""

    def __init__(self, segments: frozenset[str]):
        super().__init__("", is_endpoint=False)
        self.segments = segments

    def match(self, path):
        if path.partition("/")[0] not in self.segments:
            return None
        return super().match(path)


def first_segments(patterns) -> frozenset[str] | None:
    """The literal first segments of these routes, or None if one is not literal."""
    segments = set()
    for pattern in patterns:
        route = pattern.pattern
        if not isinstance(route, RoutePattern):
            return None
        first = str(route._route).partition("/")[0]
        if not first or "<" in first:
            return None
        segments.add(first)
    return frozenset(segments)


def feature_urls(module: str) -> URLResolver:
    urlconf, app_name, namespace = include(module)
    if isinstance(urlconf, str):
        urlconf = import_module(urlconf)
    segments = first_segments(getattr(urlconf, "urlpatterns", urlconf))
    pattern = RoutePattern("", is_endpoint=False) if segments is None else FirstSegmentPattern(segments)
    return URLResolver(pattern, urlconf, {}, app_name=app_name, namespace=namespace)
