"""The policy each part of the site gets: no inline scripts on the site and
in Django's admin; Wagtail's admin alone allows them (see
socle_site.kernel.middleware for which and why)."""

import pytest

pytestmark = pytest.mark.django_db


def directive(response, name: str) -> str:
    policy = response.headers.get("Content-Security-Policy", "")
    return next((d.strip() for d in policy.split(";") if d.strip().startswith(name + " ")), "")


@pytest.fixture
def admin(client_of, user_factory):
    from wagtail.models import Collection, Locale, Page

    Collection.get_first_root_node() or Collection.add_root(name="Root")
    locale = Locale.objects.get_or_create(language_code="fr")[0]
    Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return client_of(user_factory(is_staff=True, is_superuser=True, language="en"))


def test_django_admin_has_no_inline_scripts(admin):
    response = admin.get("/admin/")
    assert response.status_code == 200
    assert directive(response, "script-src") == "script-src 'self'"
    assert "'unsafe-inline'" in directive(response, "style-src")


def test_wagtail_admin_alone_allows_its_inline_scripts(admin):
    response = admin.get("/cms/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in directive(response, "script-src")
    assert "'unsafe-eval'" not in directive(response, "script-src")
    assert directive(response, "frame-ancestors") == "frame-ancestors 'self'"


def test_the_portal_keeps_the_strict_policy(client):
    response = client.get("/en/privacy/")
    assert directive(response, "script-src") == "script-src 'self'"
    assert directive(response, "style-src") == "style-src 'self'"
    assert directive(response, "frame-ancestors") == "frame-ancestors 'none'"
