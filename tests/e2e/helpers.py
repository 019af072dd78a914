"""Helpers for the end-to-end tests in Debian's headless Chromium."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the current page."""
    results = _axe.run(page)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        for violation in results.response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]
