"""Proxy rules of the one voting engine, as pure functions (STYLE.md §1).

DOMAIN.md §8: a proxy counts only while its holder is checked in, and a
principal who arrives in person takes their vote back. Limits are data on
the body (``max_per_holder``), not code.
"""


class ProxyProblem(Exception):
    """Why a proxy cannot be given; ``code`` lets the service pick a translated message."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def check_new_proxy(*, principal, holder, members, held_by_holder, max_per_holder, started):
    """Raise ProxyProblem when a proxy from ``principal`` to ``holder`` is not allowed."""
    if started:
        raise ProxyProblem("started")
    if principal == holder:
        raise ProxyProblem("self")
    if principal not in members or holder not in members:
        raise ProxyProblem("outside")
    if held_by_holder >= max_per_holder:
        raise ProxyProblem("limit")


def represented(proxies, checked_in):
    """Map each holder -> principals whose proxy counts now.

    ``proxies`` maps principal -> holder. A proxy counts when its holder is
    checked in and its principal is not (arriving in person takes it back)."""
    out = {}
    for principal, holder in proxies.items():
        if holder in checked_in and principal not in checked_in:
            out.setdefault(holder, set()).add(principal)
    return out
