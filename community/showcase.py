"""What the features show on the public website, registered when each app
loads (STYLE 18: the base knows no feature). The public pages ask this module,
never a feature: the home page's live key figures, and the sections a
project page adds about its housing project (the rooms one can book…)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class KeyFigure:
    key: str
    # "households live in our projects": read after the number.
    label: str | Promise
    count: Callable[[], int]
    order: int = 100


@dataclass(frozen=True)
class ProjectSection:
    key: str
    template: str
    # The section's context for one housing project, or None to leave it out.
    get_context: Callable[[Any], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class Figure:
    key: str
    label: str | Promise
    value: int


_figures: dict[str, KeyFigure] = {}
_sections: dict[str, ProjectSection] = {}


def register_key_figure(figure: KeyFigure) -> None:
    _figures[figure.key] = figure


def register_project_section(section: ProjectSection) -> None:
    _sections[section.key] = section


def key_figures() -> list[Figure]:
    """Every registered figure, counted now (a query each)."""
    return [Figure(f.key, f.label, f.count()) for f in sorted(_figures.values(), key=lambda f: (f.order, f.key))]


def project_sections(housing_project) -> list[tuple[ProjectSection, dict[str, Any]]]:
    """The sections features add to a project page; none without a housing project."""
    if housing_project is None:
        return []
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        context = section.get_context(housing_project)
        if context is not None:
            shown.append((section, context))
    return shown
