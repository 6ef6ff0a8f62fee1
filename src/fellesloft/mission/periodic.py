from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from fellesloft.mission.tasks import import_ssb_statistics
from fellesloft.operations.scheduler import Periodic

# Hourly look; the task imports only when SSB_IMPORT_EVERY_DAYS have passed since the last
# import (a day after a failed one), and never when the setting is 0.
JOBS = [
    Periodic(
        "mission.ssb_import",
        import_ssb_statistics,
        every=timedelta(hours=1),
        description=_("henter tallene fra SSB når det er tid (SSB_IMPORT_EVERY_DAYS)"),
    ),
]
