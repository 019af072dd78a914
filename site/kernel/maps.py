"""Maps: which tile server (if any) draws them, and what the CSP must allow for it.

Issue 24: a project's place is shown on a map drawn by Leaflet (vendored under
static/vendor/leaflet by scripts/vendor_leaflet.py) from the tiles of a server the
operator chooses: ``SOCLE_MAP_TILES`` (a URL template such as
``https://tile.example.org/{z}/{x}/{y}.png``) and ``SOCLE_MAP_ATTRIBUTION`` (the
credit its licence asks for). A tile server sees the address of every visitor who
opens a map, so it is named in the Content-Security-Policy only when set, and on the
privacy page. With none set (the default, and in tests) pages show the accessible
list of places they always carry, and no map container at all: never a grey box.

The map script (static/js/maps.js) reads everything from data- attributes: no inline
script, so the site's strict CSP holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings

# WGS 84 bounds: what an editor may type as a latitude and a longitude.
LATITUDE_RANGE = (Decimal("-90"), Decimal("90"))
LONGITUDE_RANGE = (Decimal("-180"), Decimal("180"))


@dataclass(frozen=True)
class TileServer:
    url: str
    attribution: str

    @property
    def origin(self) -> str:
        return tile_origin(self.url)


def tile_origin(url: str) -> str:
    """The origin a tile URL template loads from, as a CSP source.

    ``{s}`` (Leaflet's subdomain placeholder) becomes a ``*.`` wildcard, the only
    form of it a CSP source accepts.
    """
    parts = urlsplit(url.replace("{s}.", "*.").replace("{s}", "*"))
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"a map tile URL must be an http(s) URL template, not {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def csp_with_tiles(directives: dict[str, list[str]], url: str) -> dict[str, list[str]]:
    """The directives, plus the tile server's origin in img-src and connect-src when one is set."""
    if not url:
        return directives
    origin = tile_origin(url)
    widened = {key: list(values) for key, values in directives.items()}
    for key in ("img-src", "connect-src"):
        if origin not in widened.setdefault(key, ["'self'"]):
            widened[key].append(origin)
    return widened


def tile_server() -> TileServer | None:
    url = getattr(settings, "SOCLE_MAP_TILES", "")
    if not url:
        return None
    return TileServer(url=url, attribution=getattr(settings, "SOCLE_MAP_ATTRIBUTION", ""))

