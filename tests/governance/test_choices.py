"""Worked examples for choice questions, elections and the double majority
per college (no database)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community.governance.engine.choices import (
    SelectionProblem,
    check_selection,
    count_options,
    elect,
    single_choice_winner,
    tally_by_college,
)


@pytest.mark.parametrize(
    ("selection", "code"),
    [(["x"], "unknown"), (["a", "a"], "repeated"), (["a", "b", "c"], "too_many"), ([], "empty")],
)
def test_selection_refusals(selection, code):
    with pytest.raises(SelectionProblem) as exc:
        check_selection(selection, options=["a", "b", "c"], max_choices=2, allow_blank=False)
    assert exc.value.code == code


def test_selection_per_college_seats():
    colleges = {"ana": "res", "bob": "res", "dan": "civ"}
    seats = {"res": 1, "civ": 1}
    assert check_selection(["ana", "dan"], options=colleges, max_choices=2, colleges=colleges, seats=seats) == {"ana", "dan"}
    with pytest.raises(SelectionProblem) as exc:
        check_selection(["ana", "bob"], options=colleges, max_choices=2, colleges=colleges, seats=seats)
    assert exc.value.code == "too_many_in_college"


def test_count_options_weighted_with_blank():
    count = count_options([({"a"}, 1), ({"a", "b"}, 2), (set(), 3)], ["a", "b", "c"])
    assert count.totals == {"a": 3, "b": 2, "c": 0}
    assert count.blank == 3 and count.ballots == 6


def test_single_choice_needs_the_majority_and_no_tie():
    # 5 for A, 3 for B, 1 for C: A has 5 of 9 — an absolute majority.
    count = count_options([({"A"}, 5), ({"B"}, 3), ({"C"}, 1)], "ABC")
    assert single_choice_winner(count, majority="absolute") == "A"
    # Two thirds: 5 of 9 is not enough.
    assert single_choice_winner(count, majority="two_thirds") is None
    # A tie at the top never wins.
    tie = count_options([({"A"}, 2), ({"B"}, 2)], "AB")
    assert single_choice_winner(tie, majority="simple") is None
    # Blank ballots weigh against only when abstentions count: 5 vs 4 others + 2 blank.
    blank = count_options([({"A"}, 5), ({"B"}, 4), (set(), 2)], "AB")
    assert single_choice_winner(blank, majority="absolute") == "A"
    assert single_choice_winner(blank, majority="absolute", abstentions_count=True) is None


def test_election_per_college_and_ties():
    colleges = {"ana": "res", "bob": "res", "chloe": "res", "dan": "civ", "eva": "civ"}
    ballots = [({"ana", "bob", "dan"}, 1), ({"ana", "chloe", "eva"}, 1), ({"ana", "bob", "dan"}, 1)]
    result = elect(ballots, colleges=colleges, seats={"res": 2, "civ": 1})
    assert result.elected == {"res": ["ana", "bob"], "civ": ["dan"]}
    assert result.tied == {"res": [], "civ": []}
    # Bob and Chloe tie for the second residents' seat: neither is elected, both listed.
    tied = elect([({"ana", "bob"}, 1), ({"ana", "chloe"}, 1)], colleges=colleges, seats={"res": 2, "civ": 1})
    assert tied.elected["res"] == ["ana"] and sorted(tied.tied["res"]) == ["bob", "chloe"]
    # Nobody voted for the civil-society candidates: the seat stays empty.
    assert tied.elected["civ"] == []


def test_election_weighted_by_shares():
    colleges = {"a": None, "b": None}
    assert elect([({"a"}, 300), ({"b"}, 100), ({"b"}, 100)], colleges=colleges, seats={None: 1}).elected == {None: ["a"]}


def test_double_majority_per_college():
    ballots = [("yes", 1, "res"), ("yes", 1, "res"), ("yes", 1, "res"), ("no", 1, "civ"), ("yes", 1, "civ"), ("no", 1, "civ")]
    result = tally_by_college(ballots, majority="absolute", colleges={"res", "civ", "pub"})
    # 4 of 6 overall, but civil society says no (1 of 3) and public authorities did not vote.
    assert result.overall.adopted
    assert result.by_college["res"].adopted and not result.by_college["civ"].adopted
    assert not result.by_college["pub"].adopted and result.by_college["pub"].base == 0
    assert not result.adopted
    ok = tally_by_college([("yes", 1, "res"), ("yes", 1, "civ"), ("no", 1, "civ"), ("yes", 1, "civ")], majority="absolute")
    assert ok.adopted


def test_double_majority_exactly_at_the_threshold():
    # Two thirds in each college: 2 of 3 is exactly two thirds, adopted.
    ballots = [("yes", 1, "a"), ("yes", 1, "a"), ("no", 1, "a"), ("yes", 2, "b"), ("yes", 2, "b"), ("no", 2, "b")]
    assert tally_by_college(ballots, majority="two_thirds").adopted


@given(st.lists(st.tuples(st.sampled_from(["yes", "no", "abstain"]), st.integers(0, 50), st.sampled_from(["r", "c"]))))
def test_double_majority_never_adopts_what_the_plain_tally_rejects(ballots):
    from community.governance.engine.tally import tally

    result = tally_by_college(ballots, majority="absolute")
    plain = tally([(c, w) for c, w, _ in ballots], majority="absolute")
    assert result.overall == plain
    assert not result.adopted or plain.adopted
    assert sum((r.yes for r in result.by_college.values()), Fraction(0)) == plain.yes
