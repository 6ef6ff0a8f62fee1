from django.db import transaction
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.services import apply_fields, refuse_unknown_fields, save_validated
from fellesloft.core.slugs import unique_slug
from fellesloft.organisations.models import (
    Membership,
    MembershipRole,
    Municipality,
    Organisation,
    Sector,
)

# Paths of the app that an organisation's slug must not shadow.
RESERVED_SLUGS = {"ny", "kommuner"}

# What the organisation form edits (its Meta.fields) and organisation_update accepts.
ORGANISATION_FIELDS = ("name", "kind", "sector", "municipality", "description", "website")


def _check_sector(sector: Sector) -> None:
    if sector.is_youth_voice:
        raise ServiceError(
            _("«Ungdom» er en stemme i dialogene, ikke en sektor for organisasjoner."),
            field="sector",
        )


def unique_organisation_slug(name: str, *, exclude_pk: int | None = None) -> str:
    return unique_slug(
        Organisation, name, fallback="org", exclude_pk=exclude_pk, reserved=RESERVED_SLUGS
    )


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str,
    sector: Sector,
    municipality: Municipality | None = None,
    description: str = "",
    website: str = "",
) -> Organisation:
    _check_sector(sector)
    return save_validated(
        Organisation(
            name=name.strip(),
            slug=unique_organisation_slug(name),
            kind=kind,
            sector=sector,
            municipality=municipality,
            description=description,
            website=website,
        )
    )


@transaction.atomic
def organisation_update(*, organisation: Organisation, **fields) -> Organisation:
    refuse_unknown_fields(fields, ORGANISATION_FIELDS)
    _check_sector(fields.get("sector", organisation.sector))
    return save_validated(apply_fields(organisation, fields, strip=False))


@transaction.atomic
def membership_add(
    *, organisation: Organisation, email: str, role: str = MembershipRole.MEMBER
) -> Membership:
    """Adds a person by e-mail. Someone without an account gets one without a password;
    they choose their password through «Glemt passord»."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None)
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ServiceError(_("%(email)s er allerede medlem.") % {"email": email}, field="email")
    return Membership.objects.create(user=user, organisation=organisation, role=role)


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    if role not in MembershipRole.values:
        raise ServiceError(_("Ukjent rolle."), field="role")
    if membership.role == MembershipRole.COORDINATOR and role != MembershipRole.COORDINATOR:
        _ensure_other_coordinator(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    if membership.role == MembershipRole.COORDINATOR:
        _ensure_other_coordinator(membership)
    membership.delete()


def _ensure_other_coordinator(membership: Membership) -> None:
    others = (
        Membership.objects.select_for_update()
        .filter(organisation=membership.organisation, role=MembershipRole.COORDINATOR)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ServiceError(
            _("En organisasjon må ha minst én koordinator. Gjør en annen til koordinator først.")
        )
