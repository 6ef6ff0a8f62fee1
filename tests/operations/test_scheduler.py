"""The clock of periodic jobs: each job queued when due, once between several callers, the
time kept in the database; the worker command runs it beside the tasks."""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from fellesloft.operations import scheduler
from fellesloft.operations.management.commands import worker
from fellesloft.operations.models import ScheduledRun

pytestmark = pytest.mark.django_db

EXPECTED_JOBS = {
    "accounts.purge_login_records",
    "barriers.follow_up_reminders",
    "dialogs.announce_opening_and_closing",
    "dialogs.purge_participant_data",
    "dialogs.remind_moderators",
    "learning.weekly_digests",
    "mission.ssb_import",
}


class CountingTask:
    def __init__(self, fails: bool = False):
        self.runs = 0
        self.fails = fails

    def enqueue(self):
        if self.fails:
            raise RuntimeError("the queue is away")
        self.runs += 1


@pytest.fixture
def two_jobs(monkeypatch):
    hourly, daily = CountingTask(), CountingTask()
    jobs = [
        scheduler.Periodic("test.hourly", hourly, every=timedelta(hours=1)),
        scheduler.Periodic("test.daily", daily, every=timedelta(days=1)),
    ]
    monkeypatch.setattr(scheduler, "jobs", lambda: jobs)
    return hourly, daily


def test_every_app_job_is_found_with_a_description():
    jobs = scheduler.jobs()
    assert {job.name for job in jobs} == EXPECTED_JOBS
    assert all(str(job.description) for job in jobs)


def test_a_job_is_queued_when_due_and_not_before(two_jobs):
    hourly, daily = two_jobs
    now = timezone.now()
    assert scheduler.queue_due_jobs(now) == ["test.hourly", "test.daily"]
    assert scheduler.queue_due_jobs(now + timedelta(minutes=59)) == []
    assert scheduler.queue_due_jobs(now + timedelta(hours=1)) == ["test.hourly"]
    assert scheduler.queue_due_jobs(now + timedelta(days=1)) == ["test.hourly", "test.daily"]
    assert (hourly.runs, daily.runs) == (3, 2)
    assert ScheduledRun.objects.get(name="test.daily").last_queued_at == now + timedelta(days=1)


def test_a_run_is_claimed_once_between_two_callers_that_read_the_same_time(two_jobs):
    hourly, _daily = two_jobs
    now = timezone.now()
    job = scheduler.jobs()[0]
    ScheduledRun.objects.create(name=job.name, last_queued_at=now - timedelta(hours=2))
    # Both read the old time; only the first UPDATE matches it.
    assert scheduler._claim(job, now) is True
    ScheduledRun.objects.filter(name=job.name).update(last_queued_at=now)
    assert scheduler._claim(job, now + timedelta(seconds=1)) is False
    stale = ScheduledRun.objects.filter(name=job.name, last_queued_at=now - timedelta(hours=2))
    assert stale.update(last_queued_at=now) == 0


def test_one_failing_job_does_not_keep_the_others_back(monkeypatch):
    broken, fine = CountingTask(fails=True), CountingTask()
    jobs = [
        scheduler.Periodic("test.broken", broken, every=timedelta(hours=1)),
        scheduler.Periodic("test.fine", fine, every=timedelta(hours=1)),
    ]
    monkeypatch.setattr(scheduler, "jobs", lambda: jobs)
    assert scheduler.queue_due_jobs() == ["test.fine"]
    assert fine.runs == 1


def test_two_jobs_with_one_name_are_refused(monkeypatch):
    job = scheduler.Periodic("test.same", CountingTask(), every=timedelta(hours=1))

    class Module:
        JOBS = [job, job]

    monkeypatch.setattr(scheduler, "app_plugins", lambda name: [(None, Module)])
    with pytest.raises(ValueError, match="test.same"):
        scheduler.jobs()


def test_the_command_queues_what_is_due_and_lists_the_jobs(two_jobs):
    out = io.StringIO()
    call_command("run_schedule", stdout=out)
    assert out.getvalue().strip() == "Satt i kø: test.hourly, test.daily"
    out = io.StringIO()
    call_command("run_schedule", stdout=out)
    assert out.getvalue().strip() == "Ingen jobber var forfalt."
    out = io.StringIO()
    call_command("run_schedule", "--list", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("test.hourly:  – hver 1:00:00, sist ")


@pytest.mark.django_db(transaction=True)
def test_the_clock_thread_queues_the_due_jobs_and_stops(two_jobs):
    hourly, daily = two_jobs
    clock = scheduler.Clock(interval=0.05)
    clock.start()
    deadline = time.monotonic() + 10
    while hourly.runs == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    clock.stop()
    clock.join(timeout=5)
    assert not clock.is_alive()
    assert (hourly.runs, daily.runs) == (1, 1)  # due once, however often the clock looks


def test_the_worker_command_starts_the_clock_unless_told_not_to(monkeypatch):
    started = []
    monkeypatch.setattr(worker.Clock, "start", lambda self: started.append(self))
    monkeypatch.setattr(worker.DatabaseWorkerCommand, "handle", lambda self, *a, **k: None)
    command = worker.Command()
    # The test settings run tasks at once (no database queue), so the options are passed as
    # the command line would give them.
    command.handle(reload=False, batch=False)
    assert len(started) == 1
    command.handle(reload=False, batch=False, no_clock=True)
    command.handle(reload=False, batch=True)
    assert len(started) == 1
    parser = command.create_parser("fellesloft", "worker")
    assert "--no-clock" in parser.format_help()
