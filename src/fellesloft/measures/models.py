"""The service landscape («tiltaksoversikt»): measures for young people per municipality.

A measure is offered by one provider organisation (whose sector is the measure's sector) in one
or more municipalities. It is tagged twice, on purpose: with the mission's need themes (the
professionals' lens, used for coverage, gaps and fragmentation) and with the plain-language
youth needs (what a young person would look for on «Hva kan hjelpe meg?»).
"""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fellesloft.core.fields import optional_link
from fellesloft.core.models import Named, Timestamped
from fellesloft.core.ordering import norwegian
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality, Organisation

MIN_AGE = 0
MAX_AGE = 99


class Access(models.TextChoices):
    DROP_IN = "drop_in", _("Drop-in")
    SELF_REFERRAL = "self_referral", _("Ta kontakt selv")
    REFERRAL = "referral", _("Henvisning")
    DECISION = "decision", _("Vedtak")


class Reach(models.TextChoices):
    """Where a measure is offered. Regional and national services are offered everywhere, so
    they need no municipalities: they are what «Hva kan hjelpe meg?» falls back to where a
    municipality has nothing for a need."""

    MUNICIPAL = "municipal", _("I kommunen")
    REGIONAL = "regional", _("I hele fylket")
    NATIONAL = "national", _("I hele landet")


class YouthNeed(models.TextChoices):
    """The fixed, youth-facing categories of «Hva kan hjelpe meg?» (not the need themes)."""

    TALK = "snakke", _("Noen å snakke med")
    SCHOOL = "skole", _("Skole")
    WORK = "jobb", _("Jobb")
    MONEY = "penger", _("Penger")
    HOUSING = "bolig", _("Bolig")
    HEALTH = "helse", _("Helse")


def has_way_in(*, phone: str, website: str, location: str) -> bool:
    """A young person can get in touch: a phone number, a web page or an address."""
    return any(value.strip() for value in (phone, website, location))


# The same rule for a queryset.
HAS_WAY_IN = ~Q(contact_phone="") | ~Q(website="") | ~Q(location="")


class Measure(Named, Timestamped):
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("tilbyder"),
    )
    reach = models.CharField(
        _("hvor tilbudet gis"), max_length=16, choices=Reach.choices, default=Reach.MUNICIPAL
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="measures", verbose_name=_("kommuner"), blank=True
    )
    description = models.TextField(_("beskrivelse"))
    age_from = models.PositiveSmallIntegerField(_("alder fra"))
    age_to = models.PositiveSmallIntegerField(_("alder til"))
    need_themes = models.ManyToManyField(
        NeedTheme, related_name="measures", verbose_name=_("behovstemaer")
    )
    access = models.CharField(_("tilgang"), max_length=16, choices=Access.choices)
    access_note = models.CharField(_("mer om tilgang"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("kapasitet"), null=True, blank=True)
    contact_role = models.CharField(_("kontaktpunkt (rolle)"), max_length=150)
    opening_hours = models.CharField(_("åpningstid"), max_length=200)
    location = models.CharField(_("sted"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=20, blank=True)
    website = models.URLField(_("nettside"), blank=True)
    is_active = models.BooleanField(_("aktivt"), default=True)
    coordinated_with = models.ManyToManyField(
        "self", symmetrical=True, blank=True, verbose_name=_("koordinert med")
    )
    created_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = [norwegian("name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_from__lte=F("age_to")), name="measure_age_range_in_order"
            ),
            models.CheckConstraint(condition=Q(age_to__lte=MAX_AGE), name="measure_age_below_max"),
        ]

    @property
    def age_range(self) -> str:
        return f"{self.age_from}–{self.age_to}"

    @property
    def has_way_in(self) -> bool:
        return has_way_in(phone=self.contact_phone, website=self.website, location=self.location)

    @property
    def phone_uri(self) -> str:
        return "tel:" + self.contact_phone.replace(" ", "") if self.contact_phone else ""


class MeasureYouthNeed(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="youth_needs")
    need = models.CharField(_("behov"), max_length=16, choices=YouthNeed.choices)

    class Meta:
        verbose_name = _("behov slik de unge sier det")
        verbose_name_plural = _("behov slik de unge sier det")
        constraints = [
            models.UniqueConstraint(fields=["measure", "need"], name="one_youth_need_per_measure")
        ]

    def __str__(self) -> str:
        return self.get_need_display()


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Venter på bekreftelse")
    CONFIRMED = "confirmed", _("Importert")
    CANCELLED = "cancelled", _("Avbrutt")


class MeasureImport(models.Model):
    """An uploaded file, checked row by row, waiting for the uploader to confirm.

    `rows` holds the accepted rows (normalised, ready to write) and `refused` the refused
    ones with their row number and reasons, so the preview and the confirmation see the same
    thing and nothing is written before the uploader says yes.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Emptied when the uploader's account is deleted on their request: the record of what was
    # imported stays.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="measure_imports",
    )
    filename = models.CharField(_("filnavn"), max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    row_count = models.PositiveIntegerField(default=0)
    rows = models.JSONField(default=list)
    refused = models.JSONField(default=list)
    imported_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import av tiltak")
        verbose_name_plural = _("importer av tiltak")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


auditlog.register(Measure, m2m_fields={"municipalities", "need_themes", "coordinated_with"})
auditlog.register(MeasureYouthNeed)
auditlog.register(MeasureImport, exclude_fields=["rows", "refused"])
