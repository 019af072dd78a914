"""Questions and ballots: the database side of the one voting engine, by use case.

The engine (``...engine``) decides; these modules check who may vote, store
ballots once, and freeze the engine's result at close. WHO voted is a
``Participation`` with a ``Receipt``; WHAT was chosen is a named ``Ballot`` on
an open question, and on a secret question only running totals, reached
through sealed envelopes written in transactions of their own
(``services.secret``): no row, no transaction and no order links the two.

- ``questions``: prepare (``add_question``, ``amend_question``);
- ``opening``: ``open_question``, and the secrecy check before it (``secrecy_warning``);
- ``casting``: ``cast_ballots`` (one screen for a holder of proxies), ``voters_for``;
  on commit it calls ``live.ballot_cast`` to push the live tally;
- ``counting``: ``compute_result`` (the live tally and the frozen result alike), ``live_tally``;
- ``closing``: ``close_question`` (freezes the result), ``publish_results``;
- ``room``: ``record_room_count`` (a show of hands or paper ballots counted in the
  room: totals only, added to the online ballots, and the vote closed);
- ``online``: ``run_online_votes`` (scheduled: opens, closes and reminds);
- ``receipts``: receipt codes and ``verify_receipt``.

The public services are named here so callers write ``voting.cast_ballots``.
"""

from .casting import cast_ballots, has_no_votes, voters_for
from .closing import close_question, publish_results
from .counting import compute_result, live_tally
from .online import run_online_votes
from .opening import open_question, secrecy_warning, secret_voter_count
from .questions import add_question, amend_question
from .receipts import new_receipt_code, receipt_hash, verify_receipt
from .room import record_room_count

__all__ = [
    "add_question", "amend_question", "cast_ballots", "close_question", "compute_result", "has_no_votes",
    "live_tally", "new_receipt_code", "open_question", "publish_results", "receipt_hash", "record_room_count", "run_online_votes",
    "secrecy_warning", "secret_voter_count", "verify_receipt", "voters_for",
]
