"""Belgian co-ownership rules as pure functions (Civil Code, book 3, art. 3.84 ff.).

No database access: the co-owners' general meetings (built later on community.governance)
and the charges module call these with plain numbers. Each rule cites DOMAIN.md section 3
and the article it encodes.
"""

from datetime import date, datetime, time
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy

from community.governance.engine.proxies import LegalProxyCap
from community.meetings.rules import latest_convocation, respects_notice

BRUSSELS = ZoneInfo("Europe/Brussels")


def has_quorum(
    *, owners_present: int, owners_total: int, shares_present: int, shares_total: int
) -> bool:
    """Quorum of a co-owners' meeting (art. 3.87 §5).

    More than half of the co-owners present or represented AND at least half of the shares,
    or else co-owners holding more than three quarters of the shares.
    """
    if owners_total <= 0 or shares_total <= 0:
        return False
    double = 2 * owners_present > owners_total and 2 * shares_present >= shares_total
    return double or 4 * shares_present > 3 * shares_total


# The majorities themselves are the voting engine's (community.governance.engine.tally),
# counted on the votes cast with abstentions out of the base (art. 3.87 §8: abstentions,
# blank and void votes are not cast): absolute majority for ordinary management (art. 3.87
# §8), two thirds for works on the common parts (art. 3.88 §1, 1°), four fifths for the
# statutes and the distribution of charges (art. 3.88 §1, 2°). Only unanimity differs.


def unanimity_of_all_owners(*, votes_for, votes_all_owners) -> bool:
    """Unanimity in a co-owners' meeting (art. 3.88 §2: changing the shares, total
    rebuilding) is of ALL the co-owners' votes, not only of those cast. A new meeting
    at least 30 days later decides with unanimity of those present (art. 3.88 §3): the
    caller then passes the votes present as ``votes_all_owners``.
    """
    return votes_all_owners > 0 and votes_for == votes_all_owners


def capped_votes(*, own_and_proxy_votes: int, others_present_votes: int) -> int:
    """Nobody votes with more votes than all the other co-owners present or represented
    together (art. 3.87 §6, votes in proportion to shares, with this cap): a majority owner's
    votes are capped at that sum."""
    return min(own_and_proxy_votes, others_present_votes)


# Art. 3.87 §7: nobody accepts more than three proxies, unless their own votes plus their
# principals' do not exceed 10% of all the votes of the building. The voting engine reads
# this cap with the body's stored limit (``engine.proxies.proxy_limit_reached``).
PROXY_CAP = LegalProxyCap(
    proxies=3,
    unless_within=Fraction(1, 10),
    refusal=gettext_lazy(
        "%(holder)s already holds three proxies, the most the law allows unless their votes and their "
        "principals' stay within 10%% of all the votes of the building (Civil Code art. 3.87 §7)."
    ),
)


def reserve_fund_minimum(previous_year_ordinary_charges: Decimal) -> Decimal:
    """Yearly minimum contribution to the reserve fund: 5% of the previous year's ordinary
    common charges (art. 3.86 §3), rounded up to the cent so the minimum is never missed."""
    value = Decimal(previous_year_ordinary_charges) * Decimal("0.05")
    return value.quantize(Decimal("0.01"), rounding=ROUND_CEILING)


def allocate(amount_cents: int, weights: list[int]) -> list[int]:
    """Split amount_cents over weights with largest-remainder rounding: the parts add up to
    the amount exactly and none differs from its exact share by a cent or more. Ties go to
    the earlier lot so the result is deterministic."""
    total = sum(weights)
    if total <= 0 or any(w < 0 for w in weights):
        raise ValueError("weights must be non-negative with a positive sum")
    floors = [amount_cents * w // total for w in weights]
    remainders = [amount_cents * w % total for w in weights]
    left = amount_cents - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def posted_at(sent_on: date) -> datetime:
    """The moment a registered letter's notice starts: the day it was posted,
    from its first hour in Brussels (the post office's receipt bears a day, not an hour)."""
    return datetime.combine(sent_on, time.min, tzinfo=BRUSSELS)


def letters_give_notice(*, sent_on: date, starts_at: datetime, notice_days: int) -> bool:
    """Art. 3.87 §3: co-owners who did not agree to e-mail are convened by registered
    letter, and their notice runs from the day the letters were posted, decided by
    the meeting core's one notice rule.

    >>> meeting = datetime(2027, 3, 16, 19, tzinfo=BRUSSELS)
    >>> letters_give_notice(sent_on=date(2027, 3, 1), starts_at=meeting, notice_days=15)
    True
    >>> letters_give_notice(sent_on=date(2027, 3, 2), starts_at=meeting, notice_days=15)
    False
    """
    return respects_notice(starts_at=starts_at, now=posted_at(sent_on), notice_days=notice_days)


def last_posting_day(starts_at: datetime, notice_days: int) -> date:
    """The last day registered letters may be posted for a meeting at ``starts_at``.

    >>> last_posting_day(datetime(2027, 3, 16, 19, tzinfo=BRUSSELS), 15)
    datetime.date(2027, 3, 1)
    """
    return latest_convocation(starts_at, notice_days).astimezone(BRUSSELS).date()
