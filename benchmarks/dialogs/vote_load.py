"""Dialogs under load: votes per second and latency through gunicorn on PostgreSQL, then the
results page of a dialog with a million votes.

    uv run --frozen python benchmarks/dialogs/vote_load.py [--participants 200] [--seconds 20]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth). Creates and drops its own database
(fellesloft_bench_dialogs). Prints: acknowledged votes, votes/s, p50/p95/p99 latency, stored
votes (must equal acknowledged), and the results page's response times with 1 M votes.
"""

import argparse
import asyncio
import gc
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DB_NAME = "fellesloft_bench_dialogs"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
PORT = 8199
TARGET_VOTES_PER_SECOND = 1000  # issue 4, in the paced run
TARGET_P99_SECONDS = 0.100


def psql(sql: str) -> None:
    subprocess.run(["psql", ADMIN_URL, "-q", "-c", sql], check=True, capture_output=True)


def setup_django():
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fellesloft.settings")
    import django

    django.setup()


def create_dialog(statements: int) -> str:
    from fellesloft.dialogs import services
    from fellesloft.organisations.models import Organisation, OrganisationKind, Sector

    organisation, _ = Organisation.objects.get_or_create(
        slug="benchmark",
        defaults={
            "name": "Benchmark",
            "kind": OrganisationKind.OTHER,
            "sector": Sector.objects.get(slug="nav"),
        },
    )
    dialog = services.dialog_create(
        created_by=None,
        title=f"Lasttest {time.time():.0f}",
        question="Hva skal til?",
        organisation=organisation,
        results_public=True,
    )
    services.seed_statements_add(
        dialog=dialog, texts=[f"Utsagn nummer {n} om tjenestene" for n in range(statements)]
    )
    return dialog.slug


def statement_ids(slug: str) -> list[int]:
    from fellesloft.dialogs.models import Statement

    return list(Statement.objects.filter(dialog__slug=slug).values_list("pk", flat=True))


# --- a minimal HTTP/1.1 keep-alive client (the load generator shares the 2 cores) -------------


class Connection:
    def __init__(self) -> None:
        self.reader = None
        self.writer = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", PORT)

    async def request(self, method: str, path: str, body: bytes = b"", headers: str = ""):
        if self.writer is None:
            await self.open()
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{headers}\r\n"
        )
        self.writer.write(head.encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and "close" in value.lower():
                close = True
        payload = await self.reader.readexactly(length) if length else b""
        if close:
            self.writer.close()
            self.writer = None
        return status, payload


async def join(slug, rng):
    """One simulated participant joins: its own connection and its token."""
    connection = Connection()
    # Each participant is a phone of its own behind the (simulated) proxy in front.
    address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    status, payload = await connection.request(
        "POST",
        f"/api/v1/dialogs/{slug}/participants",
        b"{}",
        f"X-Forwarded-For: {address}\r\n",
    )
    if status != 201:
        raise RuntimeError(f"join answered {status}")
    return connection, json.loads(payload)["token"]


async def participant(connection, token, slug, statements, deadline, results, rng, interval):
    """One simulated participant votes on the statements in random order.

    With `interval` None it votes again as soon as the answer arrives (closed loop: the
    server's ceiling). With an interval it keeps a schedule of one vote per interval, as
    people reading statements do (open loop); latency is then measured from the scheduled
    moment, so a server that falls behind is not flattered by the clients waiting for it."""
    latencies, acknowledged, errors = results  # acknowledged: the moments of each 201
    headers = f"X-Participant-Token: {token}\r\n"
    order = list(statements)
    rng.shuffle(order)
    scheduled = time.perf_counter() + (rng.random() * interval if interval else 0)
    for statement in order:
        if interval:
            scheduled += interval
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        if time.perf_counter() > deadline:
            break
        body = json.dumps(
            {"statement": statement, "vote": rng.choice(["agree", "disagree", "pass"])}
        )
        started = scheduled if interval else time.perf_counter()
        try:
            status, _ = await connection.request(
                "POST", f"/api/v1/dialogs/{slug}/votes", body.encode(), headers
            )
        except (ConnectionError, asyncio.IncompleteReadError):
            connection.writer = None
            errors.append("connection")
            continue
        latencies.append(time.perf_counter() - started)
        if status == 201:
            acknowledged.append(time.perf_counter())
        else:
            errors.append(status)


async def load(slug, statements, participants, seconds, pids: tuple, rate=None):
    """All participants join, then vote for `seconds`; `rate` (votes/s over all of them)
    paces them, None saturates. Joining comes first so that the votes/s (and the CPU time
    measured around them) are votes alone."""
    results = ([], [], [])
    rng = random.Random(0)
    rngs = [random.Random(rng.random()) for _ in range(participants)]
    joined = await asyncio.gather(*[join(slug, rngs[n]) for n in range(participants)])
    interval = participants / rate if rate else None
    # This process has Django loaded (~165 000 objects): a full garbage collection of them
    # would stop every simulated phone at once for ~90 ms and count as the server's latency.
    gc.collect()
    gc.freeze()
    cpu_before = cpu_by_part(*pids)
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *[
            participant(connection, token, slug, statements, deadline, results, rngs[n], interval)
            for n, (connection, token) in enumerate(joined)
        ]
    )
    return time.perf_counter() - started, cpu_before, cpu_by_part(*pids), *results


