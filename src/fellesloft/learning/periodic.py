from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from fellesloft.learning.tasks import send_weekly_digests
from fellesloft.operations.scheduler import Periodic

# Daily: the task sends to those who have had no digest for six days, so each gets one a week.
JOBS = [
    Periodic(
        "learning.weekly_digests",
        send_weekly_digests,
        every=timedelta(days=1),
        description=_("ukentlig oppsummering fra læringsnettverket"),
    ),
]
