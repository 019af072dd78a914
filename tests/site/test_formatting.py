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
