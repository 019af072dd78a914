"""Nothing is left in one language: every catalogue is complete, and no
translatable string in the code is missing from the catalogues."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["fr", "nl"]
SOURCE_DIRS = ["site", "community", "events", "coownership", "platform_forums", "templates", "locale"]


def catalogues(root: Path):
    for language in LANGUAGES:
        for path in sorted(root.glob(f"**/locale/{language}/LC_MESSAGES/django.po")):
            if ".venv" not in path.parts:
                yield path


def msgids(path: Path) -> set[str]:
    with path.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


@pytest.mark.parametrize("path", list(catalogues(ROOT)), ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(path):
    with path.open("rb") as f:
        catalog = read_po(f)
    missing = [
        m.id
        for m in catalog
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else (m.string,)))
    ]
    assert missing == [], f"{len(missing)} untranslated in {path}: {missing[:10]}"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is installed by dev.py test")
def test_catalogues_hold_every_string_of_the_code(tmp_path):
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    for fresh in tmp_path.glob("**/locale/fr/LC_MESSAGES/django.po"):
        committed = ROOT / fresh.relative_to(tmp_path)
        new = msgids(fresh) - msgids(committed)
        assert not new, f"run makemessages: {committed.relative_to(ROOT)} lacks {sorted(new)[:10]}"
