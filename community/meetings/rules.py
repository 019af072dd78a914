"""Pure rules every meeting follows, whatever its kind: no database.

One deciding function per rule (STYLE.md §19): assemblies and platform
meetings, their services, pages and calendar files all call these."""

from collections.abc import Iterable
from datetime import datetime, timedelta

# A meeting without a planned end is shown as an evening's meeting.
DEFAULT_LENGTH = timedelta(hours=2)


def earliest_start(now: datetime, notice_days: int) -> datetime:
    """The earliest date a meeting convened ``now`` may take place: the notice
    period runs from the convocation (Civil Code art. 3.87 §3: 15 days for
    co-owners; each body sets its own, platforms convene with no notice).

    >>> earliest_start(datetime(2027, 3, 1, 12), 15)
    datetime.datetime(2027, 3, 16, 12, 0)
    """
    return now + timedelta(days=notice_days)


def latest_convocation(starts_at: datetime, notice_days: int) -> datetime:
    """The last moment to convene a meeting set for ``starts_at``.

    >>> latest_convocation(datetime(2027, 3, 16, 19), 15)
    datetime.datetime(2027, 3, 1, 19, 0)
    """
    return starts_at - timedelta(days=notice_days)


def respects_notice(*, starts_at: datetime, now: datetime, notice_days: int) -> bool:
    """Whether convening ``now`` a meeting set for ``starts_at`` gives the
    notice: the meeting is to come, and at least ``notice_days`` away.

    >>> respects_notice(starts_at=datetime(2027, 3, 16, 12), now=datetime(2027, 3, 1, 12), notice_days=15)
    True
    >>> respects_notice(starts_at=datetime(2027, 3, 16, 11, 59), now=datetime(2027, 3, 1, 12), notice_days=15)
    False
    >>> respects_notice(starts_at=datetime(2027, 3, 1, 12), now=datetime(2027, 3, 1, 12), notice_days=0)
    False
    """
    return starts_at > now and starts_at >= earliest_start(now, notice_days)


def replies_open(*, convened: bool, starts_at: datetime, now: datetime) -> bool:
    """Members reply (present, absent, excused…) from the convocation until the
    meeting starts; after that, attendance is what counts.

    >>> replies_open(convened=True, starts_at=datetime(2027, 3, 1, 19), now=datetime(2027, 3, 1, 18))
    True
    >>> replies_open(convened=True, starts_at=datetime(2027, 3, 1, 19), now=datetime(2027, 3, 1, 19))
    False
    >>> replies_open(convened=False, starts_at=datetime(2027, 3, 1, 19), now=datetime(2027, 3, 1, 18))
    False
    """
    return convened and now < starts_at


def planned_end(starts_at: datetime, ends_at: datetime | None = None) -> datetime:
    """When the meeting is planned to end; a meeting without an end lasts an evening.

    >>> planned_end(datetime(2027, 3, 1, 19))
    datetime.datetime(2027, 3, 1, 21, 0)
    """
    return ends_at or starts_at + DEFAULT_LENGTH


def where(place: str, online_url: str = "") -> str:
    """The meeting's place as people read it: the room, the link, or both.

    >>> where("Salle Arc-en-Ciel", "https://meet.example/ga")
    'Salle Arc-en-Ciel / https://meet.example/ga'
    >>> where("", "https://meet.example/ga")
    'https://meet.example/ga'
    """
    return " / ".join(filter(None, [place.strip(), online_url.strip()]))


def agenda_text(items: Iterable[tuple[str, Iterable[str]]]) -> str:
    """The agenda as plain text, numbered from 1, each item's documents under
    it: the same in the convocation e-mail and in the calendar file.

    >>> print(agenda_text([("Accounts 2026", ["Balance sheet"]), ("Budget", [])]))
    1. Accounts 2026
       – Balance sheet
    2. Budget
    """
    return "\n".join(
        f"{i}. {title}" + "".join(f"\n   – {document}" for document in documents)
        for i, (title, documents) in enumerate(items, 1)
    )


def next_position(last: int | None) -> int:
    """Where a new agenda item goes: after the last one, numbered from 1.

    >>> next_position(None), next_position(4)
    (1, 5)
    """
    return (last or 0) + 1


def swapped(keys: list, key, *, up: bool) -> list:
    """The agenda's order after moving one item up or down by one place; at
    either end it stays where it is.

    >>> swapped(["a", "b", "c"], "b", up=True)
    ['b', 'a', 'c']
    >>> swapped(["a", "b", "c"], "c", up=False)
    ['a', 'b', 'c']
    """
    order = list(keys)
    index = order.index(key)
    target = index - 1 if up else index + 1
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
    return order
