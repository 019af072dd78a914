"""Whole-page cache of the public Wagtail pages, for anonymous visitors.

A page is cached whole (Django cache, keyed by host, language and full URL)
only when the visitor has no session and no pending messages, so nothing
personal is ever stored. Every page carries the language switcher's form:
its CSRF token is taken out before storing and the visitor's own token is
put back on each hit, so cached forms still post. Publishing, unpublishing,
moving or deleting any page invalidates every cached page at once (a new
generation), because a change shows on other pages too (home, indexes).
Figures counted from the portal's data (households, candidates) may lag by
at most PAGE_TTL.
"""

import hashlib
import re
import uuid
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.views import serve

from community.middleware import remember_language

GENERATION_KEY = "socle_site:pages:generation"
PAGE_TTL = 600
# Stored pages and fragments hold this mark where a form's CSRF token goes;
# ``with_visitor_token`` puts the visitor's own token there on the way out.
CSRF_TOKEN_MARK = "__socle_csrf_token__"
_TOKEN_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
MAX_QUERY_LENGTH = 200


def with_visitor_token(content: str, request) -> str:
    """Stored HTML with the visitor's own CSRF token where the mark stands."""
    if CSRF_TOKEN_MARK not in content:
        return content
    return content.replace(CSRF_TOKEN_MARK, get_token(request))


def generation(request=None) -> str:
    """The current publication's mark, read once per request when a request
    is given (a page asks for it for each of its cached parts)."""
    current = getattr(request, "_socle_generation", None)
    if current is not None:
        return current
    current = cache.get(GENERATION_KEY)
    if current is None:
        current = uuid.uuid4().hex
        cache.add(GENERATION_KEY, current, None)
        current = cache.get(GENERATION_KEY, current)
    if request is not None:
        request._socle_generation = current
    return current


