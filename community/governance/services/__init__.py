"""Writes of governance: one function per write, keyword-only arguments, the
acting user passed in, one ``transaction.atomic``, notifications on commit,
refusals as ``GovernanceRefusal``/``VoteRefusal`` with a translated message
and nothing changed (STYLE.md §2).

- ``bodies``: who sits in a body (``sync_general_assembly``, ``add_member``, ``end_membership``).
- ``meetings``: prepare (``create_meeting``, ``add_agenda_item``, ``attach_document``),
  ``convene_meeting`` (notice period, notifications), ``start_meeting``, ``close_meeting``,
  ``answer_rsvp``, ``check_in``/``check_out``, ``give_proxy``/``withdraw_proxy``,
  ``send_reminders`` (scheduled), ``cancel_meeting`` and ``postpone_meeting`` (before it
  has begun: replies lapse, proxies lapse on cancelling and stay on postponing, members told
  with a calendar file).
- ``voting`` (a package by use case): ``questions.add_question``, ``opening.open_question``,
  ``casting.cast_ballots`` (one screen for a holder of proxies: one ballot per represented
  member, each its own), ``closing.close_question`` (the pure engine computes the result,
  frozen as JSON), ``closing.publish_results``, ``receipts.verify_receipt``,
  ``online.run_online_votes`` (scheduled: opens and closes online votes).
- ``paper_proxies``: ``record_paper_proxy`` (staff or a secretary, with the scan; the same
  checks as ``give_proxy`` through ``meetings.store_proxy``).
- ``voting.room``: ``record_room_count`` (a show of hands or paper ballots: totals only, each
  member counted once, the vote closed with them).
- ``live``: the chair's console, each write followed on commit by ``live.broadcast``.

Live tallies: ``voting.counting.live_tally(question)`` computes the current count from
the ballots with the same engine as ``close_question``; ``cast_ballots`` calls
``live.ballot_cast`` on commit, which pushes the tally over websockets.
"""
