"""The URLconf of requests under /api/ (community.api.middleware)."""

from django.urls import include, path, re_path

from . import framework

urlpatterns = [
    path("api/v1/", include("community.api.urls")),
    re_path(r"^api/", framework.not_found),
]
