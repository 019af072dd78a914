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


# --- What needs me now -------------------------------------------------------
#
# My space opens with what the person must do: a vote not cast, a convocation
# not answered, a booking to approve, a payment due, a document to send. Each
# feature registers a ``NeedSource`` when its app loads; the base names none.
# Every source gives its reads as ``read_together`` branches, and the base
# reads the branches of every source in ONE query (issue 26: My space stays
# within its query budget whatever the data and whatever the features).


@dataclass(frozen=True)
class Need:
    """One thing the person should do, with the link that does it."""

    title: str | Promise  # what, in the reader's language
    action: str | Promise  # the link's words: "Vote", "Reply", "Pay"…
    url: str
    # The deadline (date or aware datetime); None: no deadline, listed last.
    due: Any = None
    detail: str | Promise = ""
    # Past its deadline already (an arrear): shown first, marked.
    overdue: bool = False

    @property
    def due_has_time(self) -> bool:
        """A moment (a vote's close) rather than a day (a call's due date)."""
        import datetime as dt

        return isinstance(self.due, dt.datetime)


@dataclass(frozen=True)
class NeedSource:
    key: str
    # The querysets to read for this person (``Branch``es, each with its
    # limit); an empty list when the person cannot have such needs (decided
    # from the request's access rows, with no query).
    branches: Callable[[HttpRequest], list]
    # The rows read, one list per branch, turned into needs.
    needs: Callable[[HttpRequest, list[list]], list[Need]]


_need_sources: dict[str, NeedSource] = {}


def register_need_source(source: NeedSource) -> None:
    _need_sources[source.key] = source


def _deadline(need: Need):
    """A sortable moment: a date counts as the end of its day, here."""
    import datetime as dt

    from django.utils import timezone

    due = need.due
    if due is None:
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    if isinstance(due, dt.datetime):
        return due
    end_of_day = dt.datetime.combine(due, dt.time(23, 59, 59))
    return timezone.make_aware(end_of_day, timezone.get_current_timezone())


def needs_for(request: HttpRequest) -> list[Need]:
    """What needs the person now, most urgent first: overdue, then by
    deadline, then what has none. One query for every source together."""
    from socle_site.kernel.together import read_together

    plans = []
    branches = []
    for source in sorted(_need_sources.values(), key=lambda s: s.key):
        own = list(source.branches(request))
        plans.append((source, len(branches), len(own)))
        branches += own
    rows = read_together(*branches) if branches else []
    needs: list[Need] = []
    for source, start, count in plans:
        if count:
            needs += source.needs(request, rows[start:start + count])
    return sorted(needs, key=lambda need: (not need.overdue, _deadline(need)))
