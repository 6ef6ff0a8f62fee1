from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fellesloft.accounts.models import global_role_field
from fellesloft.core.models import CreatedAt, Named, Ranked, TranslatedName, english_name_field
from fellesloft.core.ordering import norwegian


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
        ordering = [norwegian("name")]


class Sector(TranslatedName, Ranked):
    """A sector of the service landscape. `is_youth_voice` marks young people as a voice."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("navn"), max_length=100)
    name_en = english_name_field(max_length=100)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)
    is_youth_voice = models.BooleanField(_("ungdommens stemme"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta(Ranked.Meta):
        verbose_name = _("sektor")
        verbose_name_plural = _("sektorer")


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


class Organisation(Named, CreatedAt):
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

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = [norwegian("name")]


class MembershipRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordinator")
    MEMBER = "member", _("Medlem")


def membership_role_field() -> models.CharField:
    """A person's role in an organisation: the one they have, or the one an invitation gives."""
    return models.CharField(
        _("rolle"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )


class Membership(CreatedAt):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = membership_role_field()
    # A deactivated membership gives nothing (organisations.rules decides what counts); the
    # row stays, so what the person did for the organisation keeps its history.
    is_active = models.BooleanField(_("aktivt"), default=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        ordering = [norwegian("organisation__name"), "user__email"]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    ACCEPTED = "accepted", _("Godtatt")
    REVOKED = "revoked", _("Trukket tilbake")
    EXPIRED = "expired", _("Utløpt")


class Invitation(models.Model):
    """An invitation by e-mail to join an organisation with a role. The link in the e-mail is
    signed (django.core.signing) over the invitation and its `link_nonce`, which a resend
    replaces, so only the newest link works, once, until `expires_at`."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisasjon"),
    )
    email = models.EmailField(_("e-post"))
    role = membership_role_field()
    # A role in the whole mission; only the mission lead may give one (services decide).
    global_role = global_role_field()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitert av"),
    )
    link_nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    expires_at = models.DateTimeField(_("utløper"))
    accepted_at = models.DateTimeField(_("godtatt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_org_and_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.organisation} ({self.get_role_display()})"

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def get_status_display(self) -> str:
        return InvitationStatus(self.status).label

    @property
    def is_open(self) -> bool:
        """Neither accepted nor revoked: it may be sent again (also when it has expired)."""
        return self.accepted_at is None and self.revoked_at is None


for _model in (County, Municipality, Sector, Organisation, Membership):
    auditlog.register(_model)
# The nonce is the link's secret half: never in the audit trail.
auditlog.register(Invitation, exclude_fields=["link_nonce"])
