"""Where features add their endpoints to the partner API (from their
``AppConfig.ready()``); the URLs are read after every app has loaded."""

from django.urls import URLPattern, path

_endpoints: dict[str, URLPattern] = {}


def register_endpoint(route: str, view, name: str) -> None:
    """``route`` under /api/v1/, ``view`` a ``community.api.views.PartnerView``."""
    _endpoints[name] = path(route, view, name=name)


def endpoints() -> list[URLPattern]:
    return [_endpoints[name] for name in sorted(_endpoints)]
