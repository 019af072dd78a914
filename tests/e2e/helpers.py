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


def open_menu(page) -> None:
    """On a phone-sized page the menus fold behind the "Menu" button: open them."""
    toggle = page.locator("button.menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
