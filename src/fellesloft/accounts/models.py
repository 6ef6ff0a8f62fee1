import hashlib
import secrets

from auditlog.registry import auditlog
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fellesloft.core.models import CreatedAt


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("E-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class GlobalRole(models.TextChoices):
    NONE = "", _("Ingen")
    MISSION_LEAD = "mission_lead", _("Oppdragsleder")
    MODERATOR = "moderator", _("Moderator")
    NATIONAL_PARTNER = "national_partner", _("Nasjonal partner")


def global_role_field() -> models.CharField:
    """A role in the whole mission: the one a user has, or the one an invitation gives."""
    return models.CharField(
        _("rolle i oppdraget"), max_length=32, choices=GlobalRole.choices, blank=True, default=""
    )


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Young people taking part in dialogs have no account."""

    email = models.EmailField(_("e-post"), unique=True)
    full_name = models.CharField(_("navn"), max_length=150, blank=True)
    global_role = global_role_field()
    is_staff = models.BooleanField(_("tilgang til administrasjon"), default=False)
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("registrert"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.get_full_name()

    @property
    def is_mission_lead(self) -> bool:
        return self.is_superuser or self.global_role == GlobalRole.MISSION_LEAD


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(CreatedAt):
    """A personal API token. Only its hash is stored; the token is shown once."""

    PREFIX = "fl_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("navn"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    key_hint = models.CharField(max_length=12)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_hint}…)"

    @classmethod
    def generate_raw_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class DeletionRequest(models.Model):
    """A person's request that their account be deleted (GDPR art. 17), pending until the
    mission lead carries it out (`services.user_delete_on_request`) or the person withdraws it.
    Deleted with the account; not in the audit trail, which records the deletion itself
    without naming the person."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="deletion_request")
    requested_at = models.DateTimeField(_("bedt om"), default=timezone.now)

    class Meta:
        verbose_name = _("forespørsel om sletting")
        verbose_name_plural = _("forespørsler om sletting")
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user} ({self.requested_at:%Y-%m-%d})"


auditlog.register(User, exclude_fields=["password", "last_login"])
auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
