"""One formatting path: every moment in Brussels time and the reader's
language (Babel's fr_BE, nl_BE and en_BE patterns), in winter and in summer
time; lazy values format per recipient; the public event's confirmation
states the time the event starts."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation
from socle_site.kernel import formatting

WINTER = datetime(2026, 11, 6, 17, 30, tzinfo=UTC)  # 18:30 in Brussels (UTC+1)
SUMMER = datetime(2026, 6, 6, 16, 30, tzinfo=UTC)  # 18:30 in Brussels (UTC+2)


@pytest.mark.parametrize(
    ("language", "winter", "summer"),
    [
        ("fr", "6 novembre 2026, 18:30", "6 juin 2026, 18:30"),
        ("nl", "6 november 2026, 18:30", "6 juni 2026, 18:30"),
        ("en", "6 November 2026, 18:30", "6 June 2026, 18:30"),
    ],
)
def test_moments_are_brussels_time_in_the_readers_language(language, winter, summer):
    assert formatting.format_moment(WINTER, language=language) == winter
    assert formatting.format_moment(SUMMER, language=language) == summer
    with translation.override(language):
        assert str(formatting.moment(WINTER)) == winter
        assert Template("{% load socle_format %}{{ when|moment }} {{ when|clock }}").render(Context({"when": SUMMER})) == f"{summer} 18:30"


def test_days_and_money():
    assert formatting.format_day(date(2026, 4, 1), language="fr") == "1 avril 2026"
    assert formatting.format_day(date(2026, 10, 1), language="nl") == "1 oktober 2026"
    # A moment just after midnight in Brussels is the next day there, not the UTC day.
    assert formatting.format_day(datetime(2026, 3, 1, 23, 30, tzinfo=UTC), language="en") == "2 March 2026"
    assert formatting.format_money(123456, language="fr").replace("\u202f", " ").replace("\xa0", " ") == "1 234,56 €"
    assert formatting.format_money(123456, language="nl").replace("\xa0", " ") == "€ 1.234,56"
    assert formatting.format_money(123456, language="en").replace("\xa0", " ") == "1.234,56 €"  # en_BE: as written in Belgium


def test_a_lazy_moment_is_written_in_each_readers_language():
    text = "%(when)s"
    params = {"when": formatting.moment(WINTER + timedelta(days=1))}
    with translation.override("nl"):
        assert text % params == "7 november 2026, 18:30"
    with translation.override("fr"):
        assert text % params == "7 novembre 2026, 18:30"


@pytest.mark.parametrize(
    ("language", "cents", "euros"),
    [
        # Babel's patterns as written in Belgium (narrow no-break space in French, no-break space elsewhere).
        ("fr", "1\u202f234,56\xa0€", "194\u202f000,00\xa0€"),
        ("nl", "€\xa01.234,56", "€\xa0194.000,00"),
        ("en", "1.234,56\xa0€", "194.000,00\xa0€"),
    ],
)
def test_money_in_the_three_languages(language, cents, euros):
    from decimal import Decimal

    assert formatting.format_money(123456, language=language) == cents
    assert formatting.format_euros(Decimal("194000"), language=language) == euros
    with translation.override(language):
        assert str(formatting.euros("194000.00")) == euros
        rendered = Template("{% load socle_format %}{{ c|money }}|{{ e|euros }}|{{ none|euros }}").render(
            Context({"c": 123456, "e": Decimal("194000.00"), "none": None})
        )
        assert rendered == f"{cents}|{euros}|"


@pytest.mark.parametrize(
    ("language", "weekday", "month", "medium", "full"),
    [
        ("fr", "lundi 7 décembre", "décembre 2026", "7 déc. 2026", "lundi 7 décembre 2026, 18:30"),
        ("nl", "maandag 7 december", "december 2026", "7 dec 2026", "maandag 7 december 2026, 18:30"),
        ("en", "Monday, 7 December", "December 2026", "07 Dec 2026", "Monday, 7 December 2026, 18:30"),
    ],
)
def test_calendar_lengths(language, weekday, month, medium, full):
    moment_utc = datetime(2026, 12, 7, 17, 30, tzinfo=UTC)
    assert formatting.format_day(date(2026, 12, 7), language=language, length="weekday") == weekday
    assert formatting.format_day(moment_utc, language=language, length="month") == month
    assert formatting.format_day(moment_utc, language=language, length="medium") == medium
    assert formatting.format_moment(moment_utc, language=language, length="full") == full
    with pytest.raises(ValueError):
        formatting.format_day(date(2026, 12, 7), language=language, length="tiny")


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_room_calendar_strftime_is_babels_short_time(language):
    # events.calendar writes its many cells with "%H:%M" for speed: the same text as the kernel's.
    from datetime import time

    for value in (time(0, 5), time(9, 0), time(18, 30), time(23, 59)):
        assert formatting.format_time(value, language=language) == f"{value:%H:%M}"
