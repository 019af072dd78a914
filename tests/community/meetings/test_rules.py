"""The rules every meeting follows, whatever its kind, with worked examples."""

from datetime import datetime

import pytest

from community.meetings import rules

NOW = datetime(2027, 3, 1, 12, 0)


@pytest.mark.parametrize(("starts_at", "notice_days", "respected"), [
    (datetime(2027, 3, 16, 12, 0), 15, True),    # exactly 15 days: in time
    (datetime(2027, 3, 16, 11, 59), 15, False),  # a minute short
    (datetime(2027, 3, 1, 12, 1), 0, True),      # a platform: any date to come
    (datetime(2027, 3, 1, 12, 0), 0, False),     # not now
    (datetime(2027, 2, 1, 12, 0), 0, False),     # not in the past
])
def test_notice_period(starts_at, notice_days, respected):
    assert rules.respects_notice(starts_at=starts_at, now=NOW, notice_days=notice_days) is respected
    if notice_days:
        assert rules.latest_convocation(starts_at, notice_days) <= NOW or not respected


def test_earliest_start_and_latest_convocation_are_the_same_period_both_ways():
    assert rules.earliest_start(NOW, 15) == datetime(2027, 3, 16, 12, 0)
    assert rules.latest_convocation(datetime(2027, 3, 16, 12, 0), 15) == NOW


def test_replies_close_when_the_meeting_starts_and_open_only_once_convened():
    starts = datetime(2027, 3, 1, 19, 0)
    assert rules.replies_open(convened=True, starts_at=starts, now=datetime(2027, 3, 1, 18, 59))
    assert not rules.replies_open(convened=True, starts_at=starts, now=starts)
    assert not rules.replies_open(convened=False, starts_at=starts, now=NOW)


def test_place_agenda_length_and_order():
    assert rules.where("Salle", "") == "Salle" and rules.where("", "https://x") == "https://x"
    assert rules.agenda_text([("Accounts", ["Balance"]), ("Budget", [])]) == "1. Accounts\n   – Balance\n2. Budget"
    assert rules.planned_end(NOW, None) == datetime(2027, 3, 1, 14, 0)
    assert rules.planned_end(NOW, datetime(2027, 3, 1, 13, 0)) == datetime(2027, 3, 1, 13, 0)
    assert rules.swapped(["a", "b", "c"], "a", up=True) == ["a", "b", "c"]
    assert rules.swapped(["a", "b", "c"], "a", up=False) == ["b", "a", "c"]


def test_a_new_agenda_item_goes_after_the_last():
    assert rules.next_position(None) == 1 and rules.next_position(4) == 5
