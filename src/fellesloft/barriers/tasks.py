"""Background work for barriers: the reminders to follow up an answer, queued by the worker's
clock (`@periodic`). The service sends each reminder once, so running it again sends
nothing."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from fellesloft.operations.scheduler import periodic


@periodic(
    "barriers.follow_up_reminders",
    every=timedelta(hours=1),
    description=_("påminnelser om svar som skal følges opp"),
)
@task()
def send_follow_up_reminders() -> int:
    from fellesloft.barriers.services import barrier_follow_up_reminders

    return barrier_follow_up_reminders(timezone.localdate())
