"""When Socle proposes a case: a pure function, decided here once (issue 25).
A proposal is only that: the support worker decides, and nothing is sent to
anyone until they write."""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Proposal:
    household_id: int
    signals: tuple[tuple[str, str], ...]  # (signal key, detail), in the signals' order


def proposals(hits: Mapping[str, Mapping[int, str]], *, signals_needed: int, open_case: set[int],
              quiet: set[int]) -> list[Proposal]:
    """Each household for which at least ``signals_needed`` different signals
    hold, that has no open case and no proposal declined recently; the most
    signals first. ``hits`` maps each signal (in order) to its households."""
    per_household: dict[int, list[tuple[str, str]]] = {}
    for key, households in hits.items():
        for household_id, detail in households.items():
            per_household.setdefault(household_id, []).append((key, detail))
    found = [Proposal(h, tuple(signals)) for h, signals in per_household.items()
             if len(signals) >= signals_needed and h not in open_case and h not in quiet]
    return sorted(found, key=lambda p: (-len(p.signals), p.household_id))


def letter_text(template_body: str, household_name: str) -> str:
    """A template's text for one household: ``{household}`` is its name
    (replaced as plain text: no other brace is read)."""
    return template_body.replace("{household}", household_name)
