from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fellesloft.core.fields import optional_link
from fellesloft.core.models import (
    Named,
    Ranked,
    Titled,
    TranslatedName,
    english_name_field,
    rank_field,
)


class ReferenceTerm(TranslatedName, Ranked):
    """A term of one of the reference lists that things are tagged with. Every concrete
    subclass, in any app, is a list the mission lead edits on «Referanselister»."""

    # The list's word in the address: /oppdraget/referanselister/<list_slug>/ny/
    list_slug: str

    slug = models.SlugField(unique=True)
    name = models.CharField(_("navn"), max_length=150)
    name_en = english_name_field(max_length=150)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = rank_field()
    is_active = models.BooleanField(_("i bruk"), default=True)

    class Meta(Ranked.Meta):
        abstract = True


class NeedTheme(ReferenceTerm):
    """«Behovstema» – the five themes of the NEET report that everything is tagged with."""

    list_slug = "behovstema"

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("behovstema")
        verbose_name_plural = _("behovstemaer")


class MainChallenge(ReferenceTerm):
    """«Hovedutfordring» – why we do not succeed (report §2)."""

    list_slug = "hovedutfordringer"

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("hovedutfordring")
        verbose_name_plural = _("hovedutfordringer")


class InnovationArea(ReferenceTerm):
    """PRI's «innovasjonsområder»."""

    list_slug = "innovasjonsomrader"

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("innovasjonsområde")
        verbose_name_plural = _("innovasjonsområder")


for _model in (NeedTheme, MainChallenge, InnovationArea):
    auditlog.register(_model)


class Mission(Ranked):
    """The mission: a vision and the measurable goals that say whether we get there."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("navn"), max_length=200)
    vision = models.TextField(_("visjon"))
    description = models.TextField(_("beskrivelse"), blank=True)
    order = rank_field()

    class Meta(Ranked.Meta):
        verbose_name = _("samfunnsoppdrag")
        verbose_name_plural = _("samfunnsoppdrag")


class RegionLevel(models.TextChoices):
    COUNTRY = "country", _("Landet")
    COUNTY = "county", _("Fylke")
    MUNICIPALITY = "municipality", _("Kommune")


class Region(Named):
    """Where an observation belongs: the country («0»), a county («50») or a municipality
    («5001»), with SSB's codes normalised (see `fellesloft.mission.regions`)."""

    code = models.CharField(_("regionkode"), max_length=8, unique=True)
    name = models.CharField(_("navn"), max_length=150)
    level = models.CharField(_("nivå"), max_length=16, choices=RegionLevel.choices)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        ordering = ["code"]


class Indicator(Ranked):
    """A statistic the mission follows, e.g. the share of 15–29 year olds who are NEET."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    definition = models.TextField(_("definisjon"), blank=True)
    unit = models.CharField(
        _("enhet"), max_length=40, help_text=_("For eksempel «%» eller «personer».")
    )
    decimals = models.PositiveSmallIntegerField(_("desimaler"), default=1)
    source = models.CharField(
        _("kilde"), max_length=300, help_text=_("For eksempel «SSB tabell 12423».")
    )
    source_url = models.URLField(_("lenke til kilden"), blank=True)
    is_preliminary = models.BooleanField(
        _("foreløpige tall"),
        default=False,
        help_text=_("Kryss av når de nyeste tallene er foreløpige."),
    )
    order = rank_field()

    class Meta(Ranked.Meta):
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")


class ObservationStatus(models.TextChoices):
    """SSB's standard symbols for a figure that is missing."""

    NONE = "", _("Tall finnes")
    NOT_POSSIBLE = ".", _("Lovlig umulig å føre tall")
    NOT_AVAILABLE = "..", _("Tallgrunnlag mangler")
    MISSING = "...", _("Oppgave mangler")
    CONFIDENTIAL = ":", _("Vises ikke av konfidensialitetshensyn")


