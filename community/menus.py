"""The layout's menus. templates/base.html draws the public main menu, a
member's menu and a visitor's, and each app adds its own links when it loads:
the base names no feature (STYLE.md), and a menu is one loop in Python
rather than a dozen template tags (issue 18: every member page draws it).

A member link may be shown to some members only, through a named predicate
(community.predicates and the features' own); the view behind the link
still checks who may see it, the menu only spares people links they cannot
use."""

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from community.access import access_key

# The lists of base.html, in the order they are drawn.
MAIN = "main"  # the public menu, the same for everyone (cached with the header)
MEMBER = "member"  # a member's spaces, before Notifications
MEMBER_TOOLS = "member_tools"  # a member's tools, after Notifications (administration…)
VISITOR = "visitor"  # a visitor's, before "Log in"
MENUS = (MAIN, MEMBER, MEMBER_TOOLS, VISITOR)


@dataclass(frozen=True)
class MenuLink:
    key: str
    label: str | Promise
    url_name: str
    url_args: tuple = ()
    order: int = 100
    # Who sees the link, from the user (a named predicate); None: everyone
    # the menu is drawn for. A function of the person's id, Django flags and
    # access rows only (roles, perms: ``community.access``): a menu is drawn
    # once per ``access_key`` and language.
    shown: Callable | None = None


_menus: dict[str, dict[str, MenuLink]] = {menu: {} for menu in MENUS}


def register_link(menu: str, link: MenuLink) -> None:
    _menus[menu][link.key] = link


def registered(menu: str) -> list[MenuLink]:
    return sorted(_menus[menu].values(), key=lambda link: (link.order, link.key))


@lru_cache(maxsize=512)
def _url(url_name: str, url_args: tuple, language: str | None, urlconf: str | None) -> str:
    # The address of a link depends only on the language prefix (and the
    # URLconf, which tests may swap): reversed once per process.
    return reverse(url_name, args=url_args, urlconf=urlconf)


KEPT = 4096  # menus kept per process (a few hundred bytes each), the least recently drawn dropped
_drawn: OrderedDict[tuple, list[tuple[str, str]]] = OrderedDict()
_drawn_lock = threading.Lock()  # threaded workers share the process's dict


def _links_of(menu: str, user, language: str | None, urlconf: str | None) -> list[tuple[str, str]]:
    drawn = []
    for link in registered(menu):
        if link.shown is not None and not link.shown(user):
            continue
        drawn.append((_url(link.url_name, link.url_args, language, urlconf), str(link.label)))
    return drawn


def links(menu: str, user, path: str) -> list[tuple[str, str, bool]]:
    """[(address, label, is the current page)] of a menu for this user.

    The links a person sees are kept under their ``access_key`` (a role or
    perm gained or lost changes it): the predicates asked Django's perms on
    every member page, about a millisecond of its CPU (issue 18)."""
    language, urlconf = get_language(), get_urlconf()
    key = (menu, access_key(user), language, urlconf, tuple(_menus[menu]))
    with _drawn_lock:
        drawn = _drawn.get(key)
        if drawn is not None:
            _drawn.move_to_end(key)
    if drawn is None:
        drawn = _links_of(menu, user, language, urlconf)
        with _drawn_lock:
            _drawn[key] = drawn
            while len(_drawn) > KEPT:
                _drawn.popitem(last=False)
    return [(url, label, url == path) for url, label in drawn]


CURRENT = mark_safe(' aria-current="page"')


def render(menu: str, user, path: str) -> SafeString:
    """The menu's ``<li>`` items; the current page's link carries
    aria-current, as screen readers expect."""
    return format_html_join(
        "\n", "<li><a href=\"{}\"{}>{}</a></li>",
        ((url, CURRENT if current else "", label) for url, label, current in links(menu, user, path)),
    )
