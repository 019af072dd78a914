"""Counting: the question's result from its ballots with the pure engine, the
same function for the live tally and the frozen result (STYLE.md §1)."""

from fractions import Fraction

from django.db.models import Count, Sum

from community.models import College, User

from ... import selectors
from ...engine.choices import count_options, elect, single_choice_winner
from ...engine.room import how_taken
from ...models import Participation, Question, RoomCount
from .. import secret


def _number(value: Fraction) -> int | str:
    value = Fraction(value)
    return int(value) if value.denominator == 1 else str(value)


def votes_present_or_represented(question: Question, presence: selectors.Presence | None = None) -> int:
    """The votes a voter's own are capped against (art. 3.87 §6: not more than all
    the other co-owners present or represented): in a meeting, those present or
    represented now; in an online vote, where every member may vote, all the
    members' votes. The one answer for a secret ballot when cast and a named one at count."""
    if question.meeting_id is not None:
        presence = presence if presence is not None else selectors.presence(question.meeting)
        return presence.weight_present_or_represented
    return sum(m.weight for m in selectors.voting_members(selectors.members_of(question.body)).values())


def _counted_weights(question: Question, ballots: list, presence) -> list:
    """The weight each ballot counts with under its body's rule set (a co-owner's
    votes are capped, art. 3.87 §6); unchanged for one-member-one-vote bodies."""
    rule_set = question.body.rule_set
    weights = [w for _s, w, _k, _m in ballots]
    if not rule_set.caps_votes:
        return weights
    # Named ballots are grouped by who cast them (holder with their proxies);
    # a secret ballot has no voter on record, so it stands alone.
    cast_by = dict(Participation.objects.filter(question=question).values_list("member_id", "cast_by_id"))
    voters = [cast_by.get(m, m) if m else ("ballot", i) for i, (_s, _w, _k, m) in enumerate(ballots)]
    return rule_set.counted_weights(voters, weights, present_weight=votes_present_or_represented(question, presence))


def _ballot_rows(question: Question, *, one_per_ballot: bool) -> tuple[list, int]:
    """The named ballots as (selections, weight, college, member) rows, and how many there are.

    Where each ballot counts on its own (capped votes, names for the minutes)
    one row per ballot; otherwise identical ballots are summed by the database,
    a handful of rows however many voted: the engine only adds weights, so the
    result is the same, and a live tally of 1,500 ballots stays cheap."""
    if one_per_ballot:
        rows = list(question.ballots.values_list("selections", "weight", "college_id", "member_id"))
        return rows, len(rows)
    grouped = list(
        question.ballots.order_by().values("selections", "college_id")
        .annotate(total=Sum("weight"), ballots=Count("pk")).values_list("selections", "total", "college_id", "ballots")
    )
    return [(s, w, k, None) for s, w, k, _n in grouped], sum(n for *_r, n in grouped)


def _secret_rows(question: Question, room: RoomCount | None) -> tuple[list, int, Fraction, bool]:
    """A secret question's totals as rows the engine adds up like ballots: one
    row per answer (and college), the weights already counted (capped when
    cast); the number of ballots, their weight, and whether they all chose
    alike, the paper ballots counted in the room included."""
    by_answer, (count, weight) = secret.totals(question)
    rows = [([choice] if choice is not None else [], w, college, None) for choice, college, _n, w in by_answer]
    in_room = [(t.choice_id, t.college_id, t.voters, t.weight) for t in room.totals.all()] if room else []
    return rows, count, weight, secret.reveals_every_choice(by_answer + in_room, count + (room.voters if room else 0))


def _room_count(question: Question) -> RoomCount | None:
    """The count recorded in the room for this question, if any (``services.voting.room``)."""
    return RoomCount.objects.filter(question=question).select_related("recorded_by").prefetch_related("totals").first()


def _room_rows(room: RoomCount | None) -> list:
    """A count in the room as rows the engine adds up like ballots: per answer
    (and college), its votes as counted. No voter: never capped again."""
    if room is None:
        return []
    return [([t.choice_id] if t.choice_id else [], t.weight, t.college_id, None) for t in room.totals.all()]


def _room_summary(room: RoomCount, online_ballots: int) -> dict:
    """What the minutes and the projector say of a count in the room."""
    return {
        "method": room.method, "voters": room.voters, "weight": room.weight, "counted_by": room.counted_by,
        "recorded_by": str(room.recorded_by), "recorded_at": room.recorded_at.isoformat(),
        "online_ballots": online_ballots,
    }


def _turnout(question: Question, presence) -> dict:
    """What screens show of an open secret vote: how many voted, never a running
    result (a figure that moves when one person votes names their choice)."""
    result = {"kind": question.kind, "is_secret": True, "ballots": question.participations.count(), "running": False}
    if presence is not None:
        result["presence"] = {
            "present_or_represented": len(presence.present_or_represented), "members": len(presence.members),
        }
    return result


