"""Every button a person is shown works for them (issue 26): the template and
the view ask the same named perm.

One class loads the demo once; for each role, a crawl of the member portal
from My space and the navigation reads every page once (at most a few pages
per URL name, so a thread or a ballot stands for the others), collects each
link and form it shows, and uses them as that person: a link is followed
(GET), a form is sent as the browser would send it untouched (inside a
savepoint rolled back at once, so nothing the crawl does stays). None may
answer 403 or send the person to the login page."""

from __future__ import annotations

import io
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase
from django.urls import Resolver404, resolve
from django.utils import translation

from community.models import User

LANGUAGE = "en"
START = [f"/{LANGUAGE}/my/", f"/{LANGUAGE}/forums/", f"/{LANGUAGE}/platforms/"]
# Paths the crawl does not follow: the administration and the CMS have their
# own permission system; files, feeds and the language switch are not buttons.
SKIPPED_PREFIXES = ("/admin", "/cms", "/documents", "/static", "/media", "/i18n", "/sitemap", "/robots",
                    "/favicon", f"/{LANGUAGE}/accounts/logout")
# URL names read only for a few instances each: the others are the same view.
PAGES_PER_URL_NAME = 2
ROLES = {
    "anonymous": None,
    "resident_and_chair": "resident@socle.test",
    "coowner": "coowner@socle.test",
    "candidate": "candidate@socle.test",
    "staff": "staff@socle.test",
    "editor": "editor@socle.test",
    "partner_organisation": "partner@socle.test",
    "platform_member": "platform@socle.test",
}


class _Rollback(Exception):
    pass


@dataclass
class Crawl:
    pages: int = 0
    actions: int = 0
    broken: list[str] = field(default_factory=list)
    not_read: list[str] = field(default_factory=list)


def _portal_path(base: str, href: str | None) -> str | None:
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    url = urlsplit(urljoin(base, href))
    if url.netloc and url.netloc not in ("testserver",):
        return None
    path = url.path + (f"?{url.query}" if url.query else "")
    if not path.startswith(f"/{LANGUAGE}/") or path.startswith(SKIPPED_PREFIXES):
        return None
    return path


def _url_name(path: str) -> str | None:
    try:
        with translation.override(LANGUAGE):  # i18n_patterns resolve the active language's prefix
            match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    # Wagtail's public pages are content, not buttons: one is enough.
    return match.view_name


def _refused(response) -> str | None:
    if response.status_code == 403:
        return "403"
    if response.status_code in (301, 302) and "/accounts/login/" in response.get("Location", ""):
        return "sent to the login page"
    return None


def _form_data(form) -> dict[str, list[str]]:
    """What a browser sends for an untouched form: its hidden and prefilled
    fields, the first option of each list, checked boxes."""
    data: dict[str, list[str]] = {}
    for field_ in form.find_all(["input", "select", "textarea"]):
        name = field_.get("name")
        if not name or field_.has_attr("disabled"):
            continue
        if field_.name == "select":
            chosen = field_.find("option", selected=True) or field_.find("option")
            if chosen is not None:
                data.setdefault(name, []).append(chosen.get("value", chosen.text))
        elif field_.name == "textarea":
            data.setdefault(name, []).append(field_.text)
        elif field_.get("type") in ("checkbox", "radio"):
            if field_.has_attr("checked"):
                data.setdefault(name, []).append(field_.get("value", "on"))
        elif field_.get("type") not in ("submit", "button", "file", "image"):
            data.setdefault(name, []).append(field_.get("value", ""))
    return data


def crawl(client: Client) -> Crawl:
    result = Crawl()
    seen_pages: set[str] = set()
    per_name: dict[str, int] = {}
    tried: set[tuple[str, str]] = set()
    queue = deque(START)
    while queue:
        path = queue.popleft()
        if path in seen_pages:
            continue
        name = _url_name(path)
        if name is None or per_name.get(name, 0) >= PAGES_PER_URL_NAME:
            continue
        seen_pages.add(path)
        per_name[name] = per_name.get(name, 0) + 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            result.not_read.append(f"{path} {response.status_code}")
            continue
        result.pages += 1
        soup = BeautifulSoup(response.content, "html.parser")
        main = soup.find("main") or soup
        for link in soup.find_all("a", href=True):
            target = _portal_path(path, link["href"])
            if target is None or ("GET", target) in tried:
                continue
            tried.add(("GET", target))
            # A link in the page's main part is a button the page offers; the
            # navigation's links are crawled too (they are pages of their own).
            answer = client.get(target)
            result.actions += 1
            if (reason := _refused(answer)) is not None:
                result.broken.append(f"{path} links to {target}: {reason}")
            elif answer.status_code == 200:
                queue.append(target)
        for form in main.find_all("form"):
            method = (form.get("method") or "get").upper()
            target = _portal_path(path, form.get("action") or path)
            if target is None:
                continue
            data = _form_data(form)
            key = (method, f"{target} {sorted(data)}")
            if key in tried:
                continue
            tried.add(key)
            result.actions += 1
            if method == "GET":
                answer = client.get(target, {k: v for k, v in data.items()})
            else:
                try:
                    with transaction.atomic():
                        answer = client.post(target, data)
                        raise _Rollback
                except _Rollback:
                    pass
            if (reason := _refused(answer)) is not None:
                label = " ".join((form.find(["button"]) or form).get_text(" ").split())[:60]
                result.broken.append(f"{path} shows the form “{label}” ({method} {target}): {reason}")
    return result


@pytest.mark.xdist_group("demo")
class ButtonsShownWork(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=io.StringIO())

    def _check(self, role: str) -> None:
        client = Client()
        email = ROLES[role]
        if email is not None:
            client.force_login(User.objects.get(email=email))
        result = crawl(client)
        assert result.pages >= 3, result.not_read
        assert result.broken == []


for _role in ROLES:
    setattr(ButtonsShownWork, f"test_every_button_shown_to_{_role}_works",
            lambda self, role=_role: self._check(role))
