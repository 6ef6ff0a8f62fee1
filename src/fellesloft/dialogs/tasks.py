"""Background work: the analysis is recomputed after new votes, debounced per dialog.

The first vote after a quiet spell schedules one task `DEBOUNCE_SECONDS` ahead (where the
backend can defer) and later votes ride along with it; the task clears the mark when it starts,
so votes arriving during a computation schedule the next one. Pages never compute.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 2
# If no worker picks the task up, a new one may be scheduled after this long.
QUEUED_MARK_TIMEOUT = 120


def _queued_key(dialog_id: int, phase: str) -> str:
    return f"dialogs:analysis-queued:{dialog_id}:{phase}"


def schedule_analysis(*, dialog_id: int, phase: str) -> bool:
    """Enqueues a recompute unless one is already waiting. Returns whether it enqueued."""
    if not cache.add(_queued_key(dialog_id, phase), 1, timeout=QUEUED_MARK_TIMEOUT):
        return False
    runner = recompute_analysis
    if runner.get_backend().supports_defer:
        runner = runner.using(run_after=timezone.now() + timedelta(seconds=DEBOUNCE_SECONDS))
    try:
        runner.enqueue(dialog_id=dialog_id, phase=phase)
    except Exception:
        # The vote is stored already; a failed enqueue must not turn it into an error.
        cache.delete(_queued_key(dialog_id, phase))
        logger.exception("Could not schedule the analysis of dialog %s", dialog_id)
        return False
    return True


@task()
def recompute_analysis(*, dialog_id: int, phase: str) -> int:
    from fellesloft.dialogs.analysis import compute_analysis

    cache.delete(_queued_key(dialog_id, phase))
    analysis = compute_analysis(dialog_id=dialog_id, phase=phase)
    return analysis.votes_counted if analysis else 0


@task()
def purge_participant_data() -> int:
    from fellesloft.dialogs.services import participants_purge_expired

    return participants_purge_expired()