def _process_table() -> dict[int, tuple[str, int, float]]:
    """pid → (command, parent pid, CPU seconds used so far by it and its ended children),
    read from /proc (PostgreSQL's ended backends count in the postmaster's children's time)."""
    table = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        command = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        table[int(entry.name)] = (command, int(fields[1]), sum(map(int, fields[11:15])) / ticks)
    return table


def cpu_by_part(server_pid: int, worker_pid: int | None = None) -> dict[str, float]:
    """CPU seconds used so far by the web server (master and workers), by the task worker
    (the analyses), by PostgreSQL (all its processes, this benchmark's database being the only
    busy one), by Redis and by this load generator."""
    table = _process_table()
    server = {server_pid} | {pid for pid, (_c, parent, _s) in table.items() if parent == server_pid}
    usage = os.times()
    return {
        "web server": sum(table[pid][2] for pid in server if pid in table),
        "task worker": table[worker_pid][2] if worker_pid in table else 0.0,
        "PostgreSQL": sum(cpu for command, _p, cpu in table.values() if command == "postgres"),
        "Redis": sum(cpu for command, _p, cpu in table.values() if command == "redis-server"),
        "load generator": usage.user + usage.system,
    }


def print_cpu_split(before: dict[str, float], after: dict[str, float], votes: int) -> None:
    parts = "  ".join(
        f"{name} {1000 * (after[name] - before[name]) / max(votes, 1):.2f}" for name in before
    )
    print(f"    CPU ms per request: {parts}")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def seed_million_votes(participants: int, statements: int) -> str:
    """A dialog with participants × statements votes, written with COPY."""
    from django.db import connection

    from fellesloft.dialogs.models import Dialog, Participant, Statement

    slug = create_dialog(statements)
    dialog = Dialog.objects.get(slug=slug)
    Participant.objects.bulk_create(
        [Participant(dialog=dialog) for _ in range(participants)], batch_size=5000
    )
    participant_ids = list(dialog.participants.values_list("pk", flat=True))
    statement_ids_ = list(Statement.objects.filter(dialog=dialog).values_list("pk", flat=True))
    rng = random.Random(1)
    now = "2026-01-01 12:00:00+00"
    with connection.cursor() as cursor:
        raw = cursor.connection
        with (
            raw.cursor() as copy_cursor,
            copy_cursor.copy(
                "COPY dialogs_vote (dialog_id, participant_id, statement_id, value, created_at, "
                "updated_at) FROM STDIN"
            ) as copy,
        ):
            for number, participant_id in enumerate(participant_ids):
                camp = number % 2
                for index, statement_id in enumerate(statement_ids_):
                    lean = 0.8 if index % 2 == camp else 0.25
                    roll = rng.random()
                    value = 1 if roll < lean else (0 if roll < lean + 0.1 else -1)
                    copy.write_row((dialog.pk, participant_id, statement_id, value, now, now))
    return slug


async def _health_client(deadline: float, answered: list) -> None:
    connection = Connection()
    while time.perf_counter() < deadline:
        status, _ = await connection.request("GET", "/healthz")
        answered.append(status)


