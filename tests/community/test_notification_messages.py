"""Notifications are kept as their message and written out in the reader's
language: every kind of notification the code sends, in the three languages."""

import ast
import re
from datetime import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy, pgettext_lazy
from socle_site.kernel import formatting

from community.models import Notification
from community.notification_messages import freeze_message, render_notification, text_of
from community.notifications import all_categories
from community.services.notifications import notify
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = ["community", "events", "coownership", "platform_forums", "site"]
PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
# 18:30 in Brussels in winter.
WHEN = datetime.fromisoformat("2026-11-06T17:30:00+00:00")


def _notify_calls():
    """(file, category, msgids) of every ``notify(`` call site, with the lazy
    messages its module writes (titles are sometimes passed through helpers)."""
    sites = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            source = path.read_text()
            if "notify(" not in source:
                continue
            tree = ast.parse(source)
            calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "notify"]
            if not calls:
                continue
            messages = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("gettext_lazy", "_", "pgettext_lazy"):
                    strings = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                    if getattr(node.func, "id", None) == "pgettext_lazy" and len(strings) == 2:
                        messages.add(tuple(strings))
                    elif len(strings) == 1:
                        messages.add(strings[0])
            categories = {
                kw.value.value for call in calls for kw in call.keywords
                if kw.arg == "category" and isinstance(kw.value, ast.Constant)
            }
            sites.append((path.relative_to(ROOT), categories, messages))
    return sites


SITES = _notify_calls()


def _params_for(text: str) -> dict:
    params = {}
    for name, kind in PLACEHOLDER.findall(text):
        if kind == "d" or name in ("count", "number", "n"):
            params[name] = 3
        elif name in ("when", "before", "date", "deadline", "until"):
            params[name] = formatting.moment(WHEN)
        elif name in ("amount", "total", "balance", "price"):
            params[name] = formatting.money(123456)
        else:
            params[name] = "Arc-en-Ciel"
    return params


def test_the_call_sites_are_found():
    assert len(SITES) >= 15
    assert sum(len(messages) for _path, _categories, messages in SITES) >= 50


def test_every_category_used_is_registered_and_named_in_each_language():
    registered = {category.code: category for category in all_categories()}
    used = set().union(*(categories for _path, categories, _messages in SITES))
    assert used <= set(registered), used - set(registered)
    for code in used:
        with translation.override("nl"):
            dutch = str(registered[code].label)
        with translation.override("en"):
            english = str(registered[code].label)
        assert dutch != english, code


@pytest.mark.parametrize("path,messages", [(str(p), m) for p, _c, m in SITES])
def test_every_notification_kind_renders_in_the_three_languages(path, messages):
    for message in sorted(messages, key=str):
        lazy = pgettext_lazy(*message) if isinstance(message, tuple) else gettext_lazy(message)
        msgid = message[1] if isinstance(message, tuple) else message
        params = _params_for(msgid)
        frozen = Notification(title="", body="", url="/fr/my/", message=freeze_message(title=lazy, body="", params=params, url="/fr/my/"))
        for language in ("fr", "nl", "en"):
            shown = render_notification(frozen, language)
            assert "%(" not in shown.title, (path, msgid, language)
            with translation.override(language):
                expected = (str(lazy) % {k: v if isinstance(v, int) else str(v) for k, v in params.items()}) if params else str(lazy)
            assert shown.title == expected[:250], (path, msgid, language)
            assert shown.url == f"/{language}/my/"


@pytest.mark.django_db
def test_a_notification_is_read_in_the_readers_current_language(django_capture_on_commit_callbacks, time_machine):
    time_machine.move_to("2026-11-01 10:00:00+01:00", tick=False)
    member = UserFactory(language="fr", email="fatima@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notify([member], category="account", title=gettext_lazy("Convocation: %(meeting)s on %(when)s"),
               params={"meeting": "AG", "when": formatting.moment(WHEN)}, url="/fr/my/")
    notification = Notification.objects.get(recipient=member)
    assert notification.message["params"]["when"]["__moment__"] == WHEN.isoformat()
    # The e-mail is in the member's chosen language, at Brussels time.
    assert "18:30" in mail.outbox[0].subject and "Convocation" in mail.outbox[0].subject
    # The member switches the page to Dutch: the list reads in Dutch, times still right.
    assert render_notification(notification, "nl").title.startswith("Oproeping")
    assert "18:30" in render_notification(notification, "nl").title
    assert render_notification(notification, "en").url == "/en/my/"
    member.language = "nl"
    member.save()
    from django.test import Client

    client = Client()
    client.force_login(member)
    page = client.get("/nl/my/notifications/").content.decode()
    assert render_notification(notification, "nl").title in page


@pytest.mark.django_db
def test_a_translatable_text_in_a_notification_follows_the_reader(django_capture_on_commit_callbacks):
    from django.utils import timezone

    from community.governance.models import Meeting
    from tests.governance.helpers import make_body

    with translation.override("fr"):
        meeting = Meeting.objects.create(body=make_body(), title="Assemblée générale", starts_at=timezone.now())
    meeting.title_nl = "Algemene vergadering"
    meeting.save()
    member = UserFactory(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        notify([member], category="account", title=gettext_lazy("Minutes approved: %(meeting)s"),
               params={"meeting": text_of(meeting, "title")})
    notification = Notification.objects.get(recipient=member)
    assert "Algemene vergadering" in render_notification(notification, "nl").title
    assert "Assemblée générale" in render_notification(notification, "en").title  # the original, no English yet


@pytest.mark.django_db
def test_rows_from_before_keep_their_text():
    member = UserFactory(language="fr")
    old = Notification.objects.create(recipient=member, category="account", title="Texte d'avant", body="Corps", url="/fr/x/")
    shown = render_notification(old, "nl")
    assert (shown.title, shown.body, shown.url) == ("Texte d'avant", "Corps", "/fr/x/")


def _written_out_texts():
    """Arguments of ``notify(`` calls that are text already written out in one
    language: ``gettext(...)`` (not lazy), ``get_…_display()``, ``str(_(...))``,
    an f-string or a literal as title or body."""
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            source = path.read_text()
            if "notify(" not in source:
                continue
            tree = ast.parse(source)
            eager = {"gettext", "pgettext", "ngettext"}
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                    eager |= {a.asname for a in node.names if a.name in ("gettext", "pgettext", "ngettext") and a.asname}
            for call in ast.walk(tree):
                if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "notify"):
                    continue
                for keyword in call.keywords:
                    if keyword.arg in ("title", "body") and isinstance(keyword.value, (ast.Constant, ast.JoinedStr)):
                        found.append((str(path.relative_to(ROOT)), call.lineno, keyword.arg))
                    for node in ast.walk(keyword.value):
                        if not isinstance(node, ast.Call):
                            continue
                        name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
                        if name in eager or re.fullmatch(r"get_\w+_display", name):
                            found.append((str(path.relative_to(ROOT)), call.lineno, name))
    return found


def test_no_call_site_passes_text_written_out_in_one_language():
    """Titles and bodies are message ids; translated parameters are lazy (a
    choice's ``.label``) or ``text_of`` an object, so each reader gets their language."""
    assert _written_out_texts() == []


@pytest.mark.django_db
def test_notify_refuses_a_plain_title():
    member = UserFactory(language="nl")
    with pytest.raises(TypeError):
        notify([member], category="account", title="Uw gegevens zijn klaar")
    assert not Notification.objects.filter(recipient=member).exists()
