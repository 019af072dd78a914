"""The steps of a household change (issue 25): a death, a separation, a
member leaving. The base records the change and does its own part (the
member leaves the household; proxies for meetings to come end; a death closes
the account); each feature registers the steps it knows (the register: the
deed; the co-ownership: the lot and who represents it; stewardship: the
yearly checks and the fee), with the rule in plain words and where the staff
do it. The base names no feature."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Step:
    key: str
    title: str | Promise
    # ``guidance(change)``: what the rule says for this change, in the reader's language.
    guidance: Callable[[Any], str | Promise]
    order: int = 100
    # ``applies(change)``: whether the step concerns this household (it owns a home, a lot…).
    applies: Callable[[Any], bool] = field(default=lambda change: True)
    # ``link(change)``: where the staff do it, or "".
    link: Callable[[Any], str] = field(default=lambda change: "")
    # Done by the base when the change is recorded (nothing for the staff to do but read).
    automatic: bool = False


_steps: dict[str, Step] = {}


def register_step(step: Step) -> None:
    _steps[step.key] = step


def steps() -> list[Step]:
    return sorted(_steps.values(), key=lambda s: (s.order, s.key))


def step(key: str) -> Step | None:
    return _steps.get(key)
