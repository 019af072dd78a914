"""One rate limit for every form that sends e-mail or is worth abusing,
counted in the cache (Redis in production, so shared by every process).
While the cache cannot be reached the counts go to the database
(``RateCount``), so a limit never silently vanishes with Redis."""

import datetime
import functools
import hashlib
import time

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from socle_site.kernel.cache import is_reachable


def parse_rate(rate: str) -> tuple[int, int]:
    """"5/h" → (5, 3600); units s, m, h, d."""
    count, unit = rate.split("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]


def hit(key: str, rate: str) -> bool:
    """Counts one attempt; False once the limit of the window is passed."""
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    cache_key = f"ratelimit:{hashlib.sha256(key.encode()).hexdigest()}:{window}"
    if not is_reachable():
        return _hit_in_database(cache_key, limit, period)
    if cache.add(cache_key, 1, period):
        return True
    try:
        return cache.incr(cache_key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, period)
        return True


def _hit_in_database(cache_key: str, limit: int, period: int) -> bool:
    from .models import RateCount

    now = timezone.now()
    counts = RateCount.objects.filter(key=cache_key)
    if not counts.update(count=F("count") + 1):
        RateCount.objects.filter(expires_at__lt=now).delete()
        try:
            with transaction.atomic():
                RateCount.objects.create(key=cache_key, count=1, expires_at=now + datetime.timedelta(seconds=period))
            return True
        except IntegrityError:  # another request created it meanwhile
            counts.update(count=F("count") + 1)
    return counts.values_list("count", flat=True).get() <= limit


def client_key(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def rate_limited(scope: str, rate: str = "5/h", methods: tuple[str, ...] = ("POST",)):
    """Decorator for views: beyond ``rate`` per person (or address), answer
    429 with a page that says to wait; nothing is done."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not hit(f"{scope}:{client_key(request)}", rate):
                return too_many(request)
            return view(request, *args, **kwargs)

        # Read by tests and reviews: which limit a view carries.
        wrapped.rate_limit = rate
        wrapped.rate_scope = scope
        return wrapped

    return decorator


def too_many(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/too_many.html",
        {"message": _("Too many attempts in a short time. Please wait a little and try again.")},
        status=429,
    )
