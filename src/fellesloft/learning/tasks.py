"""Background work of the learning network (django-tasks)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from fellesloft.learning import digest
from fellesloft.learning.models import DigestPreference
from fellesloft.operations.scheduler import periodic


# Daily: the task sends to those who have had no digest for six days, so each gets one a week.
@periodic(
    "learning.weekly_digests",
    every=timedelta(days=1),
    description=_("ukentlig oppsummering fra læringsnettverket"),
)
@task()
def send_weekly_digests() -> int:
    """Queues one digest per subscribed user who has not had one in the last six days.

    Run weekly (`fellesloft learning_send_digests` from cron or a systemd timer).
    """
    recent = timezone.now() - digest.DIGEST_PERIOD + timedelta(days=1)
    user_ids = list(
        DigestPreference.objects.filter(is_subscribed=True, user__is_active=True)
        .exclude(last_sent_at__gte=recent)
        .values_list("user_id", flat=True)
    )
    for user_id in user_ids:
        send_user_digest.enqueue(user_id=user_id)
    return len(user_ids)


@task()
def send_user_digest(user_id: int) -> bool:
    preference = DigestPreference.objects.select_related("user").filter(user_id=user_id).first()
    if preference is None:
        return False
    return digest.send_digest(preference=preference)
