"""Background work: the analysis is recomputed after new votes, debounced per dialog.

The first vote after a quiet spell schedules one task `DEBOUNCE_SECONDS` ahead (where the
backend can defer) and leaves a mark in the cache for `MARK_SECONDS`; later votes ride along
with that task while the mark lasts. The mark expires by itself – nothing has to clear it –
before the task may start, so every vote that rode along was stored before the computation
began and is counted by it, whether or not the web process and the worker share a cache (the
memory cache of `make run` is each process's own). A vote after the mark schedules the next
task. A task that finds a computation which began after its own start time skips: that one saw
everything it was scheduled for (several web processes may schedule one each, and a worker
that fell behind finds a backlog). The margin between the mark and the start time allows for
the clocks of web and worker machines to differ by up to a second.

The services ask for this work by signals (signals.py), since the tasks call the services: the
receivers at the end of this module enqueue it. The app's ready() loads this module.
"""

import logging
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from fellesloft.dialogs import analysis as dialog_analysis
from fellesloft.dialogs import notices, services, signals
from fellesloft.dialogs.models import Analysis
from fellesloft.operations.scheduler import periodic

logger = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 3
MARK_SECONDS = 2


def _queued_key(dialog_id: int, phase: str) -> str:
    return f"dialogs:analysis-queued:{dialog_id}:{phase}"


def schedule_analysis(*, dialog_id: int, phase: str) -> bool:
    """Enqueues a recompute unless one is already waiting. Returns whether it enqueued."""
    runner = recompute_analysis
    start = timezone.now()
    if runner.get_backend().supports_defer:
        if not cache.add(_queued_key(dialog_id, phase), 1, timeout=MARK_SECONDS):
            return False
        start += timedelta(seconds=DEBOUNCE_SECONDS)
        runner = runner.using(run_after=start)
    try:
        runner.enqueue(dialog_id=dialog_id, phase=phase, start=start.timestamp())
    except Exception:
        # The vote is stored already; a failed enqueue must not turn it into an error.
        cache.delete(_queued_key(dialog_id, phase))
        logger.exception("Could not schedule the analysis of dialog %s", dialog_id)
        return False
    return True


@task()
def recompute_analysis(*, dialog_id: int, phase: str, start: float | None = None) -> int:
    """The number of votes counted. `start` (a Unix time): when the task was scheduled to
    start; a computation that began since then has counted what the task was scheduled for."""
    if start is not None:
        since = datetime.fromtimestamp(start, tz=UTC)
        done = Analysis.objects.filter(dialog_id=dialog_id, phase=phase, computed_at__gte=since)
        counted = done.values_list("votes_counted", flat=True).first()
        if counted is not None:
            return counted
    analysis = dialog_analysis.compute_analysis(dialog_id=dialog_id, phase=phase)
    return analysis.votes_counted if analysis else 0


def schedule_purge(*, run_after: datetime) -> bool:
    if not purge_participant_data.get_backend().supports_defer:
        return False  # e.g. the immediate backend: the daily command covers it
    try:
        purge_participant_data.using(run_after=run_after).enqueue()
    except Exception:
        logger.exception("Could not schedule the purge of participant data")
        return False
    return True


@periodic(
    every=timedelta(minutes=5),
    description=_("varsler følgerne når en dialog åpner eller stenger på dato"),
)
@task()
def announce_opening_and_closing() -> int:
    """Tells the followers of dialogs that opened or closed by their dates (the clock)."""
    return services.dialogs_announce_opening_and_closing()


@periodic(
    every=timedelta(hours=1), description=_("påminner moderatorene om utsagn som har ventet lenge")
)
@task()
def remind_moderators() -> int:
    """Reminds the facilitators of statements that have waited too long (the clock)."""
    return services.dialogs_remind_moderators()


# Each close already schedules its own purge (`schedule_purge`); this catches one that was lost.
@periodic(
    every=timedelta(days=1), description=_("sletter deltakeropplysninger når lagringstiden er ute")
)
@task()
def purge_participant_data() -> int:
    return services.participants_purge_expired()


@task()
def send_outcome_emails(*, dialog_id: int) -> int:
    """E-mails the participants who asked to hear what came of the dialog (`notices`)."""
    return notices.send_dialog_outcome_news(dialog_id=dialog_id)


@receiver(signals.outcomes_changed, dispatch_uid="dialogs.tasks.send_outcome_emails")
def _on_outcomes_changed(sender, *, dialog_id: int, **kwargs) -> None:
    try:
        send_outcome_emails.enqueue(dialog_id=dialog_id)
    except Exception:
        # The outcome is stored; the next change or the results going public sends the news.
        logger.exception("Could not schedule the outcome e-mails of dialog %s", dialog_id)


@receiver(signals.analysis_requested, dispatch_uid="dialogs.tasks.schedule_analysis")
def _on_analysis_requested(sender, *, dialog_id: int, phase: str, **kwargs) -> None:
    schedule_analysis(dialog_id=dialog_id, phase=phase)


@receiver(signals.purge_due, dispatch_uid="dialogs.tasks.schedule_purge")
def _on_purge_due(sender, *, run_after: datetime, **kwargs) -> None:
    schedule_purge(run_after=run_after)
