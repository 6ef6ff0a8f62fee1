"""Background work for the mission: keeping SSB's figures fresh.

Every `SSB_IMPORT_EVERY_DAYS` days the task worker imports the presets in
`SSB_IMPORT_PRESETS` from SSB's API (services.preset_import). Each import is recorded
(ImportRun, trigger «scheduled»), failed ones too with the reason, and a failed one has changed
nothing; it is tried again after a day.

What starts it: the worker's clock queues the task every hour (`@periodic`); the task
imports only when an import is due, so the hourly look costs one query. `fellesloft indicators
refresh` runs it at once (by hand).
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from fellesloft.core.exceptions import ServiceError
from fellesloft.operations.scheduler import periodic

logger = logging.getLogger(__name__)

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


# Hourly look; the task imports only when SSB_IMPORT_EVERY_DAYS have passed since the last
# import (a day after a failed one), and never when the setting is 0.
@periodic(
    "mission.ssb_import",
    every=timedelta(hours=1),
    description=_("henter tallene fra SSB når det er tid (SSB_IMPORT_EVERY_DAYS)"),
)
@task()
def import_ssb_statistics() -> list[str]:
    return run_scheduled_import()
