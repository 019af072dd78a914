"""Benchmark of a general assembly's vote, against the production setup.

    .venv/bin/python bench/assembly_votes.py [--members 1500] [--concurrency 50] [--clients 200] [--port 8917] [--reuse]

PostgreSQL (own database ``socle_live_bench`` on 127.0.0.1, dropped and
migrated unless ``--reuse``), Redis channel layer (database 15, prefix
``socle-live-bench``), and two app processes: gunicorn with two uvicorn
workers on 127.0.0.1, in production mode. It seeds one general assembly of
MEMBERS members, all checked in, with one open motion; connects CLIENTS
websocket clients (asyncio tasks, the ``websockets`` package, in a separate
process) to the meeting's live channel as the chair's projector would; then
MEMBERS ballots are cast through the real vote form, CONCURRENCY at a time
(threads with http.client, one session per member). Then it casts 50 of them
again (each must be refused) and checks every ballot is counted exactly once.

It prints the median and p99 time to cast, and the delay from a ballot to
the tally update seen by the websocket clients: for the k-th ballot to
complete (its response received), the time until each client shows a tally
of at least k ballots (negative when the push arrived before the voter's own
response). Everything is bounded in count and time and goes to 127.0.0.1 only.
"""

import argparse
import asyncio
import http.client
import json
import multiprocessing
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DB_NAME = "socle_live_bench"
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/15"
PREFIX = "socle-live-bench"
CSRF = "b" * 32  # an unmasked CSRF secret, sent as cookie and as form field
DEADLINE_SECONDS = 600


# --- seeding (run in a child process with Django set up) -----------------------------------