async def _health_load(participants: int, seconds: float) -> tuple[float, list]:
    answered: list = []
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*[_health_client(deadline, answered) for _ in range(participants)])
    return time.perf_counter() - started, answered


def disk_sync_probe(seconds: float = 10) -> None:
    """The tail of this machine's disk flushes (8 kB written and fdatasync'ed, as a commit's
    WAL flush): a vote is acknowledged only once its commit is on disk, so a flush that stalls
    stalls every vote in flight, whatever the application does."""
    latencies = []
    with tempfile.NamedTemporaryFile(dir=tempfile.gettempdir()) as probe:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            os.pwrite(probe.fileno(), b"x" * 8192, 0)
            os.fdatasync(probe.fileno())
            latencies.append(time.perf_counter() - started)
            time.sleep(0.002)
    median, tail = (1000 * percentile(latencies, share) for share in (0.5, 0.999))
    print(
        f"  disk flushes (fdatasync, {len(latencies)} in {seconds:.0f} s): median {median:.2f} ms, "
        f"p99.9 {tail:.1f} ms, max {1000 * max(latencies):.0f} ms, over 100 ms: "
        f"{sum(1 for latency in latencies if latency > 0.1)}"
    )


def reference_run(args) -> float:
    """The reference: /healthz (one database query through the whole Django stack) as fast
    as the same server answers the same number of clients – the floor of a request here."""
    cpu_before = cpu_by_part(*args.pids)
    elapsed, answered = asyncio.run(_health_load(args.participants, args.seconds))
    cpu_after = cpu_by_part(*args.pids)
    rate = sum(1 for status in answered if status == 200) / elapsed
    print(f"  reference, GET /healthz (closed loop): {rate:.0f} requests/s")
    print_cpu_split(cpu_before, cpu_after, len(answered))
    return rate


