"""Rewrites import paths after modules moved (issue 17, step 1: moves only).

    python scripts/rewrite_imports.py            # rewrite every text file of the repository

MOVES maps each old dotted module path to its new one. It is kept so that a
branch started before the move can be brought up to date by running it again.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MOVES = {
    "socle_site.errors": "socle_site.kernel.refusals",
    "socle_site.fanout": "socle_site.kernel.fanout",
    "socle_site.sanitise": "socle_site.kernel.sanitise",
    "socle_site.crypto": "socle_site.kernel.crypto",
    "socle_site.request_threads": "socle_site.kernel.request_threads",
    "socle_site.sessions": "socle_site.kernel.sessions",
    "socle_site.formatting": "socle_site.kernel.formatting",
    "socle_site.cache": "socle_site.kernel.cache",
    "socle_site.outage": "socle_site.kernel.outage",
    "socle_site.banking": "socle_site.kernel.banking",
    "community.privacy.ratelimit": "socle_site.kernel.ratelimit",
    "community.privacy.uploads": "socle_site.kernel.uploads",
    "community.privacy.middleware": "socle_site.kernel.middleware",
    "socle_site.ops.metrics": "socle_site.kernel.metrics",
}

SUFFIXES = {".py", ".html", ".txt", ".toml", ".md", ".cfg", ".ini", ".sh", ".example", ".service", ".j2", ".conf"}
SKIP = {".git", ".venv", "node_modules", "__pycache__", "locale"}
DOTTED = re.compile(r"(?<![\w.])(" + "|".join(re.escape(m) for m in sorted(MOVES, key=len, reverse=True)) + r")(?![\w])")
FROM_IMPORT = re.compile(r"^(?P<indent>\s*)from (?P<package>[\w.]+) import (?P<names>[^()\n#]+?)(?P<comment>\s*#.*)?$", re.M)


def split_from_imports(text: str) -> str:
    """``from socle_site import cache, page_cache`` → one line per destination."""

    def replace(match: re.Match) -> str:
        package, indent = match["package"], match["indent"]
        names = [n.strip() for n in match["names"].split(",") if n.strip()]
        groups: dict[str, list[str]] = {}
        for name in names:
            dotted = f"{package}.{name.split(' as ')[0].strip()}"
            target = MOVES.get(dotted)
            if target:
                parent, _, leaf = target.rpartition(".")
                alias = name.split(" as ")[1].strip() if " as " in name else name.split(" as ")[0].strip()
                groups.setdefault(parent, []).append(leaf if leaf == alias else f"{leaf} as {alias}")
            else:
                groups.setdefault(package, []).append(name)
        if list(groups) == [package]:
            return match.group(0)
        comment = match["comment"] or ""
        return "\n".join(f"{indent}from {p} import {', '.join(n)}{comment}" for p, n in groups.items())

    return FROM_IMPORT.sub(replace, text)


def rewrite(text: str) -> str:
    return DOTTED.sub(lambda m: MOVES[m.group(1)], split_from_imports(text))


def main() -> int:
    changed = 0
    for path in ROOT.rglob("*"):
        if path.suffix not in SUFFIXES or any(part in SKIP for part in path.relative_to(ROOT).parts):
            continue
        if path.resolve() == Path(__file__).resolve() or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        new = rewrite(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    print(f"{changed} files rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
