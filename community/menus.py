"""The layout's menus. templates/base.html draws the public main menu, a
member's menu and a visitor's, and each app adds its own links when it loads:
the base names no feature (STYLE.md), and a menu is one loop in Python
rather than a dozen template tags (issue 18: every member page draws it).

A member link may be shown to some members only, through a named predicate
(community.predicates and the features' own); the view behind the link
still checks who may see it, the menu only spares people links they cannot
use."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

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
    # the menu is drawn for.
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


def links(menu: str, user, path: str) -> list[tuple[str, str, bool]]:
    """[(address, label, is the current page)] of a menu for this user."""
    language, urlconf = get_language(), get_urlconf()
    drawn = []
    for link in registered(menu):
        if link.shown is not None and not link.shown(user):
            continue
        url = _url(link.url_name, link.url_args, language, urlconf)
        drawn.append((url, str(link.label), url == path))
    return drawn


CURRENT = mark_safe(' aria-current="page"')


def render(menu: str, user, path: str) -> SafeString:
    """The menu's ``<li>`` items; the current page's link carries
    aria-current, as screen readers expect."""
    return format_html_join(
        "\n", "<li><a href=\"{}\"{}>{}</a></li>",
        ((url, CURRENT if current else "", label) for url, label, current in links(menu, user, path)),
    )
