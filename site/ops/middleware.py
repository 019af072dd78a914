"""Second in MIDDLEWARE (after the probes): ``/metrics`` for operators, and
for every other request a request id, the metrics and one log line."""

import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse, HttpResponseNotFound
from django.utils.functional import empty
from socle_site.kernel import metrics

from . import request_log

METRICS_PATH = "/metrics"
# A request that came through the proxy carries one of these: the proxy on
# the same machine connects from loopback, so the address alone proves nothing.
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")
# Any other method is counted as "other", so a client cannot grow the labels.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class _QueryMeter:
    __slots__ = ("count", "seconds")

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


def may_read_metrics(request) -> bool:
    if any(header in request.META for header in PROXY_HEADERS):
        return False
    return metrics.is_allowed_client(request.META.get("REMOTE_ADDR", ""), settings.SOCLE_METRICS_ALLOWED_NETWORKS)


def _member_id(request) -> int | None:
    # Only a user some earlier code already loaded: logging must not cost a
    # session query on pages that never looked at the visitor.
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty or not getattr(wrapped, "is_authenticated", False):
        return None
    return wrapped.pk


class OpsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == METRICS_PATH:
            if not may_read_metrics(request):
                return HttpResponseNotFound()
            body, content_type = metrics.exposition()
            return HttpResponse(body, content_type=content_type, headers={"Cache-Control": "no-store"})

        request_id = request_log.request_id_from(request.headers.get(request_log.REQUEST_ID_HEADER))
        token = request_log.current_request_id.set(request_id)
        meter = _QueryMeter()
        started = time.perf_counter()
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(meter):
                response = self.get_response(request)
            duration = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            view = (match.view_name or metrics.unresolved()) if match else metrics.unresolved()
            method = request.method if request.method in METHODS else "other"
            metrics.REQUESTS.labels(view, method, response.status_code).inc()
            metrics.LATENCY.labels(view).observe(duration)
            metrics.DB_QUERIES.labels(view).observe(meter.count)
            metrics.DB_TIME.labels(view).observe(meter.seconds)
            request_log.log_request(
                method=method, view=view, status=response.status_code, duration=duration, member=_member_id(request)
            )
            response[request_log.REQUEST_ID_HEADER] = request_id
            return response
        finally:
            request_log.current_request_id.reset(token)
