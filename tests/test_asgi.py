"""`gunicorn.conf.py` as production runs it: gunicorn's ASGI worker serving `fellesloft/asgi.py`
on the test database, spoken to over HTTP. The intake's own tests (`dialogs/test_intake.py`)
cover each case; this one shows the real server puts the parts together."""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from fellesloft.dialogs.models import Vote, VoteEvent
from tests.dialogs.helpers import make_dialog

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.django_db(transaction=True)  # the server must see the dialog


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    """(status, headers, body) of one request to the server on `port`."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        client.request(
            method,
            path,
            body=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        answer = client.getresponse()
        return answer.status, answer.headers, answer.read()
    finally:
        client.close()


def start_gunicorn(port: int, env: dict, headers=None) -> subprocess.Popen:
    """gunicorn with `gunicorn.conf.py` on `port`, one worker, once it answers (or has ended)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its worker is stopped with it (`stop_process`)
    )
    for _ in range(150):
        try:
            request(port, "GET", "/healthz", headers=headers)
            break
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    return process


def stop_process(process: subprocess.Popen) -> None:
    """Stop a server started in its own session, its workers with it, before the test database
    is dropped: a worker left behind keeps a connection open, and PostgreSQL refuses the drop."""
    with contextlib.suppress(ProcessLookupError):  # the whole group, even after its leader
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "FELLESLOFT_ENV"}
    }
    env.update(DATABASE_URL=database_url(), FELLESLOFT_DATA_DIR=str(tmp_path), WEB_THREADS="2")
    process = start_gunicorn(port, env)
    yield port, process
    stop_process(process)


def test_gunicorn_serves_votes_on_the_event_loop_and_the_rest_through_django(world, server):
    port, process = server
    assert process.poll() is None, process.stdout.read().decode()
    dialog = make_dialog(world)
    statement = dialog.statements.first().pk

    status, _headers, body = request(
        port, "POST", f"/api/v1/dialogs/{dialog.slug}/participants", {}
    )
    assert status == 201
    token = {"X-Participant-Token": json.loads(body)["token"]}
    vote = {"statement": statement, "vote": "agree"}
    path = f"/api/v1/dialogs/{dialog.slug}/votes"

    status, headers, body = request(port, "POST", path, vote, token)  # the event loop's lane
    assert (status, json.loads(body)) == (201, {**vote, "changed": True})
    assert headers["X-Frame-Options"] == "DENY"
    status, _headers, body = request(port, "POST", path, vote, token)  # Django: unchanged
    assert (status, json.loads(body)["changed"]) == (201, False)
    status, _headers, body = request(port, "POST", path, vote)  # Django: no token
    assert (status, json.loads(body)["error"]["code"]) == (401, "missing_token")
    status, _headers, body = request(port, "GET", f"/dialoger/{dialog.slug}/")
    assert status == 200 and dialog.title.encode() in body

    process.send_signal(signal.SIGTERM)  # a graceful stop: the writer ends with the worker
    assert process.wait(30) == 0
    output = process.stdout.read().decode()
    assert "Using worker: asgi" in output and "Traceback" not in output, output
    assert "Control socket" not in output
    assert Vote.objects.filter(dialog=dialog).count() == 1
    assert VoteEvent.objects.filter(dialog=dialog).count() == 1