def compute_result(question: Question, *, presence: selectors.Presence | None = None, live: bool = False) -> dict:
    """The question's result from its ballots (or a secret question's totals),
    with the pure engine. The same function gives the live tally and the frozen
    result. A live tally leaves out the names of those against and abstaining
    (they go to the minutes, never to the room's screen), gives only the
    turnout of an open secret vote, and may be given the meeting's
    ``presence`` already read."""
    if live and question.is_secret and not question.is_final:
        if question.meeting_id is not None and presence is None:
            presence = selectors.presence(question.meeting)
        return _turnout(question, presence)
    choices = list(question.choices.all())
    by_id = {c.pk: c for c in choices}
    named = question.kind == Question.Kind.MOTION and not question.is_secret and not live
    # An open question has no count in the room: recording one closes it (``room``).
    room = None if live else _room_count(question)
    if question.is_secret:
        ballots, ballot_count, total_weight, alike = _secret_rows(question, room)
    else:
        ballots, ballot_count = _ballot_rows(question, one_per_ballot=named or question.body.rule_set.caps_votes)
    online_rows, online_count = len(ballots), ballot_count
    in_room = _room_rows(room)
    ballots = ballots + in_room
    if room is not None:
        ballot_count += room.voters
        if question.is_secret:
            total_weight += room.weight
    if question.meeting_id is not None and presence is None:
        presence = selectors.presence(question.meeting)
    body_members = presence.members if presence is not None else selectors.members_of(question.body)
    result: dict = {
        "kind": question.kind,
        "ballots": ballot_count,
        "weight": _number(total_weight) if question.is_secret else sum(b[1] for b in ballots),
        "is_secret": question.is_secret,
        # How the vote was taken (online, show of hands, paper ballots, mixed), for the minutes and the screens.
        "taken": how_taken(online_ballots=online_count, room_method=room.method if room else None),
    }
    if room is not None:
        result["room"] = _room_summary(room, online_count)
    if question.is_secret:
        result["reveals_every_choice"] = alike
    college_names = {c.pk: c.name for c in College.objects.all()}
    if question.kind == Question.Kind.MOTION:
        code_of = {c.pk: c.code for c in choices}
        # Secret totals were counted (capped) when cast; named ballots are capped here.
        # The room's totals were counted as the rule set requires (``services.voting.room``): not capped again.
        online = ballots[:online_rows]
        weights = [w for _s, w, _k, _m in online] if question.is_secret else _counted_weights(question, online, presence)
        weights = list(weights) + [w for _s, w, _k, _m in in_room]
        coded = [(code_of[b[0][0]] if b[0] else "abstain", w, b[2]) for b, w in zip(ballots, weights, strict=True)]
        # The one decision on a motion: the majority, the double majority per college, the rule set's unanimity.
        decided = question.body.rule_set.decide_motion(
            coded, majority=question.majority, abstentions_count=question.abstentions_count,
            per_college=question.double_majority_per_college, colleges={m.college for m in body_members.values()},
            total_weight=sum(m.weight for m in body_members.values()),
        )
        overall = decided.overall
        result.update(
            majority=question.majority, abstentions_count=question.abstentions_count,
            yes=_number(overall.yes), no=_number(overall.no), abstain=_number(overall.abstain),
            base=_number(overall.base), adopted=decided.adopted,
        )
        if question.double_majority_per_college:
            result["by_college"] = [
                {"college": college_names.get(k, ""), "yes": _number(r.yes), "no": _number(r.no),
                 "abstain": _number(r.abstain), "adopted": r.adopted}
                for k, r in sorted(decided.by_college.items(), key=lambda kr: (kr[0] is None, kr[0] or 0))
            ]
        if named:
            # Minutes name those against and abstaining (DOMAIN.md §3).
            people = {u.pk: str(u) for u in User.objects.filter(pk__in=[m for *_r, m in ballots if m])}
            result["named"] = {
                code: sorted(people[m] for (s, _w, _k, m), (c, _w2, _k2) in zip(ballots, coded, strict=True) if c == code and m)
                for code in ("no", "abstain")
            }
    elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        count = count_options([(s, w) for s, w, _k, _m in ballots], by_id.keys())
        winner = None
        if question.kind == Question.Kind.SINGLE:
            winner = single_choice_winner(count, majority=question.majority, abstentions_count=question.abstentions_count)
        result.update(
            majority=question.majority,
            options=[{"id": c.pk, "label": c.label, "weight": _number(count.totals[c.pk])} for c in choices],
            blank=_number(count.blank), winner=winner,
        )
    else:
        colleges = {c.pk: c.college_id for c in choices}
        seats = {s.college_id: s.count for s in question.seats.all()}
        election = elect([(s, w) for s, w, _k, _m in ballots], colleges=colleges, seats=seats)
        result.update(
            colleges=[
                {
                    "college": college_names.get(k, ""), "seats": n,
                    "candidates": [
                        {"id": c.pk, "label": c.label, "weight": _number(election.totals[c.pk]),
                         "elected": c.pk in election.elected.get(k, []), "tied": c.pk in election.tied.get(k, [])}
                        for c in sorted((c for c in choices if c.college_id == k), key=lambda c: -election.totals[c.pk])
                    ],
                }
                for k, n in sorted(seats.items(), key=lambda kn: (kn[0] is None, kn[0] or 0))
            ]
        )
    if presence is not None:
        result["presence"] = {
            "present_or_represented": len(presence.present_or_represented),
            "members": len(presence.members),
            "weight_present_or_represented": presence.weight_present_or_represented,
            "weight_total": presence.weight_total,
            "has_quorum": presence.has_quorum,
        }
    else:
        result["presence"] = {"members": len(body_members), "weight_total": sum(m.weight for m in body_members.values())}
    return result


def live_tally(question: Question, *, presence: selectors.Presence | None = None) -> dict:
    """The running count of an open question (or the frozen one once closed)."""
    if question.is_final:
        return question.result
    return compute_result(question, presence=presence, live=True)