class Observation(models.Model):
    """One figure: an indicator's value for a region and a period, or SSB's status symbol."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("indikator"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="observations", verbose_name=_("region")
    )
    period = models.CharField(
        _("periode"),
        max_length=20,
        help_text=_("SSBs tidskode, for eksempel «2022» eller «2022K1»."),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.DecimalField(_("verdi"), max_digits=18, decimal_places=4, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=3, choices=ObservationStatus.choices, blank=True, default=""
    )
    is_preliminary = models.BooleanField(_("foreløpig"), default=False)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    updated = models.DateField(_("oppdatert"))

    class Meta:
        verbose_name = _("observasjon")
        verbose_name_plural = _("observasjoner")
        ordering = ["indicator", "region", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period"], name="one_observation_per_cell"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | ~models.Q(status=""),
                name="observation_has_value_or_status",
            ),
        ]
        indexes = [models.Index(fields=["region", "indicator", "period"])]

    def __str__(self) -> str:
        shown = self.status if self.value is None else self.value
        return f"{self.indicator.code} {self.region.code} {self.period}: {shown}"


class Direction(models.TextChoices):
    DOWN = "down", _("Lavere er bedre")
    UP = "up", _("Høyere er bedre")


class Goal(Titled):
    """A measurable, time-bound goal: an indicator in a region from a baseline to a target."""

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="goals", verbose_name=_("oppdrag")
    )
    title = models.CharField(_("mål"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="goals", verbose_name=_("indikator")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="goals", verbose_name=_("region")
    )
    baseline_value = models.DecimalField(_("utgangsverdi"), max_digits=18, decimal_places=4)
    baseline_year = models.PositiveSmallIntegerField(_("utgangsår"))
    target_value = models.DecimalField(_("målverdi"), max_digits=18, decimal_places=4)
    target_year = models.PositiveSmallIntegerField(_("målår"))
    direction = models.CharField(
        _("retning"), max_length=4, choices=Direction.choices, default=Direction.DOWN
    )
    order = rank_field()

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["mission", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_year__gt=models.F("baseline_year")),
                name="goal_target_after_baseline",
            )
        ]


class ImportResult(models.TextChoices):
    OK = "ok", _("Fullført")
    FAILED = "failed", _("Feilet – ingenting endret")


class ImportTrigger(models.TextChoices):
    MANUAL = "manual", _("Manuelt")
    SCHEDULED = "scheduled", _("Planlagt")


class ImportRun(models.Model):
    """The record of one import of observations (the rows themselves are written in bulk).

    A failed import is recorded too (`result` failed, with the reason in `message`), so the
    mission lead sees why the figures were not refreshed; it has changed nothing."""

    source = models.CharField(_("kilde"), max_length=2000)
    file_format = models.CharField(_("format"), max_length=10)
    preset = models.CharField(_("forhåndsvalg"), max_length=40, blank=True)
    trigger = models.CharField(
        _("startet"), max_length=16, choices=ImportTrigger.choices, default=ImportTrigger.MANUAL
    )
    result = models.CharField(
        _("resultat"), max_length=16, choices=ImportResult.choices, default=ImportResult.OK
    )
    message = models.TextField(_("melding"), blank=True)
    created = models.PositiveIntegerField(_("nye"), default=0)
    updated = models.PositiveIntegerField(_("endret"), default=0)
    unchanged = models.PositiveIntegerField(_("uendret"), default=0)
    skipped = models.PositiveIntegerField(_("hoppet over"), default=0)
    user = optional_link(settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("importert av"))
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.created_at:%Y-%m-%d %H:%M})"


class ChangeKind(models.TextChoices):
    RENUMBERED = "renumbered", _("Nytt nummer")
    MERGED = "merged", _("Slått sammen")
    SPLIT = "split", _("Delt")


class RegionCodeChange(models.Model):
    """A municipality (or county) number that is no longer in use, and what replaced it.

    A renumbered municipality is the same place: its figures are imported under today's
    number. A municipality that was merged into another or split covers another area than
    today's, so its figures cannot stand for today's municipality: an import skips them and
    says so (SSB's codelist «agg_KommGjeldende» gives figures recalculated for today's
    municipalities)."""

    old_code = models.CharField(_("gammelt nummer"), max_length=8)
    old_name = models.CharField(_("gammelt navn"), max_length=150)
    new_code = models.CharField(_("nytt nummer"), max_length=8)
    year = models.PositiveSmallIntegerField(_("gjelder fra"))
    kind = models.CharField(_("endring"), max_length=16, choices=ChangeKind.choices)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("endret regionnummer")
        verbose_name_plural = _("endrede regionnumre")
        ordering = ["old_code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["old_code", "new_code"], name="one_change_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.old_code} {self.old_name} → {self.new_code} ({self.year})"


for _model in (Mission, Region, Indicator, Observation, Goal, ImportRun, RegionCodeChange):
    auditlog.register(_model)
