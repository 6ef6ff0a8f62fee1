from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fellesloft.core.models import Named


class County(Named):
    """A county (fylke), numbered as in SSB's classification."""

    number = models.CharField(_("fylkesnummer"), max_length=2, unique=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")
        ordering = ["number"]


class Municipality(Named):
    """A municipality (kommune) with its four-digit number from SSB's classification."""

    number = models.CharField(_("kommunenummer"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]


class Sector(Named):
    """A sector of the service landscape. `is_youth_voice` marks young people as a voice."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("navn"), max_length=100)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)
    is_youth_voice = models.BooleanField(_("ungdommens stemme"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("sektor")
        verbose_name_plural = _("sektorer")
        ordering = ["order", "name"]


class OrganisationKind(models.TextChoices):
    MUNICIPAL_SERVICE = "municipal_service", _("Kommunal tjeneste")
    NAV = "nav", _("NAV-kontor")
    COUNTY = "county", _("Fylkeskommune")
    STATE = "state", _("Statlig virksomhet")
    SPECIALIST_HEALTH = "specialist_health", _("Spesialisthelsetjeneste")
    VOLUNTEER = "volunteer", _("Frivillig eller ideell organisasjon")
    BUSINESS = "business", _("Næringsliv")
    RESEARCH = "research", _("Forskning og utdanning")
    KS = "ks", _("KS")
    OTHER = "other", _("Annet")


class Organisation(Named):
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(_("type"), max_length=32, choices=OrganisationKind.choices)
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="organisations",
        limit_choices_to={"is_youth_voice": False},
        verbose_name=_("sektor"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("kommune"),
        help_text=_("Fylles ut når organisasjonen er lokal."),
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    website = models.URLField(_("nettside"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["name"]


class MembershipRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordinator")
    MEMBER = "member", _("Medlem")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("rolle"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        ordering = ["organisation__name", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


for _model in (County, Municipality, Sector, Organisation, Membership):
    auditlog.register(_model)
