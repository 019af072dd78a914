"""Notification categories. Each app registers the kinds of notification it
sends, so that members can choose how they hear about each one."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NotificationCategory:
    code: str
    label: str | Promise
    default_frequency: str = "immediately"


_categories: dict[str, NotificationCategory] = {}


def register_category(code: str, label: str | Promise, default_frequency: str = "immediately") -> None:
    _categories[code] = NotificationCategory(code, label, default_frequency)


def get_category(code: str) -> NotificationCategory:
    return _categories.get(code) or NotificationCategory(code, code)


def all_categories() -> list[NotificationCategory]:
    return list(_categories.values())


register_category("account", _("My account and roles"))
