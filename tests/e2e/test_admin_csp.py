"""The administration under the Content-Security-Policy, in headless
Chromium: an editor walks Wagtail's admin (dashboard, page explorer, editing
a page and its preview, images, documents, snippets, users, history) and
Django's admin (a list and a change form); no page reports a CSP violation.
Django's admin allows no inline script; Wagtail's admin still needs them
(listed in socle_site.kernel.middleware), and only under /cms/."""

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.factories import UserFactory
from tests.site.factories import make_image, make_site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "socle-admin-2026"
CSP_WORDS = ("Content Security Policy", "Content-Security-Policy", "Refused to")
# live_server speaks plain HTTP: the notifications websocket cannot open.
KNOWN_NOISE = ("WebSocket connection to", "favicon.ico")

# Registered before any page script: the browser fires this event for every
# blocked script, style, image, frame or eval.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber}) ${e.sample || ''}`);
});
"""


def test_the_administration_runs_without_inline_scripts(live_server, browser_launch):
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    Collection.get_first_root_node() or Collection.add_root(name="Root")
    pages = make_site()
    make_image("Façade")
    from django.core.files.base import ContentFile

    Document.objects.create(title="Statuts", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="statuts.pdf"))
    admin = UserFactory(email="admin@example.org", password=PASSWORD, is_staff=True, is_superuser=True, language="en")
    home_id = pages["home"].pk
    admin_id = admin.pk
    base = live_server.url
    paths = [
        "/cms/",
        "/cms/pages/",
        f"/cms/pages/{home_id}/",
        f"/cms/pages/{home_id}/edit/",
        "/cms/images/",
        "/cms/documents/",
        "/cms/snippets/",
        "/cms/users/",
        "/cms/reports/site-history/",
        "/admin/",
        "/admin/community/user/",
        f"/admin/community/user/{admin_id}/change/",
        "/admin/privacy/accesslog/",
    ]
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.set_default_timeout(20_000)

        def on_console(message):
            text = message.text
            if any(word in text for word in CSP_WORDS) or (message.type == "error" and not any(n in text for n in KNOWN_NOISE)):
                problems.append(f"{page.url} console {message.type}: {text}")

        page.on("console", on_console)
        page.on("pageerror", lambda e: problems.append(f"{page.url} pageerror: {e}"))

        page.goto(f"{base}/en/accounts/login/")
        page.locator("#id_login").fill(admin.email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("networkidle")

        for path in paths:
            response = page.goto(base + path)
            assert response.status < 400, path
            policy = response.headers.get("content-security-policy") or ""
            script_src = next((d for d in policy.split(";") if d.strip().startswith("script-src")), "")
            assert script_src and "unsafe-eval" not in script_src, (path, policy)
            assert ("unsafe-inline" in script_src) == path.startswith("/cms/"), (path, policy)
            page.wait_for_load_state("networkidle")
            problems.extend(f"{path}: {v}" for v in page.evaluate("window.__cspViolations"))

        # The page editor's scripts really run: its tabs switch and the
        # side panel opens the live preview (an iframe of the admin's own).
        page.goto(f"{base}/cms/pages/{home_id}/edit/")
        expect(page.locator("form#page-edit-form")).to_be_visible()
        page.get_by_role("tab").nth(1).click()
        preview = page.locator("button[data-side-panel-toggle='preview']")
        if preview.count():
            preview.first.click()
            expect(page.locator("iframe#w-preview-iframe, iframe[data-w-preview-target='iframe']").first).to_be_attached()
            page.wait_for_timeout(1500)
        problems.extend(f"editor: {v}" for v in page.evaluate("window.__cspViolations"))

        # An image chooser opens in a modal built by the admin's scripts.
        page.goto(f"{base}/cms/images/")
        expect(page.get_by_text("Façade").first).to_be_visible()
        problems.extend(f"images: {v}" for v in page.evaluate("window.__cspViolations"))
        browser.close()
    assert problems == []
