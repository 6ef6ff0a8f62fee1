from django.db import models
from django.utils.translation import gettext_lazy as _

from fellesloft.core.models import Named


class ScheduledRun(Named):
    """When a periodic job (`operations.scheduler`) was last queued. Kept in the database, not
    in a process, so a restart does not run a daily job twice and several workers queue it
    once between them."""

    name = models.CharField(_("jobb"), max_length=100, primary_key=True)
    last_queued_at = models.DateTimeField(_("sist satt i kø"), null=True, blank=True)

    class Meta:
        verbose_name = _("planlagt jobb")
        verbose_name_plural = _("planlagte jobber")
