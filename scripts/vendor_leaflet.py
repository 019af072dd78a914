#!/usr/bin/env python3
"""Re-vendor Leaflet from the npm registry into static/vendor/leaflet/ (issue 24: maps).

Usage: scripts/vendor_leaflet.py [VERSION]   (default: the version pinned below)

The version is pinned here and written to static/vendor/leaflet/VERSION, so the
copy in the repository says what it is. The tarball's SHA-512 must match the
"integrity" the registry publishes for that version, or nothing is written.
Only dist/ files the site serves are kept (script, style, marker images), with
Leaflet's licence (BSD-2-Clause) beside them.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "1.9.4"
REGISTRY = "https://registry.npmjs.org/leaflet"
TARGET = Path(__file__).resolve().parent.parent / "static" / "vendor" / "leaflet"
KEEP = {
    "package/dist/leaflet.js": "leaflet.js",
    "package/dist/leaflet.css": "leaflet.css",
    "package/dist/images/marker-icon.png": "images/marker-icon.png",
    "package/dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
    "package/dist/images/marker-shadow.png": "images/marker-shadow.png",
    "package/dist/images/layers.png": "images/layers.png",
    "package/dist/images/layers-2x.png": "images/layers-2x.png",
    "package/LICENSE": "LICENSE",
}


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (fixed https URLs)
        return response.read()


def main(version: str) -> None:
    dist = json.loads(fetch(f"{REGISTRY}/{version}"))["dist"]
    algorithm, expected = dist["integrity"].split("-", 1)
    if algorithm != "sha512":
        sys.exit(f"unexpected integrity algorithm {algorithm}")
    tarball = fetch(dist["tarball"])
    actual = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if actual != expected:
        sys.exit(f"integrity mismatch for leaflet {version}: {actual} != {expected}")
    if TARGET.exists():
        shutil.rmtree(TARGET)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member, name in KEEP.items():
            data = archive.extractfile(member)
            if data is None:
                sys.exit(f"{member} missing from the tarball")
            path = TARGET / name
            path.parent.mkdir(parents=True, exist_ok=True)
            content = data.read()
            if name.endswith(".js"):
                # The source map is not vendored: its comment would make the
                # production collectstatic (manifest storage) fail on the
                # missing leaflet.js.map.
                content = re.sub(rb"\n//# sourceMappingURL=\S+\s*$", b"\n", content)
            path.write_bytes(content)
    (TARGET / "VERSION").write_text(f"leaflet {version}\n{dist['integrity']}\n{dist['tarball']}\n")
    print(f"vendored leaflet {version} into {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else VERSION)
