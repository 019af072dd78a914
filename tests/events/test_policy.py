"""The pure rules, with worked examples (no database)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from events import policy, recurrence
from events.policy import BRUSSELS, Audience, Closure, Limits, Window

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=BRUSSELS)  # a Monday
WINDOWS = [Window(Audience.PARTNER, d, time(9), time(17)) for d in range(5)]
WINDOWS += [Window(Audience.RESIDENT, d, time(17, 30), time(22)) for d in range(5)]
WINDOWS += [Window(Audience.RESIDENT, d, time(9), time(22), True) for d in (5, 6)]


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), BRUSSELS)


def evaluate(audiences, start, end, **kwargs):
    return policy.evaluate(audiences=audiences, starts_at=start, ends_at=end, windows=WINDOWS, now=NOW, **kwargs)


def test_partner_weekday_morning_is_confirmed_at_once():
    decision = evaluate({Audience.PARTNER}, at(date(2026, 3, 3), 9), at(date(2026, 3, 3), 12))
    assert decision.allowed and not decision.needs_approval


def test_resident_saturday_evening_needs_approval():
    decision = evaluate({Audience.RESIDENT}, at(date(2026, 3, 7), 18), at(date(2026, 3, 7), 21))
    assert decision.allowed and decision.needs_approval


def test_resident_in_the_associations_hours_is_refused_with_an_explanation():
    decision = evaluate({Audience.RESIDENT}, at(date(2026, 3, 3), 10), at(date(2026, 3, 3), 12),
                        audience_names={Audience.PARTNER: "partner association (Maison de quartier)"})
    assert not decision.allowed
    assert decision.reasons[0].startswith("This time is reserved for the partner association (Maison de quartier). You may book: Monday 17:30–22:00")


def test_limits_duration_horizon_and_the_past():
    tuesday = date(2026, 3, 3)
    assert evaluate({Audience.PARTNER}, at(tuesday, 9), at(tuesday, 9, 15)).reasons == ["A booking lasts at least 30 minutes."]
    assert evaluate({Audience.PARTNER}, at(tuesday, 9), at(tuesday, 14)).reasons == ["A booking lasts at most 240 minutes."]
    far = tuesday + timedelta(days=7 * 30)
    assert evaluate({Audience.PARTNER}, at(far, 9), at(far, 10)).reasons == ["Bookings open at most 180 days ahead."]
    assert evaluate({Audience.PARTNER}, at(date(2026, 3, 2), 9), at(date(2026, 3, 2), 9, 45)).reasons == ["This time has already passed."]


def test_closure_refuses_even_the_manager():
    closure = Closure(date(2026, 3, 9), date(2026, 3, 13), "works")
    decision = evaluate({Audience.MANAGER}, at(date(2026, 3, 10), 9), at(date(2026, 3, 10), 10), closures=[closure])
    assert not decision.allowed and "works" in decision.reasons[0]


def test_overlapping_respects_the_buffer():
    day = date(2026, 3, 3)
    taken = [(at(day, 10), at(day, 12))]
    assert policy.overlapping([(at(day, 12, 10), at(day, 13))], taken, buffer_minutes=15) == [(at(day, 12, 10), at(day, 13))]
    assert policy.overlapping([(at(day, 12, 15), at(day, 13))], taken, buffer_minutes=15) == []
    assert policy.overlapping([(at(day, 8), at(day, 9, 45))], taken, buffer_minutes=15) == []


def test_weekly_18h_stays_at_18h_local_across_the_autumn_change():
    first = at(date(2026, 10, 15), 18)
    dates = recurrence.expand(recurrence.build_rule("weekly", first, date(2026, 11, 5)), first, timedelta(hours=2))
    assert [d[0].astimezone(BRUSSELS).time() for d in dates] == [time(18)] * 4
    # In UTC it moves by an hour: 16:00 in summer time, 17:00 in winter time.
    assert [d[0].astimezone(ZoneInfo("UTC")).hour for d in dates] == [16, 16, 17, 17]


def test_weekly_18h_across_the_spring_change():
    first = at(date(2026, 3, 19), 18)
    dates = recurrence.expand(recurrence.build_rule("weekly", first, date(2026, 4, 2)), first, timedelta(hours=2))
    assert [(d[0].astimezone(BRUSSELS).hour, d[0].utcoffset().total_seconds() / 3600) for d in dates] == [(18, 1), (18, 1), (18, 2)]  # clocks change on 29 March


def test_monthly_first_saturday_and_exceptions():
    first = at(date(2026, 3, 7), 11)
    rule = recurrence.build_rule("monthly", first, date(2026, 7, 1))
    assert rule == "FREQ=MONTHLY;BYDAY=1SA;UNTIL=20260701T235959"
    dates = recurrence.expand(rule, first, timedelta(hours=4), exceptions=[date(2026, 5, 2)])
    assert [d[0].date() for d in dates] == [date(2026, 3, 7), date(2026, 4, 4), date(2026, 6, 6)]


def test_a_one_off_conflicts_with_one_date_of_a_series():
    first = at(date(2026, 3, 4), 17, 30)
    series = recurrence.expand(recurrence.build_rule("weekly", first, date(2026, 4, 1)), first, timedelta(hours=2))
    one_off = [(at(date(2026, 3, 18), 19), at(date(2026, 3, 18), 21))]
    assert policy.overlapping(series, one_off, 15) == [series[2]]
    assert policy.overlapping(one_off, series, 15) == one_off


def test_quota_per_household_and_month():
    starts = [at(date(2026, 3, d), 18) for d in (4, 11, 18)] + [at(date(2026, 4, 1), 18)]
    assert policy.months_over_quota(starts, {(2026, 3): 2}, 4) == [(2026, 3)]
    assert policy.months_over_quota(starts, {}, 4) == []
    assert policy.months_over_quota(starts, {(2026, 3): 9}, 0) == []


def test_free_slots_for_the_viewers_audience():
    tuesday = date(2026, 3, 3)
    taken = [(at(tuesday, 18), at(tuesday, 20))]
    assert policy.free_slots(tuesday, WINDOWS, {Audience.RESIDENT}, taken, 15) == [(at(tuesday, 20, 15), at(tuesday, 22), False)]
    assert policy.free_slots(tuesday, WINDOWS, {Audience.PARTNER}, taken, 15) == [(at(tuesday, 9), at(tuesday, 17), False)]
    assert policy.free_slots(tuesday, WINDOWS, {Audience.PARTNER}, [], closed=True) == []


def test_limits_defaults():
    assert Limits().buffer_minutes == 15


def test_windows_read_as_a_few_lines():
    groups = policy.grouped_windows(WINDOWS)
    assert [(g.audience, g.first_day, g.last_day, g.starts, g.needs_approval) for g in groups] == [
        (Audience.PARTNER, 0, 4, time(9), False),
        (Audience.RESIDENT, 0, 4, time(17, 30), False),
        (Audience.RESIDENT, 5, 6, time(9), True),
    ]
    assert groups[0].days_label() == "Monday to Friday"
    lone = policy.grouped_windows([Window(Audience.OTHER, 2, time(9), time(12)), Window(Audience.OTHER, 4, time(9), time(12))])
    assert [g.days_label() for g in lone] == ["Wednesday", "Friday"]
