"""Early-warning signals (issue 25): facts about a household that, when
several add up, may mean it is in difficulty: arrears on its co-ownership
charges or its ground-lease fee, a yearly check left unanswered, repairs it
asked for that stay undone. Each feature registers the signals it knows
when its app loads; the base names none, and the support feature reads them
all to *propose* a case to the trust's support worker, who decides. Nothing
here warns anyone by itself."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise


@dataclass(frozen=True)
class Signal:
    key: str
    label: str | Promise
    # What the threshold counts ("euros overdue", "unanswered checks") and its default;
    # the trust sets the threshold itself as data (support.SignalRule).
    threshold_label: str | Promise
    default_threshold: int
    # ``households(today, threshold)``: each household the signal holds for, with a
    # short factual detail in the reader's language ("€ 45.00 overdue since 30 September").
    # A fixed number of queries, whatever the number of households.
    households: Callable[[date, int], dict[int, str]]
    order: int = 100


_signals: dict[str, Signal] = {}


def register_signal(signal: Signal) -> None:
    _signals[signal.key] = signal


def signals() -> list[Signal]:
    return sorted(_signals.values(), key=lambda s: (s.order, s.key))
