"""Background work for barriers: the reminders to follow up an answer, queued by the worker's
clock (`periodic.py`). The service sends each reminder once, so running it again sends
nothing."""

from django.utils import timezone
from django_tasks import task


@task()
def send_follow_up_reminders() -> int:
    from fellesloft.barriers.services import barrier_follow_up_reminders

    return barrier_follow_up_reminders(timezone.localdate())
