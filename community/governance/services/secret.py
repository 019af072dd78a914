"""Secret ballots: who voted and what was chosen never meet in storage.

The promise (README, "Secret ballots"): after a secret vote, nothing stored
lets anyone tell who chose what, not even the database's own bookkeeping.
A cast goes through three transactions, each writing one side only:

1. ``seal``: one ``SecretEnvelope`` per ballot, its selections and counted
   weight encrypted (AES-GCM, no timestamp, a random key) with a random
   ``token``; rows in an order drawn from the injected random source.
2. the caller's participation transaction: ``Participation`` rows carrying
   ``sha256(token)`` and ``Receipt`` rows. The ballot is accepted (receipts
   shown) only once both are durable. If the cast fails between 1 and 2 (a
   crash, a repeat, the vote closing), the envelope has no participation and
   is never counted: ``discard`` deletes it, or the close does.
3. ``drain``: envelopes whose participation is durable are added to the
   ``SecretTotal`` rows (per answer, per college only where the double
   majority needs it) and deleted. No participation is written here.

Closing (``services.voting.close_question``) drains what is left under the
question's exclusive lock (casts hold a shared one), discards the envelopes of
casts that never completed, freezes the result from the totals and deletes
them; ``finish_close`` then empties the participations' token fingerprints in
a transaction of its own and has PostgreSQL vacuum the dead row versions.

Each step is its own transaction only when called outside one, as views,
consumers and tasks do; inside an outer transaction (demo data, most unit
tests) they share it.
"""

import hashlib
import json
import logging
import os
import random
import secrets
from collections import defaultdict
from collections.abc import Mapping
from fractions import Fraction

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import connection, transaction
from socle_site.kernel.crypto import field_keys

from ..models import Participation, Question, SecretEnvelope, SecretTotal

logger = logging.getLogger(__name__)

BALLOTS_KEY = "ballots"
_random: random.Random = secrets.SystemRandom()


def set_random_source(source: random.Random | None) -> None:
    """Tests inject a seeded source so that the shuffles they check are repeatable."""
    global _random
    _random = source if source is not None else secrets.SystemRandom()


def shuffled(items) -> list:
    """``items`` in an order drawn from the random source: the order in which
    rows are written (their place in the table and in a dump) tells nothing."""
    items = list(items)
    _random.shuffle(items)
    return items


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- sealing -----------------------------------------------------------------------------


def _keys() -> list[bytes]:
    # A key of its own, derived from the field keys (newest first): an envelope
    # lives for a moment, so an older key only matters for one left by a crash.
    return [hashlib.sha256(b"socle-secret-envelope:" + key).digest() for key in field_keys()]


def _seal(payload: dict) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(_keys()[0]).encrypt(nonce, json.dumps(payload).encode(), None)


def _unseal(sealed: bytes) -> dict:
    sealed = bytes(sealed)
    for key in _keys():
        try:
            return json.loads(AESGCM(key).decrypt(sealed[:12], sealed[12:], None))
        except Exception:  # noqa: BLE001  (another key, or a damaged envelope)
            continue
    raise ValueError("a sealed secret choice cannot be opened with the configured keys")


def _weight_text(value) -> str:
    return str(Fraction(value))


def seal(*, question: Question, choices: Mapping[int, tuple[list[int], Fraction, int | None]]) -> dict[int, str]:
    """Write one envelope per ballot (step 1). ``choices`` maps each member to
    (selections, counted weight, college or None); returns member -> token.
    Called inside the cast's first transaction, which writes nothing else."""
    tokens = {member_id: secrets.token_hex(32) for member_id in choices}
    SecretEnvelope.objects.bulk_create(
        SecretEnvelope(
            question=question,
            token=tokens[m],
            sealed=_seal({"s": sorted(choices[m][0]), "w": _weight_text(choices[m][1]), "c": choices[m][2]}),
        )
        for m in shuffled(choices)
    )
    return tokens


