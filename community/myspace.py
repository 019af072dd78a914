"""The panels of "My space". Each app registers the panel it fills, so the
member space grows with the apps without the community app knowing them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class Panel:
    key: str
    title: str | Promise
    template: str
    order: int = 100
    # Returns the panel's context, or None to hide the panel for this person.
    get_context: Callable[[HttpRequest], dict[str, Any] | None] = field(default=lambda request: {})


_panels: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels_for(request: HttpRequest) -> list[tuple[Panel, dict[str, Any]]]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        context = panel.get_context(request)
        if context is not None:
            shown.append((panel, context))
    return shown
