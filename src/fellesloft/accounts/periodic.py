from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from fellesloft.accounts.tasks import purge_login_records
from fellesloft.operations.scheduler import Periodic

JOBS = [
    Periodic(
        "accounts.purge_login_records",
        purge_login_records,
        every=timedelta(days=1),
        description=_("sletter gamle innloggingsoppføringer"),
    ),
]
