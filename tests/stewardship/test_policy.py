"""The yearly checks' calendar (community.stewardship.policy), on fixed dates
across a year end."""

from datetime import date

from community.stewardship import policy

OCCUPANCY = policy.Calendar(opens_month=12, opens_day=1, answer_days=60, reminder_days=14)


def test_the_year_opens_on_its_day_and_stays_open_until_the_next_one():
    assert policy.year_to_open(OCCUPANCY, date(2026, 11, 30), None) == 2025
    assert policy.year_to_open(OCCUPANCY, date(2026, 12, 1), None) == 2026
    assert policy.year_to_open(OCCUPANCY, date(2027, 1, 20), None) == 2026  # across the year end
    assert policy.year_to_open(OCCUPANCY, date(2027, 12, 1), None) == 2027


def test_a_household_that_bought_after_the_opening_day_is_first_asked_the_next_year():
    assert policy.year_to_open(OCCUPANCY, date(2026, 12, 6), date(2026, 12, 5)) is None
    assert policy.year_to_open(OCCUPANCY, date(2027, 1, 31), date(2026, 12, 5)) is None
    assert policy.year_to_open(OCCUPANCY, date(2027, 12, 1), date(2026, 12, 5)) == 2027
    assert policy.year_to_open(OCCUPANCY, date(2026, 12, 6), date(2026, 12, 1)) == 2026  # bought on the day itself


def test_the_deadline_runs_across_the_year_end_and_leaves_a_late_opening_two_weeks():
    assert policy.due_on(OCCUPANCY, 2026) == date(2027, 1, 30)
    assert policy.deadline(OCCUPANCY, 2026, opened_on=date(2026, 12, 1)) == date(2027, 1, 30)
    assert policy.deadline(OCCUPANCY, 2026, opened_on=date(2027, 1, 25)) == date(2027, 2, 8)


def test_one_reminder_window_before_the_deadline_then_overdue_the_day_after():
    deadline = date(2027, 1, 30)
    assert not policy.reminder_due(OCCUPANCY, date(2027, 1, 15), deadline)
    assert policy.reminder_due(OCCUPANCY, date(2027, 1, 16), deadline)
    assert policy.reminder_due(OCCUPANCY, deadline, deadline)
    assert not policy.reminder_due(OCCUPANCY, date(2027, 1, 31), deadline)
    assert not policy.is_overdue(deadline, deadline)
    assert policy.is_overdue(date(2027, 1, 31), deadline)