def invalidate(**kwargs) -> None:
    """Drop every cached page (signal receivers pass their arguments here)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _key(request, language: str) -> str:
    # The generation is not in the key: it is stored with the page and read in
    # the same round trip (PageCacheMiddleware), so a hit costs one MGET.
    raw = f"{request.scheme}|{request.get_host()}|{language}|{request.get_full_path()}"
    return f"socle_site:page:v2:{hashlib.sha256(raw.encode()).hexdigest()}"


# base.html's fragments, the same for every visitor of an address.
LAYOUT_FRAGMENTS = frozenset({"header", "visitor-menu", "footer"})


def fragment_key(request, page, name: str) -> str | None:
    """The key of a fragment of a public page that is the same for every
    visitor (its content, breadcrumbs, meta tags), or None when it must be
    rendered afresh: previews and drafts, pages that opt out, long queries.
    Logged-in members get these fragments too: the per-visitor parts (the
    header, messages, forms that know who you are) stay outside them."""
    if (
        request is None
        or getattr(request, "is_preview", False)
        or request.method not in ("GET", "HEAD")
        or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH
    ):
        return None
    is_wagtail_page = isinstance(page, Page)
    if is_wagtail_page and not (getattr(page, "cache_content_fragment", False) and page.live):
        return None
    # A view of the portal (My space, a meeting…) draws the same layout's
    # header and footer for everyone at its address: shared too, per address.
    if not is_wagtail_page and name.split("|")[0] not in LAYOUT_FRAGMENTS:
        return None
    raw = "|".join(
        [
            request.scheme,
            request.get_host(),
            translation.get_language() or "",
            request.get_full_path(),
            str(page.pk) if is_wagtail_page else "",
            "fallback" if getattr(request, "is_translation_fallback", False) else "",
            name,
        ]
    )
    return f"socle_site:fragment:{generation(request)}:{hashlib.sha256(raw.encode()).hexdigest()}"


def is_cacheable_request(request) -> bool:
    # No session cookie means no logged-in user and no session-stored
    # messages; the messages cookie carries the others.
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
    )


def _route(request, path: str) -> None:
    """Wagtail's routing (site by host, the language's root, one query per
    path segment, then the specific page), remembered per publication with
    the page itself: a hit costs no query. Wagtail's serve view then finds
    the route on the request (``_wagtail_route_for_request``). The stored
    page is the live one (any publish, unpublish, move or deletion starts a
    new generation); its parts that change without publishing (related
    objects, counts) are not stored with it."""
    if hasattr(request, "_wagtail_route_for_request"):
        return
    raw = f"{request._get_raw_host()}|{request.get_port()}|{translation.get_language()}|{path}"
    key = f"socle_site:route:{generation(request)}:{hashlib.sha256(raw.encode()).hexdigest()}"
    stored = cache.get(key)
    if stored is not None:
        request._wagtail_site, page = stored
        request._wagtail_route_for_request = (page, [], {})
        return
    result = Page.route_for_request(request, path)
    if result is not None:
        page, args, kwargs = result
        # Only our plain public pages: a routable page's sub-routes take arguments.
        if not args and not kwargs and getattr(page, "cache_whole_page", False):
            # Fetched afresh so that nothing routing cached on it is stored.
            fresh = type(page).objects.select_related("locale").get(pk=page.pk)
            cache.set(key, (Site.find_for_request(request), fresh), PAGE_TTL)


def has_view_restrictions(page) -> bool:
    """Whether the page or one of its ancestors restricts who may see it,
    remembered per publication (saving or deleting a restriction, moving a
    page start a new generation). Wagtail asks on every page served."""
    key = f"socle_site:restricted:{generation()}:{page.pk}"
    restricted = cache.get(key)
    if restricted is None:
        restricted = Page.get_view_restrictions(page).exists()
        cache.set(key, restricted, PAGE_TTL)
    return restricted


def cached_serve(request, path):
    """Wagtail's serve view. A stored page is served by PageCacheMiddleware
    before any of this runs; here a page that may be stored is marked for it
    (it stores the response once every middleware has added its headers)."""
    if request.method in ("GET", "HEAD"):
        _route(request, path)
    response = serve(request, path)
    if getattr(request, "_socle_page_key", None) is None:
        return response  # not a request the page cache may answer
    page = getattr(request, "_socle_served_page", None)
    if response.status_code != 200 or page is None or not getattr(page, "cache_whole_page", False):
        return response
    if hasattr(response, "render"):
        response.render()
    if response.cookies or has_view_restrictions(page):
        return response
    request._socle_page_to_store = _TOKEN_INPUT.sub(
        rf"\g<1>{CSRF_TOKEN_MARK}\g<3>", response.content.decode(response.charset)
    )
    response["X-Page-Cache"] = "miss"
    return response


# Headers not stored with a page: per response (the request id, the cache's
# own mark), or recomputed (the length; cookies are not headers in Django).
_NOT_STORED = frozenset({"content-length", "x-page-cache", "x-request-id"})
_HIT = SimpleNamespace(view_name="page_cache_hit")  # what the metrics and the log name a hit


class PageCacheMiddleware:
    """Serves an anonymous visitor's page from the cache before the rest of
    the middleware runs (issue 18: a hit costs one Redis round trip and no
    URL resolving, sessions, locale or CSP building; the stored headers are
    those every middleware gave the page when it was stored). Placed right
    after OpsMiddleware, so a hit still has its request id, metrics and log
    line. What the skipped middleware does per visitor is done here: the
    visitor's CSRF token in the page's forms (Django's own CSRF middleware
    hooks) and the language cookie (community.middleware.remember_language).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        language = _language_prefix(request.path_info)
        if (
            language is None
            or not is_cacheable_request(request)
            # SecurityMiddleware would redirect a plain-HTTP request first.
            or (settings.SECURE_SSL_REDIRECT and not request.is_secure())
        ):
            return self.get_response(request)
        key = _key(request, language)
        found = cache.get_many([GENERATION_KEY, key])
        current, stored = found.get(GENERATION_KEY), found.get(key)
        if current is not None:
            if stored is not None and stored[0] == current:
                return self._hit(request, stored, language)
            request._socle_generation = current  # read once per request
        request._socle_page_key = key
        response = self.get_response(request)
        content = getattr(request, "_socle_page_to_store", None)
        if content is not None and response.status_code == 200 and not response.streaming:
            headers = [
                (name, value) for name, value in response.items() if name.lower() not in _NOT_STORED
            ]
            cache.set(key, (generation(request), content, headers), PAGE_TTL)
        return response

    def _hit(self, request, stored, language: str) -> HttpResponse:
        _generation, content, headers = stored
        has_token = CSRF_TOKEN_MARK in content
        if has_token:
            self.csrf.process_request(request)  # reads the visitor's CSRF cookie
            content = content.replace(CSRF_TOKEN_MARK, get_token(request))
        response = HttpResponse(content, headers=dict(headers))
        response["X-Page-Cache"] = "hit"
        if has_token:
            response = self.csrf.process_response(
                request, response
            )  # a new visitor gets the cookie
        remember_language(request, response, language)
        request.resolver_match = _HIT
        return response


_LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def _language_prefix(path: str) -> str | None:
    """The language of a public page's address (/fr/…), or None."""
    first = path[1:].split("/", 1)[0]
    return first if first in _LANGUAGE_CODES and path.startswith(f"/{first}/") else None
