"""Organisations: creating and changing them (the mission lead creates, coordinators edit)."""

from django.db import transaction
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.services import apply_fields, refuse_unknown_fields, save_validated
from fellesloft.core.slugs import unique_slug
from fellesloft.organisations.models import Municipality, Organisation, Sector

# Paths of the app that an organisation's slug must not shadow.
RESERVED_SLUGS = {"ny", "kommuner", "invitasjon"}

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
