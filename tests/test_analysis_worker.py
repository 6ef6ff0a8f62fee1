"""The analysis after votes as `make run` runs it: a web process (gunicorn, as production) and
`fellesloft db_worker` beside it, on the test database, each with its own memory cache – the
debounce of the recompute must hold across processes that share nothing but the database."""

import json
import os
import subprocess
import sys
import time

import pytest

from fellesloft.dialogs.models import Analysis, Vote
from fellesloft.dialogs.tasks import DEBOUNCE_SECONDS
from tests.dialogs.helpers import make_dialog
from tests.test_asgi import ROOT, database_url, free_port, request, stop_process

pytestmark = pytest.mark.django_db(transaction=True)  # the processes must see the dialog

WORKER_POLL_SECONDS = 1  # db_worker's default interval
# A vote is counted by a computation that starts at most DEBOUNCE_SECONDS after it (and the
# worker's poll); some seconds more for the computation itself on a busy test machine (the
# defect this guards against left votes uncounted for two minutes).
PROMISED_SECONDS = DEBOUNCE_SECONDS + WORKER_POLL_SECONDS + 8


@pytest.fixture
def web_and_worker(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "FELLESLOFT_ENV",
            "REDIS_URL",
            "TASKS_BACKEND",
        }
    }
    env.update(DATABASE_URL=database_url(), FELLESLOFT_DATA_DIR=str(tmp_path), WEB_THREADS="2")
    port = free_port()
    logs = {name: (tmp_path / f"{name}.log").open("wb") for name in ("web", "worker")}
    commands = {
        "web": [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        "worker": [sys.executable, "-m", "fellesloft", "db_worker", "--no-reload"],
    }
    processes = {
        name: subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=logs[name],
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for name, command in commands.items()
    }
    for _ in range(150):
        try:
            request(port, "GET", "/healthz")
            break
        except OSError:
            if processes["web"].poll() is not None:
                break
            time.sleep(0.1)
    yield port, processes, tmp_path
    for process in processes.values():
        stop_process(process)
    for log in logs.values():
        log.close()


def _counted(dialog) -> int:
    return Analysis.objects.filter(dialog=dialog).values_list("votes_counted", flat=True).first()


def _wait_until_counted(dialog, votes: int, *, since: float, logs) -> float:
    """Seconds from `since` until the analysis counts `votes` votes; fails after the promise."""
    while time.monotonic() - since < PROMISED_SECONDS:
        if _counted(dialog) == votes:
            return time.monotonic() - since
        time.sleep(0.1)
    output = "\n".join((logs / f"{name}.log").read_text() for name in ("web", "worker"))
    pytest.fail(
        f"{_counted(dialog)} of {votes} votes counted {PROMISED_SECONDS} s after the last\n{output}"
    )


def test_every_vote_is_counted_within_seconds_across_web_process_and_worker(world, web_and_worker):
    port, processes, logs = web_and_worker
    assert processes["web"].poll() is None, (logs / "web.log").read_text()
    dialog = make_dialog(world)
    statements = list(dialog.statements.values_list("pk", flat=True))
    tokens = []
    for _ in range(8):
        status, _headers, body = request(
            port, "POST", f"/api/v1/dialogs/{dialog.slug}/participants", {}
        )
        assert status == 201, body
        tokens.append({"X-Participant-Token": json.loads(body)["token"]})
    path = f"/api/v1/dialogs/{dialog.slug}/votes"

    def vote(token, statement, value="agree") -> None:
        status, _headers, body = request(
            port, "POST", path, {"statement": statement, "vote": value}, token
        )
        assert status == 201, body

    # The first burst, then a second one once its analysis is in: the web process's mark
    # must not hold the next recompute back (it did for 120 s).
    for statement in statements:
        vote(tokens[0], statement)
    _wait_until_counted(dialog, len(statements), since=time.monotonic(), logs=logs)
    for statement in statements:
        vote(tokens[1], statement, "disagree")
    _wait_until_counted(dialog, 2 * len(statements), since=time.monotonic(), logs=logs)

    # A round of votes each second for six seconds: before, during and after the computations
    # they set off. The last of them are counted within the promise too.
    for token in tokens[2:]:
        for statement in statements:
            vote(token, statement, "pass")
        time.sleep(1)
    last_vote = time.monotonic()
    stored = Vote.objects.filter(dialog=dialog).count()
    assert stored == len(tokens) * len(statements)
    _wait_until_counted(dialog, stored, since=last_vote, logs=logs)
    for process in processes.values():
        assert process.poll() is None
    assert "Traceback" not in (logs / "worker.log").read_text()