def vote_run(label: str, args, *, rate: float | None) -> tuple[bool, float, float]:
    """One load run on a fresh dialog; prints throughput, latency and the stored-vote check."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from fellesloft.dialogs.models import Analysis, Vote, VoteEvent
    from fellesloft.dialogs.tasks import DEBOUNCE_SECONDS

    slug = create_dialog(args.statements)
    analysis_since = timezone.now()
    elapsed, cpu_before, cpu_after, latencies, acknowledged, errors = asyncio.run(
        load(slug, statement_ids(slug), args.participants, args.seconds, args.pids, rate)
    )
    stored = Vote.objects.filter(dialog__slug=slug).count()
    events = VoteEvent.objects.filter(dialog__slug=slug).count()
    # Sustained rate: from the first to the last acknowledged vote (joining is not voting).
    window = max(acknowledged) - min(acknowledged) if len(acknowledged) > 1 else elapsed
    throughput = len(acknowledged) / window
    print(f"  {label}:")
    print(
        f"    acknowledged (201): {len(acknowledged)}  errors: {len(errors)} "
        f"{sorted(set(map(str, errors)))[:5]}"
    )
    print(f"    throughput: {throughput:.0f} votes/s over {window:.1f} s")
    p99 = percentile(latencies, 0.99) if latencies else float("inf")
    if latencies:
        print(
            "    latency ms: p50 {:.1f}  p95 {:.1f}  p99 {:.1f}  max {:.1f}".format(
                *(1000 * percentile(latencies, q) for q in (0.5, 0.95, 0.99, 1.0))
            )
        )
    print_cpu_split(cpu_before, cpu_after, len(acknowledged))
    same = stored == len(acknowledged) == events
    if args.task_worker:
        time.sleep(DEBOUNCE_SECONDS + 3)  # the last analysis (the worker polls each second)
        analysis = Analysis.objects.filter(dialog__slug=slug).first()
        computed = DBTaskResult.objects.filter(
            task_path__endswith="recompute_analysis", finished_at__gte=analysis_since
        ).count()
        print(
            f"    analyses by the task worker meanwhile: {computed}, the last of "
            f"{analysis.votes_counted if analysis else 0} votes"
        )
    print(
        f"    stored votes: {stored}  vote events: {events}  "
        + ("OK: stored == acknowledged" if same else "MISMATCH")
    )
    return same, throughput, p99


def server_command(args) -> list[str]:
    if args.server == "granian":
        return [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--workers",
            str(args.workers),
            "--blocking-threads",
            str(args.threads),
            "--log-level",
            "warning",
            "fellesloft.wsgi:application",
        ]
    return [  # the project's gunicorn.conf.py (ASGI worker), with the sizes given here
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--statements", type=int, default=500)
    parser.add_argument("--server", choices=["gunicorn", "granian"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=12)
    parser.add_argument("--rate", type=float, default=1100, help="votes/s of the paced run")
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/15",
        help="the cache (rate limits) as in production; empty: each process's memory",
    )
    parser.add_argument(
        "--no-task-worker",
        dest="task_worker",
        action="store_false",
        help="without the task worker that recomputes the analysis during the runs",
    )
    parser.add_argument("--million-participants", type=int, default=10_000)
    parser.add_argument("--million-statements", type=int, default=100)
    args = parser.parse_args()

    psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    psql(f"CREATE DATABASE {DB_NAME}")
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "FELLESLOFT_DATA_DIR": str(Path(tempfile.gettempdir()) / "fellesloft-bench-dialogs"),
        "LOG_LEVEL": "WARNING",
        "TRUSTED_PROXY_COUNT": "1",  # the clients send X-Forwarded-For as a proxy would
        "WEB_THREADS": str(args.threads),  # Django's threads per process (gunicorn.conf.py)
        "REDIS_URL": args.redis,
    }
    os.environ.update(env)
    subprocess.run(["fellesloft", "migrate", "-v0"], check=True, env=env)
    setup_django()
    server = subprocess.Popen(server_command(args), env=env, cwd=ROOT, start_new_session=True)
    # The analyses are recomputed meanwhile, as in production (README: db_worker beside).
    worker = (
        subprocess.Popen(
            ["fellesloft", "db_worker", "--no-reload", "--no-startup-delay", "-v0"], env=env
        )
        if args.task_worker
        else None
    )
    args.pids = (server.pid, worker.pid if worker else None)
    met = False
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        print(
            f"Votes: {args.participants} concurrent participants, {args.server}, {args.workers} "
            f"workers ({args.threads} threads for Django each), {args.seconds:.0f} s per run, "
            f"task worker {'on' if args.task_worker else 'off'}, cache {args.redis or 'memory'}"
        )
        disk_sync_probe()
        reference = reference_run(args)
        verdicts = [
            vote_run("as fast as the server answers (closed loop)", args, rate=None),
            vote_run(f"paced at {args.rate:.0f} votes/s (open loop)", args, rate=args.rate),
        ]
        print(
            f"  votes/s (closed loop) against /healthz requests/s: {verdicts[0][1] / reference:.2f}"
        )

        million = seed_million_votes(args.million_participants, args.million_statements)
        from fellesloft.dialogs.analysis import compute_analysis
        from fellesloft.dialogs.models import Dialog

        dialog = Dialog.objects.get(slug=million)
        started = time.perf_counter()
        analysis = compute_analysis(dialog_id=dialog.pk, phase="")
        print(f"Results page: dialog with {analysis.votes_counted} votes")
        print(
            f"  background analysis: {time.perf_counter() - started:.1f} s "
            f"({len(analysis.summary['groups'])} groups)"
        )
        url = f"http://127.0.0.1:{PORT}/dialoger/{million}/resultater/"
        timings = []
        for _ in range(30):
            started = time.perf_counter()
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read()
                assert response.status == 200 and b"Sist oppdatert" in body
            timings.append(time.perf_counter() - started)
        print(
            f"  response ms: median {1000 * statistics.median(timings):.1f}  "
            f"p95 {1000 * percentile(timings, 0.95):.1f}  max {1000 * max(timings):.1f}  "
            f"({len(body) // 1024} kB)"
        )
        same, throughput, p99 = verdicts[1]
        met = (
            all(verdict[0] for verdict in verdicts)
            and throughput >= TARGET_VOTES_PER_SECOND
            and p99 <= TARGET_P99_SECONDS
            and percentile(timings, 0.95) <= 0.200
        )
        print(
            f"Targets (paced: ≥ {TARGET_VOTES_PER_SECOND} votes/s sustained with p99 ≤ 100 ms; "
            "every acknowledged vote stored; results page ≤ 200 ms): "
            f"{'met' if met else 'NOT met'}; "
            f"load average {' '.join(f'{value:.1f}' for value in os.getloadavg())}"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
