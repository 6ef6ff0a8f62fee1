"""Background work for barriers: the daily reminders to follow up an answer.

Like the purge of old login records (accounts.throttle), the first login of the day (per
process) queues the task; the task worker sends the reminders that are due. The service sends
each reminder once, so a second run the same day sends nothing."""

import logging

from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

REMINDERS_MARK = "barriers:follow-up-reminders:%s"


@task()
def send_follow_up_reminders() -> int:
    from fellesloft.barriers.services import barrier_follow_up_reminders

    return barrier_follow_up_reminders(timezone.localdate())


def schedule_follow_up_reminders() -> bool:
    """Queues today's reminders unless they were queued today; True when queued."""
    if not cache.add(REMINDERS_MARK % timezone.localdate().isoformat(), 1, timeout=26 * 3600):
        return False
    try:
        send_follow_up_reminders.enqueue()
    except Exception:
        logger.exception("Could not queue the barrier follow-up reminders")
        return False
    return True


@receiver(user_logged_in, dispatch_uid="barriers.tasks.schedule_follow_up_reminders")
def _on_login(sender, request, user, **kwargs) -> None:
    schedule_follow_up_reminders()
