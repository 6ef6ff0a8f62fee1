"""Background work for the mission: keeping SSB's figures fresh.

Every `SSB_IMPORT_EVERY_DAYS` days the task worker imports the presets in
`SSB_IMPORT_PRESETS` from SSB's API (services.preset_import). Each import is recorded
(ImportRun, trigger «scheduled»), failed ones too with the reason, and a failed one has changed
nothing; it is tried again after a day.

What starts it: a login (at most once an hour per process, like the other daily tasks) queues
the task when an import is due; a task that imported queues the next one
`SSB_IMPORT_EVERY_DAYS` ahead when the backend can defer tasks (the database backend of
`fellesloft db_worker` can). A task that finds nothing due does nothing, so extra triggers are
harmless. `fellesloft indicators refresh` runs it at once (for cron, or by hand).
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from fellesloft.core.exceptions import ServiceError

logger = logging.getLogger(__name__)

CHECK_MARK = "mission:ssb-import-check"
RETRY_AFTER_FAILURE = timedelta(days=1)


def interval() -> timedelta | None:
    days = settings.SSB_IMPORT_EVERY_DAYS
    return timedelta(days=days) if days and days > 0 else None


def next_import_due(*, now: datetime | None = None) -> datetime | None:
    """When the next scheduled import is due (now or earlier: it is due); None when off."""
    from fellesloft.mission.models import ImportResult
    from fellesloft.mission.selectors import last_scheduled_import

    every = interval()
    if every is None:
        return None
    now = now or timezone.now()
    last = last_scheduled_import()
    if last is None:
        return now
    wait = min(every, RETRY_AFTER_FAILURE) if last.result == ImportResult.FAILED else every
    return last.created_at + wait


def is_due(*, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    due = next_import_due(now=now)
    return due is not None and due <= now


def run_scheduled_import(
    *, force: bool = False, get=None, throttle=None, trigger: str = "scheduled"
) -> list[str]:
    """Imports every scheduled preset when due (or `force`); one line per preset."""
    from fellesloft.mission import services

    if not force and not is_due():
        return []
    lines = []
    for preset in settings.SSB_IMPORT_PRESETS:
        try:
            report = services.preset_import(
                preset=preset, trigger=trigger, get=get, throttle=throttle
            )
        except ServiceError as error:
            logger.warning("The scheduled SSB import %s failed: %s", preset, error.summary)
            lines.append(f"{preset}: {error.summary}")
        else:
            lines.append(f"{preset}: {report.summary()}")
    return lines


@task()
def import_ssb_statistics() -> list[str]:
    lines = run_scheduled_import()
    if lines:
        schedule_next()
    return lines


def schedule_next() -> bool:
    """Queues the next import for when it is due, when the backend can defer a task."""
    due = next_import_due()
    if due is None or not import_ssb_statistics.get_backend().supports_defer:
        return False
    try:
        import_ssb_statistics.using(run_after=max(due, timezone.now())).enqueue()
    except Exception:
        logger.exception("Could not schedule the next SSB import")
        return False
    return True


def schedule_statistics_import() -> bool:
    """Queues an import now when one is due; checks at most once an hour per process."""
    if interval() is None or not cache.add(CHECK_MARK, 1, timeout=3600):
        return False
    if not is_due():
        return False
    try:
        import_ssb_statistics.enqueue()
    except Exception:
        logger.exception("Could not queue the SSB import")
        return False
    return True


@receiver(user_logged_in, dispatch_uid="mission.tasks.schedule_statistics_import")
def _on_login(sender, request, user, **kwargs) -> None:
    schedule_statistics_import()
