from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from fellesloft.barriers.tasks import send_follow_up_reminders
from fellesloft.operations.scheduler import Periodic

JOBS = [
    Periodic(
        "barriers.follow_up_reminders",
        send_follow_up_reminders,
        every=timedelta(hours=1),
        description=_("påminnelser om svar som skal følges opp"),
    ),
]
