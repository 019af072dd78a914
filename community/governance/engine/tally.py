"""Majority rules of the one voting engine, as pure functions (STYLE.md §1).

A voter's weight is 1 in the general assembly and their shares in a
co-owners' meeting (Belgian Civil Code art. 3.87), so every count here is a
sum of weights, never a count of people. No database, values in, values out.
"""

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Majority(StrEnum):
    SIMPLE = "simple"  # more yes than no
    ABSOLUTE = "absolute"  # yes > half of the base
    TWO_THIRDS = "two_thirds"  # yes >= 2/3 of the base
    FOUR_FIFTHS = "four_fifths"  # yes >= 4/5 of the base
    UNANIMITY = "unanimity"  # yes == the base, and the base not empty


@dataclass(frozen=True)
class Result:
    yes: Fraction
    no: Fraction
    abstain: Fraction
    base: Fraction
    adopted: bool


def tally(ballots, *, majority, abstentions_count=False):
    """Decide a yes/no/abstain motion.

    ``ballots`` is an iterable of ``(choice, weight)`` with choice one of
    "yes", "no", "abstain". When ``abstentions_count`` is false (art. 3.88
    for co-owners: abstentions are not votes cast) the base is yes + no;
    otherwise abstentions sit in the base and so weigh like a no.
    A motion with an empty base (everyone abstains) is never adopted.
    """
    sums = {"yes": Fraction(0), "no": Fraction(0), "abstain": Fraction(0)}
    for choice, weight in ballots:
        if choice not in sums:
            raise ValueError(f"unknown choice {choice!r}")
        if weight < 0:
            raise ValueError("negative weight")
        sums[choice] += Fraction(weight)
    yes, no, abstain = sums["yes"], sums["no"], sums["abstain"]
    base = yes + no + (abstain if abstentions_count else 0)
    majority = Majority(majority)
    if base == 0:
        adopted = False
    elif majority is Majority.SIMPLE:
        adopted = yes > no and (not abstentions_count or yes > no + abstain)
    elif majority is Majority.ABSOLUTE:
        adopted = yes * 2 > base
    elif majority is Majority.TWO_THIRDS:
        adopted = yes * 3 >= base * 2
    elif majority is Majority.FOUR_FIFTHS:
        adopted = yes * 5 >= base * 4
    else:
        adopted = yes == base
    return Result(yes=yes, no=no, abstain=abstain, base=base, adopted=adopted)
