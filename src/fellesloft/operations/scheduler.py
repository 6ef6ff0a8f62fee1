"""Periodic work: daily reminders, weekly digests, safety-net purges – queued by the clock in
the background worker (`fellesloft worker`), so nobody has to set up cron.

An app makes one of its tasks a job by decorating it with `@periodic(...)` in `<app>/tasks.py`,
which lists it in that module's `JOBS` (a list of `Periodic`), so the schedule stands next to
the work it starts. The clock asks `queue_due_jobs()` once a minute; a job is queued when
`every` has passed since it was last queued. The time is kept in the database (`ScheduledRun`)
and claimed with one conditional UPDATE, so several workers, or a worker and `fellesloft
run_schedule` from cron, queue each run once. A job is a task without arguments that checks its
own dates, so running it twice is harmless."""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db import connections
from django.utils import timezone

from fellesloft.core.plugins import app_plugins

logger = logging.getLogger(__name__)

CLOCK_SECONDS = 60


@dataclass(frozen=True)
class Periodic:
    name: str  # stable: the key of its row in ScheduledRun
    task: object  # a django_tasks Task that takes no arguments
    every: timedelta
    description: str = ""


def periodic(name: str = "", *, every: timedelta, description: str = ""):
    """Decorates a task (above its `@task()`) as a job: adds a `Periodic` to the `JOBS` of the
    task's module, where `jobs()` finds it. The name is `<app label>.<function name>` unless
    given; a job that keeps an older name gives it."""

    def register(task):
        module = task.func.__module__
        label = apps.get_containing_app_config(module).label
        job = Periodic(name or f"{label}.{task.func.__name__}", task, every, description)
        sys.modules[module].__dict__.setdefault("JOBS", []).append(job)
        return task

    return register


def jobs() -> list[Periodic]:
    found = [
        job
        for _config, module in app_plugins("tasks")
        for job in getattr(module, "JOBS", ())  # not every app's tasks run on a clock
    ]
    names = [job.name for job in found]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"Periodic jobs with the same name: {duplicates}")
    return found


def _claim(job: Periodic, now: datetime) -> bool:
    """True for the one caller that moves the job's time to `now` while it is due."""
    from fellesloft.operations.models import ScheduledRun

    run, _created = ScheduledRun.objects.get_or_create(name=job.name)
    last = run.last_queued_at
    if last is not None and last + job.every > now:
        return False
    return (
        ScheduledRun.objects.filter(name=job.name, last_queued_at=last).update(last_queued_at=now)
        == 1
    )


def queue_due_jobs(now: datetime | None = None) -> list[str]:
    """Queues every job that is due; returns their names. One job's failure is logged and
    does not keep the others back."""
    now = now or timezone.now()
    queued = []
    for job in jobs():
        try:
            if _claim(job, now):
                job.task.enqueue()
                queued.append(job.name)
        except Exception:
            logger.exception("Could not queue the periodic job %s", job.name)
    return queued


def schedule_overview(now: datetime | None = None) -> list[dict]:
    """Each job with when it was last queued and when it is next due (for the command)."""
    from fellesloft.operations.models import ScheduledRun

    now = now or timezone.now()
    last = dict(ScheduledRun.objects.values_list("name", "last_queued_at"))
    rows = []
    for job in jobs():
        previous = last.get(job.name)
        rows.append(
            {
                "name": job.name,
                "description": str(job.description),
                "every": job.every,
                "last_queued_at": previous,
                "next_due_at": (previous + job.every) if previous else now,
            }
        )
    return rows


class Clock(threading.Thread):
    """Runs beside the task worker's loop, in the same process, and stops with it."""

    def __init__(self, interval: float = CLOCK_SECONDS):
        super().__init__(name="fellesloft-clock", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                queued = queue_due_jobs()
                if queued:
                    logger.info("Queued periodic jobs: %s", ", ".join(queued))
            except Exception:  # the database may be away for a moment; try next minute
                logger.exception("The clock could not check the periodic jobs")
            finally:
                connections.close_all()  # this thread's own; none held while it sleeps
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
