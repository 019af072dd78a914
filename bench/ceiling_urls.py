"""The ceiling of the public-pages benchmark: a minimal Django view that
returns a page of the given size, through the same middleware stack."""

import os

from django.http import HttpResponse
from django.urls import path

BODY = b"<!doctype html><html><body>" + b"x" * int(os.environ.get("BENCH_CEILING_BYTES", "20000")) + b"</body></html>"


def ceiling(request):
    return HttpResponse(BODY)


urlpatterns = [path("ceiling/", ceiling)]