def lock_question_shared(question_id: int) -> str | None:
    """Read the question's status under a SHARED row lock (PostgreSQL): casts
    and drains do not wait for each other, but closing (FOR UPDATE) waits for
    those in flight and those after it see it closed, so every accepted
    ballot is counted. SQLite's IMMEDIATE transactions already serialise all writers."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT status FROM {Question._meta.db_table} WHERE id = %s FOR SHARE", [question_id])
            row = cursor.fetchone()
        return row[0] if row else None
    return Question.objects.filter(pk=question_id).values_list("status", flat=True).first()


def discard(tokens) -> None:
    """A cast that failed after sealing: its envelopes are never counted."""
    SecretEnvelope.objects.filter(token__in=list(tokens)).delete()


# --- totals --------------------------------------------------------------------------------


def total_keys(question: Question) -> list[tuple[str, int | None, int | None]]:
    """The totals a secret question keeps: (key, choice, college). Per answer;
    per college only for a motion decided by a double majority per college."""
    choices = list(question.choices.values_list("pk", flat=True))
    rows = [(BALLOTS_KEY, None, None)]
    if question.double_majority_per_college:
        from ..selectors import members_of

        colleges = sorted({m.college for m in members_of(question.body).values()}, key=lambda c: (c is None, c or 0))
        rows += [(f"{c}:{k or '-'}", c, k) for c in choices for k in colleges]
    else:
        rows += [(f"{c}:-", c, None) for c in choices]
        if question.kind != Question.Kind.MOTION:
            rows.append(("blank", None, None))
    return rows


def create_totals(question: Question) -> None:
    """Every total at zero when the vote opens, so casting only ever updates."""
    SecretTotal.objects.bulk_create(
        SecretTotal(question=question, key=key, choice_id=choice, college_id=college)
        for key, choice, college in total_keys(question)
    )


def _key_for(question: Question, choice: int | None, college: int | None) -> str:
    if choice is None:
        return "blank"
    return f"{choice}:{(college or '-') if question.double_majority_per_college else '-'}"


def _parse_key(key: str) -> dict:
    if key in (BALLOTS_KEY, "blank"):
        return {}
    choice, college = key.split(":")
    return {"choice_id": int(choice), "college_id": None if college == "-" else int(college)}


def drain(question: Question, *, everything: bool = False) -> int:
    """Add the envelopes whose participation is durable to the totals and
    delete them (step 3). Envelopes of casts still in flight wait for the
    next drain; with ``everything`` (the close, under the question's
    exclusive lock) those left are discarded: their cast never completed.
    Returns the number of ballots added.

    A drain holds the question's shared lock, like a cast: the close's
    exclusive lock waits for drains in flight, and a drain after the close
    finds it closed and adds nothing (the close drained everything)."""
    with transaction.atomic():
        if not everything and lock_question_shared(question.pk) != Question.Status.OPEN:
            return 0
        envelopes = list(
            SecretEnvelope.objects.select_for_update(skip_locked=not everything).filter(question=question)
            .values_list("pk", "token", "sealed")
        )
        if not envelopes:
            return 0
        accepted = set(
            Participation.objects.filter(question=question, token_hash__in=[token_hash(t) for _p, t, _s in envelopes])
            .values_list("token_hash", flat=True)
        )
        ballots = Fraction(0)
        count = 0
        delta: dict[str, list] = defaultdict(lambda: [0, Fraction(0)])
        done = []
        for pk, token, sealed in envelopes:
            if token_hash(token) not in accepted:
                if everything:
                    done.append(pk)
                continue
            payload = _unseal(sealed)
            weight = Fraction(payload["w"])
            count += 1
            ballots += weight
            selections = payload["s"] or [None]
            for choice in selections:
                entry = delta[_key_for(question, choice, payload["c"])]
                entry[0] += 1
                entry[1] += weight
            done.append(pk)
        if count:
            delta[BALLOTS_KEY] = [count, ballots]
            # A total not made at opening (a member who joined a new college since):
            # made now, at zero, before adding.
            missing = set(delta) - set(SecretTotal.objects.filter(question=question, key__in=list(delta)).values_list("key", flat=True))
            if missing:
                SecretTotal.objects.bulk_create(
                    (SecretTotal(question=question, key=key, **_parse_key(key)) for key in sorted(missing)), ignore_conflicts=True
                )
            # Rows locked in one order: two drains never wait on each other in a cycle.
            for total in SecretTotal.objects.select_for_update().filter(question=question, key__in=list(delta)).order_by("key"):
                n, w = delta[total.key]
                total.ballots += n
                total.weight = _weight_text(Fraction(total.weight) + w)
                total.save(update_fields=["ballots", "weight"])
        SecretEnvelope.objects.filter(pk__in=done).delete()
    return count


def drain_quietly(question: Question) -> None:
    """Drain after an accepted cast. The ballot is already accepted: should the
    drain fail, its envelope waits for the next drain or for the close."""
    try:
        drain(question)
    except Exception:  # noqa: BLE001
        logger.exception("draining the secret choices of question %s failed; the close will", question.pk)


def totals(question: Question) -> list[tuple[int | None, int | None, int, Fraction]]:
    """(choice or None for blank, college, ballots, weight) per total, the
    ballots row left out; and the ballots row as (count, weight)."""
    rows = list(SecretTotal.objects.filter(question=question).values_list("key", "choice_id", "college_id", "ballots", "weight"))
    by_answer = [(c, k, n, Fraction(w)) for key, c, k, n, w in rows if key != BALLOTS_KEY]
    overall = next(((n, Fraction(w)) for key, _c, _k, n, w in rows if key == BALLOTS_KEY), (0, Fraction(0)))
    return by_answer, overall


def reveals_every_choice(by_answer, ballots: int) -> bool:
    """Whether the totals show that every ballot made the same choice (a
    unanimous result, or a single ballot): then they reveal each voter's."""
    if ballots == 0:
        return False
    per_answer: dict = defaultdict(int)
    for choice, _college, n, _w in by_answer:
        per_answer[choice] += n
    return all(n in (0, ballots) for n in per_answer.values())


def delete_totals(question: Question) -> None:
    SecretTotal.objects.filter(question=question).delete()


# --- after the close -----------------------------------------------------------------------

VACUUMED = ("governance_secretenvelope", "governance_secrettotal", "governance_participation")


def finish_close(question_id: int) -> None:
    """Empty the participations' token fingerprints (in a transaction that
    writes no total) and have PostgreSQL remove the dead row versions that
    still held the totals' history, the envelopes and the fingerprints.
    Idempotent: the scheduled run repeats it for a close that stopped midway."""
    with transaction.atomic():
        Participation.objects.filter(question_id=question_id, token_hash__isnull=False).update(token_hash=None)
    vacuum()


def vacuum() -> None:
    """VACUUM cannot run inside a transaction: skipped there (tests in one
    transaction; the scheduled ``finish_close`` runs it later)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in VACUUMED:
            cursor.execute(f"VACUUM {table}")


def unfinished_closes() -> list[int]:
    return list(
        Participation.objects.filter(token_hash__isnull=False, question__status__in=["closed", "published"])
        .values_list("question_id", flat=True).distinct()
    )
