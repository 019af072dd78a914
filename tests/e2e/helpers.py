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


E2E_PASSWORD = "socle-e2e-2026"


def person(email: str, first: str, last: str = "Member", lang: str = "en", household=None, **kwargs):
    """A member who logs in with E2E_PASSWORD (outside the Playwright block),
    optionally in a household."""
    from tests.factories import HouseholdMemberFactory, UserFactory

    user = UserFactory(email=email, first_name=first, last_name=last, language=lang, **kwargs)
    user.set_password(E2E_PASSWORD)
    user.save()
    if household is not None:
        HouseholdMemberFactory(user=user, household=household)
    return user


def log_in(page, base: str, email: str, lang: str = "en", password: str = E2E_PASSWORD, heading: str | None = None):
    """Log in through allauth's form and wait to leave the login page (and,
    given a heading, for the page it lands on to show it)."""
    page.goto(f"{base}/{lang}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if heading is not None:
        from playwright.sync_api import expect

        expect(page.locator("h1")).to_have_text(heading)
