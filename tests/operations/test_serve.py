"""`make serve` as production runs it: gunicorn and the background worker on the test database
and Redis, with the settings from an env file; it serves pages, the worker does the work a
vote asks for, and it stops – by SIGTERM, Ctrl+C or because one of the two died – with no
process left behind."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fellesloft.dialogs.models import Analysis
from tests.dialogs.helpers import make_dialog
from tests.test_analysis_worker import PROMISED_SECONDS
from tests.test_asgi import database_url, free_port, request

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
# What the test runner's environment must not hand the server: the env file says it.
NOT_PASSED_ON = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "FELLESLOFT_ENV",
    "TASKS_BACKEND",
    "DATABASE_URL",
    "REDIS_URL",
    "FELLESLOFT_DATA_DIR",
    "SITE_URL",
    "HOST",
    "PORT",
    "ENV_FILE",
}

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the server must see the test's rows
    pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make"),
]


@pytest.fixture
def redis_url():
    host, port = REDIS_URL.split("//")[1].split("/")[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis does not answer on {REDIS_URL}, and CI=true needs it")
        pytest.skip(f"Redis does not answer on {REDIS_URL}")
    return REDIS_URL


def session_processes(session: int) -> dict[int, tuple[int, str]]:
    """pid: (parent pid, command line) of every process in the session `make serve` was
    started in."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # ended meanwhile
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session and fields[0] != "Z":
            found[int(entry.name)] = (int(fields[1]), command)
    return found


@pytest.fixture
def make_serve(tmp_path, redis_url):
    """Starts `make serve` with an env file; yields (process, port, log), stops what is left."""
    port = free_port()
    env_file = tmp_path / "fellesloft.env"
    env_file.write_text(
        "# Fellesløft, as in /etc/fellesloft/env\n"
        f"DATABASE_URL={database_url()}\n"
        f"REDIS_URL={redis_url}\n"
        f"FELLESLOFT_DATA_DIR={tmp_path / 'data'}\n"
        "WEB_CONCURRENCY=1\n"
        "WEB_THREADS=2\n"
        # Taken as written, not run by a shell: $, &, quotes and spaces stay.
        'SECRET_KEY=utvikling$(touch should-not-exist)&"ikke hemmelig" nok\n'
    )
    env = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_ON}
    env["ENV_FILE"] = str(env_file)
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "-o", "install", "serve", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a session of its own: every process it starts is in it
        )
    for _ in range(1200):  # a busy test machine starts gunicorn slowly
        try:
            request(port, "GET", "/healthz")
            break
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    yield process, port, log_path
    for pid in session_processes(process.pid):
        os.kill(pid, signal.SIGKILL)
    process.wait(10)
    assert not (ROOT / "should-not-exist").exists()


def the_two(process) -> dict[str, int]:
    processes = session_processes(process.pid)
    found = {}
    for pid, (_parent, command) in processes.items():
        if "fellesloft.operations.serve" in command and "python" in command.split()[0]:
            found["serve"] = pid
        elif "fellesloft worker" in command:
            found["worker"] = pid
    for pid, (parent, command) in processes.items():
        if "-m gunicorn" in command:
            found["gunicorn" if parent == found.get("serve") else "gunicorn_worker"] = pid
    return found


def wait_until_all_gone(process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while session_processes(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert session_processes(process.pid) == {}


def test_make_serve_serves_runs_the_tasks_and_stops_cleanly_on_sigterm(world, make_serve):
    process, port, log = make_serve
    assert process.poll() is None, log.read_text()
    running = the_two(process)
    assert set(running) == {"serve", "worker", "gunicorn", "gunicorn_worker"}, running

    dialog = make_dialog(world)
    status, _headers, body = request(port, "GET", f"/dialoger/{dialog.slug}/")
    assert status == 200 and dialog.title.encode() in body  # the env file's database
    # A vote asks the background worker for the dialog's analysis.
    status, _headers, body = request(
        port, "POST", f"/api/v1/dialogs/{dialog.slug}/participants", {}
    )
    assert status == 201, body
    token = {"X-Participant-Token": json.loads(body)["token"]}
    statement = dialog.statements.first().pk
    vote = {"statement": statement, "vote": "agree"}
    status, _headers, body = request(
        port, "POST", f"/api/v1/dialogs/{dialog.slug}/votes", vote, token
    )
    assert status == 201, body
    deadline = time.monotonic() + PROMISED_SECONDS
    while time.monotonic() < deadline:
        counted = Analysis.objects.filter(dialog=dialog).values_list("votes_counted", flat=True)
        if list(counted) == [1]:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"the worker did not compute the analysis\n{log.read_text()}")

    os.kill(running["serve"], signal.SIGTERM)  # as `kill`, or systemd, stops the service
    assert process.wait(60) == 0, log.read_text()
    wait_until_all_gone(process)
    output = log.read_text()
    assert "Fellesløft er stoppet." in output and "Traceback" not in output, output
    assert "Shutting down: Master" in output  # gunicorn's graceful stop


@pytest.mark.parametrize("stopped_by", ["Ctrl+C", "SIGTERM to make"])
def test_make_serve_stops_both_on_ctrl_c_and_on_sigterm_to_make(world, make_serve, stopped_by):
    process, _port, log = make_serve
    assert {"serve", "worker", "gunicorn"} <= set(the_two(process)), log.read_text()
    if stopped_by == "Ctrl+C":  # the terminal sends SIGINT to its foreground process group
        os.killpg(process.pid, signal.SIGINT)
        expected = -signal.SIGINT  # make reports the interrupt as make does
    else:
        process.send_signal(signal.SIGTERM)
        expected = -signal.SIGTERM
    assert process.wait(60) == expected, log.read_text()
    wait_until_all_gone(process)
    output = log.read_text()
    assert "Fellesløft er stoppet." in output and "Traceback" not in output, output


@pytest.mark.parametrize("dies", ["worker", "gunicorn"])
def test_when_one_of_the_two_dies_the_other_is_stopped_and_make_fails(world, make_serve, dies):
    process, _port, log = make_serve
    running = the_two(process)
    assert {"serve", "worker", "gunicorn"} <= set(running), log.read_text()
    victim = running[dies]  # gunicorn: its master
    os.kill(victim, signal.SIGKILL)
    assert process.wait(60) not in (0, None), log.read_text()
    wait_until_all_gone(process)
    assert "stoppet uventet" in log.read_text()


def test_a_missing_env_file_is_named(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_ON}
    env["ENV_FILE"] = str(tmp_path / "finnes-ikke.env")
    done = subprocess.run(
        ["make", "--no-print-directory", "-o", "install", "serve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert f"Fant ikke miljøfilen {tmp_path / 'finnes-ikke.env'}" in done.stderr


def test_every_fellesloft_command_reads_the_env_file_and_the_environment_wins(tmp_path):
    env_file = tmp_path / "fellesloft.env"
    env_file.write_text(
        "SITE_URL=https://fra-fila.example\nLOG_LEVEL=WARNING\nSECRET_KEY=a$b&'c d'\n"
    )
    env = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_ON}
    env.update(
        ENV_FILE=str(env_file), LOG_LEVEL="ERROR", FELLESLOFT_DATA_DIR=str(tmp_path / "data")
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "fellesloft",
            "shell",
            "-c",
            "import os; from django.conf import settings; "
            "print(settings.SITE_URL, os.environ['LOG_LEVEL'], settings.SECRET_KEY)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "https://fra-fila.example ERROR a$b&'c d'"
