"""Choice questions, elections and the double majority per college, as pure
functions of the one voting engine (STYLE.md §1). Weights as in ``tally``:
1 per member in the general assembly, shares in a co-owners' meeting.

A ballot here is ``(selections, weight)`` or ``(selections, weight, college)``
with ``selections`` a collection of option ids; an empty selection is blank.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from .tally import Result, tally


class SelectionProblem(Exception):
    """Why a ballot's selection is not valid; ``code`` picks the translated message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_selection(
    selections: Iterable, *, options: Iterable, max_choices: int, colleges: Mapping | None = None,
    seats: Mapping | None = None, allow_blank: bool = True,
) -> frozenset:
    """Validate one ballot's selection and return it as a set.

    ``options`` are the valid ids; ``max_choices`` the most a ballot may tick.
    For an election, ``colleges`` maps candidate -> college and ``seats`` maps
    college -> seats: a ballot may not tick more candidates of a college than
    it has seats. Unknown or repeated ids are refused, never ignored."""
    chosen = list(selections)
    valid = set(options)
    if any(choice not in valid for choice in chosen):
        raise SelectionProblem("unknown")
    if len(set(chosen)) != len(chosen):
        raise SelectionProblem("repeated")
    if not chosen and not allow_blank:
        raise SelectionProblem("empty")
    if len(chosen) > max_choices:
        raise SelectionProblem("too_many")
    if colleges is not None and seats is not None:
        per_college: dict = {}
        for choice in chosen:
            per_college[colleges[choice]] = per_college.get(colleges[choice], 0) + 1
        if any(n > seats.get(college, 0) for college, n in per_college.items()):
            raise SelectionProblem("too_many_in_college")
    return frozenset(chosen)


@dataclass(frozen=True)
class OptionCount:
    totals: dict  # option id -> weight (Fraction)
    blank: Fraction
    ballots: Fraction  # total weight of all ballots, blank included


def count_options(ballots: Iterable, options: Iterable) -> OptionCount:
    """Weighted votes per option for single and multiple choice questions.
    Every option appears, with 0 when nobody chose it."""
    totals = {option: Fraction(0) for option in options}
    blank = Fraction(0)
    total = Fraction(0)
    for ballot in ballots:
        selections, weight = ballot[0], Fraction(ballot[1])
        if weight < 0:
            raise ValueError("negative weight")
        total += weight
        if not selections:
            blank += weight
        for option in selections:
            totals[option] += weight
    return OptionCount(totals=totals, blank=blank, ballots=total)


def single_choice_winner(count: OptionCount, *, majority: str, abstentions_count: bool = False):
    """The option that wins a single-choice question, or None.

    The leading option must be alone at the top and hold the question's
    majority against all other options together (and against blank ballots
    when ``abstentions_count``): reuses ``tally`` so the thresholds are one."""
    if not count.totals:
        return None
    ordered = sorted(count.totals.items(), key=lambda kv: kv[1], reverse=True)
    top, top_weight = ordered[0]
    if top_weight == 0 or (len(ordered) > 1 and ordered[1][1] == top_weight):
        return None
    others = sum((w for _, w in ordered[1:]), Fraction(0))
    decided = tally(
        [("yes", top_weight), ("no", others), ("abstain", count.blank)],
        majority=majority, abstentions_count=abstentions_count,
    )
    return top if decided.adopted else None


@dataclass(frozen=True)
class Election:
    elected: dict  # college -> [candidate ids in order of votes]
    tied: dict  # college -> [candidate ids tied for the last seat(s)], empty when none
    totals: dict  # candidate -> weight


def elect(ballots: Iterable, *, colleges: Mapping, seats: Mapping) -> Election:
    """Fill each college's seats with its candidates who got the most weighted
    votes (a candidate needs at least one vote). When candidates tie for the
    last seat(s) nobody among them is elected: they are listed in ``tied`` so
    the assembly decides (a second round, or the statutes' rule)."""
    count = count_options(ballots, colleges.keys())
    elected, tied = {}, {}
    for college, n in seats.items():
        ranked = sorted(
            ((c, w) for c, w in count.totals.items() if colleges[c] == college and w > 0),
            key=lambda cw: cw[1], reverse=True,
        )
        if len(ranked) <= n:
            elected[college], tied[college] = [c for c, _ in ranked], []
            continue
        cutoff = ranked[n - 1][1] if n > 0 else None
        if n > 0 and ranked[n][1] == cutoff:
            elected[college] = [c for c, w in ranked if w > cutoff]
            tied[college] = [c for c, w in ranked if w == cutoff]
        else:
            elected[college], tied[college] = [c for c, _ in ranked[:n]], []
    return Election(elected=elected, tied=tied, totals=count.totals)


@dataclass(frozen=True)
class CollegeResult:
    overall: Result
    by_college: dict  # college -> Result
    adopted: bool


def tally_by_college(ballots: Iterable, *, majority: str, abstentions_count: bool = False, colleges: Iterable = ()) -> CollegeResult:
    """A motion under the double majority: adopted only if it passes overall
    AND in each college. ``ballots`` are ``(choice, weight, college)``;
    ``colleges`` lists the colleges that must agree even if none of their
    members voted (a college with no vote cast does not adopt: its base is empty)."""
    ballots = list(ballots)
    overall = tally(((c, w) for c, w, _ in ballots), majority=majority, abstentions_count=abstentions_count)
    names = set(colleges) | {college for _, _, college in ballots}
    by_college = {
        college: tally(
            ((c, w) for c, w, k in ballots if k == college), majority=majority, abstentions_count=abstentions_count
        )
        for college in names
    }
    adopted = overall.adopted and all(r.adopted for r in by_college.values())
    return CollegeResult(overall=overall, by_college=by_college, adopted=adopted)
