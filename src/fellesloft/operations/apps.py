from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig


class OperationsConfig(FellesloftAppConfig):
    """Running an installation: backups and restores. No pages, no models; it sits on top of
    the other apps (a restore rebuilds the search index)."""

    name = "fellesloft.operations"
    verbose_name = _("Drift")