def seed(members: int, out: str, secret: bool = False) -> None:
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_backends
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.utils import timezone

    from community.governance.models import Attendance, Body, BodyMembership, Meeting
    from community.governance.services import meetings, voting
    from community.models import User

    Body.objects.filter(slug="bench-ga").delete()
    User.objects.filter(email__endswith="@bench.test").delete()
    chair = User.objects.create_user(email="chair@bench.test", password=None, first_name="Chair", last_name="Bench")
    body = Body.objects.create(name="Bench general assembly", slug="bench-ga", quorum_share="0.5")
    users = User.objects.bulk_create(
        User(email=f"m{i:05d}@bench.test", first_name=f"Member{i}", last_name="Bench", language="fr") for i in range(members)
    )
    users = list(User.objects.filter(email__startswith="m", email__endswith="@bench.test").order_by("email"))
    BodyMembership.objects.bulk_create(BodyMembership(body=body, user=u, weight=1) for u in users)
    starts = timezone.now() + timedelta(days=16)
    meeting = meetings.create_meeting(body=body, acting_user=chair, title="Bench assembly", starts_at=starts, place="Bench room", chair=chair)
    meetings.add_agenda_item(meeting=meeting, acting_user=chair, title="Accounts", kind="decision")
    meetings.convene_meeting(meeting=meeting, acting_user=chair)
    # The meeting starts now (the bench does not wait 16 days).
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now())
    meeting = meetings.start_meeting(meeting=Meeting.objects.get(pk=meeting.pk), acting_user=chair)
    Attendance.objects.bulk_create(Attendance(meeting=meeting, member=u, checked_in_by=chair) for u in users)
    question = voting.add_question(body=body, meeting=meeting, acting_user=chair, title="Approve the accounts", is_secret=secret)
    voting.open_question(question=question, acting_user=chair)
    choices = {c.code: c.pk for c in question.choices.all()}

    # The settings' model backend (Socle's reads permissions with the access rows):
    # a session naming a backend the settings do not list is an anonymous visitor's.
    model_backend = next(f"{type(b).__module__}.{type(b).__qualname__}" for b in get_backends() if isinstance(b, ModelBackend))

    def session_for(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = model_backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    with transaction.atomic():
        voters = [{"id": u.pk, "session": session_for(u), "choice": choices[("yes", "no", "abstain")[i % 3]]} for i, u in enumerate(users)]
        chair_session = session_for(chair)
    Path(out).write_text(json.dumps({"meeting": meeting.pk, "question": question.pk, "chair": chair_session, "voters": voters}))


def count(question_id: int) -> None:
    import django

    django.setup()
    from community.governance.models import Ballot, Participation, Question
    from community.governance.services import voting

    question = Question.objects.get(pk=question_id)
    if question.is_secret:
        # A secret vote keeps no ballot rows: close it, and read the frozen count.
        ballots = voting.close_question(question=question, acting_user=None).result["ballots"]
    else:
        ballots = Ballot.objects.filter(question_id=question_id).count()
    print(json.dumps({
        "participations": Participation.objects.filter(question_id=question_id).count(),
        "distinct_members": Participation.objects.filter(question_id=question_id).values("member").distinct().count(),
        "ballots": ballots,
    }))


# --- websocket clients (separate process) ----------------------------------------------------


def ws_clients(port: int, meeting: int, question: int, session: str, clients: int, expected: int, ready, cast_done, results) -> None:
    import websockets

    async def one(index: int, connected: asyncio.Event, counter: list, seen: list, reconnects: list):
        uri = f"ws://127.0.0.1:{port}/ws/assemblies/meetings/{meeting}/"
        headers = {"Cookie": f"sessionid={session}"}
        first = True
        # Like the page's script, a dropped socket reconnects (and gets the state at once).
        for _attempt in range(10):
            try:
                async with websockets.connect(uri, origin=f"http://127.0.0.1:{port}", additional_headers=headers,
                                              max_size=2**22, open_timeout=60) as socket:
                    async for raw in socket:
                        now = time.time()
                        state = json.loads(raw)
                        ballots = ((state.get("question") or {}).get("tally") or {}).get("ballots", 0)
                        if (state.get("question") or {}).get("id") == question:
                            seen.append((now, ballots, state.get("version", 0) / 1e9))
                        if first:
                            first = False
                            counter[0] += 1
                            if counter[0] == clients:
                                connected.set()
                        if ballots >= expected:
                            return
            except (TimeoutError, OSError, websockets.exceptions.WebSocketException):
                pass
            reconnects[0] += 1
            await asyncio.sleep(0.5)
        raise RuntimeError("gave up reconnecting")

    async def main():
        connected = asyncio.Event()
        counter = [0]
        seen = [[] for _ in range(clients)]
        reconnects = [0]
        tasks = []
        for i in range(clients):
            tasks.append(asyncio.create_task(one(i, connected, counter, seen[i], reconnects)))
            await asyncio.sleep(0.005)
        await asyncio.wait_for(connected.wait(), 420)
        ready.set()
        # Until every client shows the full count, or 60 s after the last ballot was cast.
        loop = asyncio.get_running_loop()
        waiter = loop.run_in_executor(None, cast_done.wait, DEADLINE_SECONDS)
        all_seen = asyncio.ensure_future(asyncio.wait(tasks))
        await asyncio.wait([waiter, all_seen], return_when=asyncio.FIRST_COMPLETED)
        done, pending = await asyncio.wait(tasks, timeout=60)
        for task in pending:
            task.cancel()
        errors = sum(1 for t in done if t.exception())
        all_seen.cancel()
        results.put({"cpu": time.process_time(), "seen": seen, "errors": errors, "unfinished": len(pending), "reconnects": reconnects[0]})

    asyncio.run(main())


# --- the run ----------------------------------------------------------------------------------


def serve(env, port: int):
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "socle_site.asgi:application", "-k", "socle_site.workers.UvicornWorker",
         "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120",
         "--graceful-timeout", "10"],
        cwd=ROOT, env=env,
    )
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("HEAD", "/robots.txt")
            connection.getresponse()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not start")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered))) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1500)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--port", type=int, default=8917)
    parser.add_argument("--reuse", action="store_true", help="keep the database (migrate only)")
    parser.add_argument("--secret", action="store_true", help="a secret vote (turnout on screens, totals only)")
    parser.add_argument("--seed", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.seed or options.count:
        # Run as a script, this folder comes first on the path and shadows nothing useful.
        sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
    if options.seed:
        seed(options.members, options.seed, options.secret)
        return
    if options.count:
        count(options.count)
        return

    from cryptography.fernet import Fernet

    var = tempfile.mkdtemp(prefix="socle-bench-votes-")
    env = {
        **os.environ, "SOCLE_ENV": "production", "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
        "SOCLE_FIELD_KEY": Fernet.generate_key().decode(), "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",
        "SOCLE_VAR_DIR": var, "PYTHONPATH": os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(ROOT)])), "SOCLE_Q_WORKERS": "1", "DJANGO_SETTINGS_MODULE": "socle_site.settings",
        "DATABASE_URL": f"{PG}/{DB_NAME}", "REDIS_URL": REDIS, "SOCLE_REDIS_PREFIX": PREFIX,
    }
    import psycopg

    if not options.reuse:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
            admin.execute(f"CREATE DATABASE {DB_NAME}")
    print(f"migrating {DB_NAME} …", flush=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    seed_file = os.path.join(var, "seed.json")
    print(f"seeding {options.members} members …", flush=True)
    subprocess.run([PYTHON, __file__, "--members", str(options.members), "--seed", seed_file, *(["--secret"] if options.secret else [])],
                   cwd=ROOT, env=env, check=True)
    data = json.loads(Path(seed_file).read_text())
    voters = data["voters"]
    process = serve(env, options.port)
    try:
        vote_path = f"/fr/assemblies/questions/{data['question']}/vote/"
        # Warm both workers.
        for _ in range(6):
            c = http.client.HTTPConnection("127.0.0.1", options.port, timeout=60)
            c.request("GET", f"/fr/assemblies/meetings/{data['meeting']}/live.json", headers={"Host": "127.0.0.1", "Cookie": f"sessionid={data['chair']}"})
            assert c.getresponse().status == 200
        ready = multiprocessing.Event()
        cast_done = multiprocessing.Event()
        results = multiprocessing.Queue()
        listener = multiprocessing.Process(target=ws_clients, args=(
            options.port, data["meeting"], data["question"], data["chair"], options.clients, len(voters), ready, cast_done, results))
        listener.start()
        if not ready.wait(480):
            listener.terminate()
            raise SystemExit("the websocket clients did not connect")
        print(f"{options.clients} websocket clients connected; casting {len(voters)} ballots, {options.concurrency} at a time …", flush=True)

        local = threading.local()

        def cast(voter: dict) -> tuple[float, float, int, str]:
            if not hasattr(local, "connection"):
                local.connection = http.client.HTTPConnection("127.0.0.1", options.port, timeout=60)
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": CSRF, "voter": voter["id"], f"choice_{voter['id']}": voter["choice"]})
            headers = {"Host": "127.0.0.1", "Content-Type": "application/x-www-form-urlencoded",
                       "Cookie": f"sessionid={voter['session']}; csrftoken={CSRF}"}
            started = time.time()
            for _attempt in range(3):
                try:
                    local.connection.request("POST", vote_path, body=body, headers=headers)
                    response = local.connection.getresponse()
                    response.read()
                    return started, time.time(), response.status, response.getheader("Location", "")
                except (OSError, http.client.HTTPException):
                    local.connection.close()
                    local.connection = http.client.HTTPConnection("127.0.0.1", options.port, timeout=60)
            return started, time.time(), 0, ""

        began = time.time()
        with ThreadPoolExecutor(options.concurrency) as pool:
            outcomes = list(pool.map(cast, voters))
        elapsed = time.time() - began
        cast_done.set()
        bad = [o for o in outcomes if o[2] != 302]
        try:
            # Read before joining: a child with a large result exits only once it is read.
            seen = results.get(timeout=180)
        except Exception:
            seen = {"seen": [], "errors": -1, "unfinished": -1}
        listener.join(30)
        if listener.is_alive():
            listener.terminate()

        # Again, 50 of them: every one must be refused, nothing counted twice.
        with ThreadPoolExecutor(options.concurrency) as pool:
            again = list(pool.map(cast, voters[:50]))
        counted = json.loads(subprocess.run([PYTHON, __file__, "--count", str(data["question"])], cwd=ROOT, env=env,
                                            check=True, capture_output=True, text=True).stdout)
        c = http.client.HTTPConnection("127.0.0.1", options.port, timeout=60)
        c.request("GET", f"/fr/assemblies/meetings/{data['meeting']}/live.json", headers={"Host": "127.0.0.1", "Cookie": f"sessionid={data['chair']}"})
        tally = json.loads(c.getresponse().read())["question"]["tally"]
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(30)

    times = [(end - start) * 1000 for start, end, _s, _l in outcomes]
    finished = sorted(end for _s, end, _st, _l in outcomes)
    delays = []
    server_side = []  # ballot -> the state that first counts it was computed
    client_side = []  # that state computed -> received by the client
    for updates in seen["seen"]:
        updates.sort()
        index = 0
        best = 0
        reached = []  # (time first seen, ballots, time computed on the server)
        for moment, ballots, computed in updates:
            if ballots > best:
                best = ballots
                reached.append((moment, ballots, computed))
        for k, done_at in enumerate(finished, start=1):
            while index < len(reached) and reached[index][1] < k:
                index += 1
            if index == len(reached):
                break
            delays.append((reached[index][0] - done_at) * 1000)
            server_side.append((reached[index][2] - done_at) * 1000)
            client_side.append((reached[index][0] - reached[index][2]) * 1000)
    expected = len(voters) * len(seen["seen"])
    print()
    print(f"members {len(voters)}, concurrency {options.concurrency}, websocket clients {options.clients}")
    print(f"cast: {len(outcomes)} requests in {elapsed:.1f} s ({len(outcomes) / elapsed:.0f}/s), non-302 answers {len(bad)}")
    print(f"time to cast: median {statistics.median(times):.0f} ms, p99 {percentile(times, 0.99):.0f} ms, max {max(times):.0f} ms")
    print(f"counted: participations {counted['participations']} (distinct members {counted['distinct_members']}), "
          f"ballots {counted['ballots']}, live tally {tally['ballots']} (yes {tally.get('yes', '-')}, no {tally.get('no', '-')}, "
          f"abstain {tally.get('abstain', '-')}{', secret: turnout only' if options.secret else ''})")
    print(f"second attempt by 50 voters: {sum(1 for a in again if a[2] == 302)} answered (refused with a message), counts unchanged: "
          f"{counted['ballots'] == len(voters)}")
    if delays:
        print(f"ballot -> tally seen by clients ({len(delays)} of {expected} ballot×client pairs; "
              f"clients failed {seen['errors']}, unfinished {seen['unfinished']}, reconnections {seen.get('reconnects', 0)}): "
              f"median {statistics.median(delays):.0f} ms, p95 {percentile(delays, 0.95):.0f} ms, "
              f"p99 {percentile(delays, 0.99):.0f} ms, max {max(delays):.0f} ms")
        print(f"  of which: ballot -> counting state computed on the server: median {statistics.median(server_side):.0f} ms, "
              f"p95 {percentile(server_side, 0.95):.0f} ms; computed -> received by the client: median "
              f"{statistics.median(client_side):.0f} ms, p95 {percentile(client_side, 0.95):.0f} ms")
        print(f"  updates received per client: {statistics.mean(len(x) for x in seen['seen']):.0f}; "
              f"the clients' process used {seen.get('cpu', 0):.1f} s of CPU")
    ok = counted["ballots"] == counted["participations"] == counted["distinct_members"] == tally["ballots"] == len(voters)
    print("ALL COUNTED EXACTLY ONCE" if ok else "COUNT MISMATCH")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
