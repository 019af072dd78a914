"""Proxy rules of the one voting engine, as pure functions (STYLE.md §1).

DOMAIN.md §8: a proxy counts only while its holder is checked in, and a
principal who arrives in person takes their vote back. How many proxies a
holder may accept is decided once, by ``proxy_limit_reached``: the body's
stored limit (``Body.max_proxies_per_holder``, edited by staff) and, where a
law caps proxies (a co-owners' meeting: Civil Code art. 3.87 §7), the law's cap.
"""

from dataclasses import dataclass
from fractions import Fraction


class ProxyProblem(Exception):
    """Why a proxy cannot be given; ``code`` lets the service pick a translated
    message, ``limit`` is the limit that refused (code "limit")."""

    def __init__(self, code, limit=None):
        super().__init__(code)
        self.code = code
        self.limit = limit


@dataclass(frozen=True)
class LegalProxyCap:
    """A law's cap on the proxies one holder accepts: at most ``proxies``, unless
    the holder's own votes and their principals' stay within ``unless_within``
    of all the votes. ``refusal`` is the message the principal reads (it cites the law)."""

    proxies: int
    unless_within: Fraction | None = None
    refusal: str = ""


@dataclass(frozen=True)
class ProxyLimit:
    """The limit that applies to a holder, and where it comes from ("body" or "law")."""

    proxies: int
    source: str
    unless_within: Fraction | None = None
    refusal: str = ""


def applicable_proxy_limit(*, stored_limit: int, legal_cap: LegalProxyCap | None) -> ProxyLimit:
    """Which limit applies: the body's stored limit when no law caps proxies or
    when it is the stricter; otherwise the law's cap, with its exception."""
    if legal_cap is None or stored_limit < legal_cap.proxies:
        return ProxyLimit(proxies=stored_limit, source="body")
    return ProxyLimit(proxies=legal_cap.proxies, source="law", unless_within=legal_cap.unless_within,
                      refusal=legal_cap.refusal)


def proxy_limit_reached(*, stored_limit: int, legal_cap: LegalProxyCap | None, held: int, holder_votes: int = 0,
                        principals_votes: int = 0, total_votes: int = 0) -> ProxyLimit | None:
    """The limit that refuses one more proxy to a holder who already holds
    ``held``, or None when they may accept it. ``principals_votes`` includes
    the new principal's; ``total_votes`` are all the votes of the body."""
    limit = applicable_proxy_limit(stored_limit=stored_limit, legal_cap=legal_cap)
    if held + 1 <= limit.proxies:
        return None
    if limit.unless_within is not None and holder_votes + principals_votes <= total_votes * limit.unless_within:
        return None
    return limit


def check_new_proxy(*, principal, holder, members, started):
    """Raise ProxyProblem when a proxy from ``principal`` to ``holder`` is not allowed at all."""
    if started:
        raise ProxyProblem("started")
    if principal == holder:
        raise ProxyProblem("self")
    if principal not in members or holder not in members:
        raise ProxyProblem("outside")


def represented(proxies, checked_in):
    """Map each holder -> principals whose proxy counts now.

    ``proxies`` maps principal -> holder. A proxy counts when its holder is
    checked in (or, for the minutes, attended) and its principal is not
    (arriving in person takes it back)."""
    out = {}
    for principal, holder in proxies.items():
        if holder in checked_in and principal not in checked_in:
            out.setdefault(holder, set()).add(principal)
    return out
