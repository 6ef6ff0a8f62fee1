from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from fellesloft.dialogs.tasks import (
    announce_opening_and_closing,
    purge_participant_data,
    remind_moderators,
)
from fellesloft.operations.scheduler import Periodic

JOBS = [
    Periodic(
        "dialogs.announce_opening_and_closing",
        announce_opening_and_closing,
        every=timedelta(minutes=5),
        description=_("varsler følgerne når en dialog åpner eller stenger på dato"),
    ),
    Periodic(
        "dialogs.remind_moderators",
        remind_moderators,
        every=timedelta(hours=1),
        description=_("påminner moderatorene om utsagn som har ventet lenge"),
    ),
    # Each close already schedules its own purge; this catches one that was lost.
    Periodic(
        "dialogs.purge_participant_data",
        purge_participant_data,
        every=timedelta(days=1),
        description=_("sletter deltakeropplysninger når lagringstiden er ute"),
    ),
]
