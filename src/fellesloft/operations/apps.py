from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig


class OperationsConfig(FellesloftAppConfig):
    """Running an installation: backups and restores, and the clock of periodic jobs (one
    model: when each job last ran). No pages; it sits on top of the other apps (a restore
    rebuilds the search index; the clock finds the `@periodic` tasks in each app's `tasks.py`)."""

    name = "fellesloft.operations"
    verbose_name = _("Drift")
