from auditlog.registry import auditlog
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceTerm(models.Model):
    """A term of one of the mission's reference lists; the mission lead can edit the lists."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("navn"), max_length=150)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    is_active = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class NeedTheme(ReferenceTerm):
    """«Behovstema» – the five themes of the NEET report that everything is tagged with."""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("behovstema")
        verbose_name_plural = _("behovstemaer")


class MainChallenge(ReferenceTerm):
    """«Hovedutfordring» – why we do not succeed (report §2)."""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("hovedutfordring")
        verbose_name_plural = _("hovedutfordringer")


class InnovationArea(ReferenceTerm):
    """PRI's «innovasjonsområder»."""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("innovasjonsområde")
        verbose_name_plural = _("innovasjonsområder")


for _model in (NeedTheme, MainChallenge, InnovationArea):
    auditlog.register(_model)
