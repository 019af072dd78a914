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

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from wagtail.views import serve

GENERATION_KEY = "socle_site:pages:generation"
PAGE_TTL = 600
TOKEN_PLACEHOLDER = "__socle_csrf_token__"
_TOKEN_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
MAX_QUERY_LENGTH = 200


def generation() -> str:
    current = cache.get(GENERATION_KEY)
    if current is None:
        current = uuid.uuid4().hex
        cache.add(GENERATION_KEY, current, None)
        current = cache.get(GENERATION_KEY, current)
    return current


def invalidate(**kwargs) -> None:
    """Drop every cached page (signal receivers pass their arguments here)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _key(request) -> str:
    raw = f"{request.get_host()}|{translation.get_language()}|{request.get_full_path()}"
    return f"socle_site:page:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def is_cacheable_request(request) -> bool:
    # No session cookie means no logged-in user and no session-stored
    # messages; the messages cookie carries the others.
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
    )


def cached_serve(request, path):
    """Wagtail's serve view, behind the whole-page cache."""
    if not is_cacheable_request(request):
        return serve(request, path)
    key = _key(request)
    stored = cache.get(key)
    if stored is not None:
        content, content_type = stored
        response = HttpResponse(content.replace(TOKEN_PLACEHOLDER, get_token(request)), content_type=content_type)
        response["X-Page-Cache"] = "hit"
        return response
    response = serve(request, path)
    page = getattr(request, "_socle_served_page", None)
    if response.status_code != 200 or page is None or not getattr(page, "cache_whole_page", False):
        return response
    if hasattr(response, "render"):
        response.render()
    if response.cookies or page.get_view_restrictions().exists():
        return response
    content = _TOKEN_INPUT.sub(rf"\g<1>{TOKEN_PLACEHOLDER}\g<3>", response.content.decode(response.charset))
    cache.set(key, (content, response["Content-Type"]), PAGE_TTL)
    response["X-Page-Cache"] = "miss"
    return response
