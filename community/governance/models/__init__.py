"""Governance bodies, their meetings and the one voting engine's storage.

Design (others build on it: the chair's console, live tallies, minutes, and the
bodies a feature adds with its own rule set, such as the co-owners' meetings):

- ``Body``: a governance body (general assembly, board, co-owners' meeting of one
  building). Its rules are data (notice period, quorum share, per-college quorum,
  proxies per holder, who may hold one) plus a *rule set* chosen by ``kind``
  (``community.governance.rulesets``): the plain engine, or the rule set a feature
  registered for its kind of body.
- ``BodyMembership``: who sits in a body, in which college, with which weight
  (1 in the general assembly, the lot's shares in a co-ownership), between dates.
- ``Meeting`` (draft → convened → in progress → closed, or cancelled) with its
  ``AgendaItem``s, ``AgendaDocument``s (bytes kept in the database, served only
  through a permission-checked view), ``Attendance`` (check-in and
  check-out; members' replies are the meeting core's ``community.MeetingReply``,
  through ``Meeting.convocation``) and ``Proxy``s (one active proxy per principal per meeting: DB
  constraint). A proxy counts only while its holder is checked in and its
  principal is not (DOMAIN.md §8; ``engine.proxies.represented``).
- ``RoomCount`` and its ``RoomTotal``s: the result of a vote taken in the room
  (show of hands, paper ballots), recorded once per question by the chair or
  a secretary, totals only, added to the online ballots at close.
- ``Question``: a motion, single choice, multiple choice or election, inside a
  meeting (``meeting``) or an online vote between meetings (``meeting`` empty,
  ``opens_at``/``closes_at`` set). Its ``Choice``s (yes/no/abstain for a motion,
  options, or candidates with their college) and, for elections, ``Seat`` rows
  (seats per college). Status draft → open → closed → published; the result is
  computed by the pure engine at close and frozen in ``result`` (JSON): services
  refuse any change after close and the database refuses to update a closed
  question's result (``Question.save`` guard plus a check constraint).
- Ballots. ``Participation`` (question, member, cast_by) says WHO voted, once:
  unique (question, member). ``Receipt`` holds the fingerprint of the code
  shown once to the voter: it proves that a ballot is in the count, never
  what it chose. WHAT was chosen is stored by the kind of question:
  - a named (open) question keeps one ``Ballot`` per member (its weight and
    college, for the minutes that name those against and abstaining);
  - a secret question keeps no ballot at all, only ``SecretTotal`` rows (per
    answer, and per college where the double majority needs it): each choice
    goes through a sealed ``SecretEnvelope`` written in a transaction of its
    own, is added to the totals and deleted. See ``services.secret`` and the
    README's "Secret ballots" for why each step defeats which route.

One module per part (``bodies``, ``meetings``, ``questions``, ``secret``, ``minutes``),
all named here so that ``from community.governance.models import Meeting`` and the
migrations keep working.
"""

from .bodies import Body, BodyMembership, BodyMembershipQuerySet
from .meetings import AgendaDocument, AgendaItem, Attendance, Meeting, Proxy
from .minutes import Minutes, MinutesSignature
from .questions import MOTION_LABELS, Ballot, Choice, Participation, Question, Receipt, Seat
from .room import RoomCount, RoomTotal
from .secret import SecretEnvelope, SecretTotal

__all__ = [
    "MOTION_LABELS", "AgendaDocument", "AgendaItem", "Attendance", "Ballot", "Body", "BodyMembership",
    "BodyMembershipQuerySet", "Choice", "Meeting", "Minutes", "MinutesSignature", "Participation", "Proxy",
    "Question", "Receipt", "RoomCount", "RoomTotal", "SecretEnvelope", "SecretTotal", "Seat",
]
