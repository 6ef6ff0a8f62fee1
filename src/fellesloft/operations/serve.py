"""`make serve`: what production runs – gunicorn (`gunicorn.conf.py`: the ASGI worker) and the
background worker (`fellesloft worker`: django-tasks' db_worker with the clock that queues the
periodic jobs) – started, watched and stopped as one service.

    python -m fellesloft.operations.serve [GUNICORN OPTIONS …]

Settings come from the environment and from the env file (`fellesloft/envfile.py`: ENV_FILE,
otherwise `.env` in the working directory), passed on to both.

SIGTERM, SIGINT (Ctrl+C) or SIGHUP stops both gracefully (SIGTERM, then SIGKILL after
STOP_SECONDS) and exits 0. When one of them ends by itself, the other is stopped and the exit
status is not 0. Each runs in a process group of its own, so the terminal's Ctrl+C reaches
only this process, which stops them in order, and the group is swept after each (gunicorn's
workers with their master); on Linux they are also sent SIGTERM should this process be killed
outright, so none is left behind.

No Django here: the settings are read by the two processes, from the environment built here.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from fellesloft.envfile import EnvFileMissing, environment

# gunicorn's graceful_timeout is 30 s; the worker finishes the task it is running.
STOP_SECONDS = 40
PR_SET_PDEATHSIG = 1
NAMES = {"web": "webtjenesten (gunicorn)", "worker": "bakgrunnsarbeideren (worker)"}


def commands(gunicorn_arguments: list[str]) -> dict[str, list[str]]:
    return {
        "web": [sys.executable, "-m", "gunicorn", *gunicorn_arguments],
        "worker": [sys.executable, "-m", "fellesloft", "worker", "--no-reload"],
    }


def _child_setup(parent: int):
    def setup() -> None:
        if sys.platform.startswith("linux"):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return setup


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def _has_ended(process: subprocess.Popen) -> bool:
    """Whether it ended, without reaping it: its process group stays reserved until it is
    swept (a reaped leader's group id could be taken by another process)."""
    if process.returncode is not None:
        return True
    return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def stop(processes: dict[str, subprocess.Popen]) -> None:
    """SIGTERM to each that runs, then SIGKILL to what is left of its process group (all of
    it after STOP_SECONDS), then reaps it."""
    running = [process for process in processes.values() if process.returncode is None]
    for process in running:
        if not _has_ended(process):
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for process in running:
        while not _has_ended(process) and time.monotonic() < deadline:
            time.sleep(0.1)
        _signal_group(process, signal.SIGKILL)
        process.wait()


def serve(gunicorn_arguments: list[str], *, cwd: Path | None = None) -> int:
    cwd = cwd or Path.cwd()
    env = environment(dict(os.environ), cwd)
    requested: list[int] = []

    def request_stop(signum, _frame) -> None:
        requested.append(signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, request_stop)
    processes: dict[str, subprocess.Popen] = {}
    try:
        for name, command in commands(gunicorn_arguments).items():
            processes[name] = subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                process_group=0,
                preexec_fn=_child_setup(os.getpid()),  # no threads here
            )
        print(
            f"Fellesløft: {NAMES['web']} har pid {processes['web'].pid}, {NAMES['worker']} "
            f"pid {processes['worker'].pid}. Stopp med Ctrl+C eller SIGTERM.",
            file=sys.stderr,
            flush=True,
        )
        while not requested:
            ended = [name for name, process in processes.items() if _has_ended(process)]
            if ended:
                name = ended[0]
                others = [NAMES[other] for other in processes if other != name]
                print(
                    f"Fellesløft: {NAMES[name]} stoppet uventet; stopper {' og '.join(others)}.",
                    file=sys.stderr,
                    flush=True,
                )
                stop(processes)
                code = processes[name].returncode
                print(f"Fellesløft er stoppet ({NAMES[name]}: kode {code}).", file=sys.stderr)
                return code if code and code > 0 else 1
            time.sleep(0.2)
    finally:
        stop(processes)
    print("Fellesløft er stoppet.", file=sys.stderr, flush=True)
    return 0


def main() -> None:
    try:
        sys.exit(serve(sys.argv[1:]))
    except EnvFileMissing as error:
        print(f"Fellesløft: {error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
