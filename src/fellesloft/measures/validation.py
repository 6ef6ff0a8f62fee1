"""What a measure is made of and every rule it must keep, before anything is written.

Shared by the services (behind the form and the API) and the bulk import, which checks rows
without writing. The services run the import, so the importer takes the rules from here and
does not import the services back.
"""

from dataclasses import dataclass, field

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.screening import describe_findings, find_personal_data
from fellesloft.measures.models import (
    MAX_AGE,
    MIN_AGE,
    Access,
    Measure,
    Reach,
    YouthNeed,
    has_way_in,
)
from fellesloft.measures.rules import Scope, user_scope
from fellesloft.measures.youth import youth_needs_of
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality, Organisation

SCREENED_FIELDS = {
    "name": gettext_lazy("Navn"),
    "description": gettext_lazy("Beskrivelse"),
    "access_note": gettext_lazy("Mer om tilgang"),
    "contact_role": gettext_lazy("Kontaktpunkt"),
    "opening_hours": gettext_lazy("Åpningstid"),
    "location": gettext_lazy("Sted"),
}


@dataclass
class MeasureInput:
    """What a measure is made of, before it is checked and written."""

    name: str
    provider: Organisation
    municipalities: list[Municipality]
    description: str
    age_from: int | None
    age_to: int | None
    need_themes: list[NeedTheme]
    access: str
    contact_role: str
    opening_hours: str
    youth_needs: list[str] = field(default_factory=list)
    access_note: str = ""
    capacity: int | None = None
    location: str = ""
    contact_phone: str = ""
    website: str = ""
    is_active: bool = True
    reach: str = Reach.MUNICIPAL
    coordinated_with: list[Measure] = field(default_factory=list)


def normalise_phone(raw: str) -> str:
    """A Norwegian (or international) service number in international format, or an error."""
    raw = raw.strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, "NO")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ServiceError(
            _("«%(value)s» er ikke et gyldig telefonnummer.") % {"value": raw},
            field="contact_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def measure_problems(
    data: MeasureInput,
    *,
    actor,
    measure: Measure | None = None,
    scope: Scope | None = None,
    check_duplicate: bool = True,
) -> list[ServiceError]:
    """Every rule a measure must keep; empty when it may be written. Shared by the form,
    the API and the import, so a row is refused for the same reasons a form would be."""
    problems: list[ServiceError] = []
    if not data.name.strip():
        problems.append(ServiceError(_("Tiltaket må ha et navn."), field="name"))
    if data.provider.sector.is_youth_voice:
        problems.append(
            ServiceError(_("Tilbyderen kan ikke høre til sektoren «Ungdom»."), field="provider")
        )
    if data.reach not in Reach.values:
        problems.append(ServiceError(_("Velg hvor tilbudet gis."), field="reach"))
    elif data.reach == Reach.MUNICIPAL and not data.municipalities:
        problems.append(ServiceError(_("Velg minst én kommune."), field="municipalities"))
    elif data.reach != Reach.MUNICIPAL and data.municipalities:
        problems.append(
            ServiceError(
                _(
                    "Et tilbud for hele fylket eller hele landet gis overalt. Ta bort kommunene, "
                    "eller velg «I kommunen»."
                ),
                field="municipalities",
            )
        )
    if not data.description.strip():
        problems.append(ServiceError(_("Beskriv tiltaket med enkle ord."), field="description"))
    if data.age_from is None or data.age_to is None:
        problems.append(ServiceError(_("Oppgi alder fra og til."), field="age_from"))
    elif not (MIN_AGE <= data.age_from <= MAX_AGE and MIN_AGE <= data.age_to <= MAX_AGE):
        problems.append(
            ServiceError(
                _("Alder må være mellom %(low)s og %(high)s år.")
                % {"low": MIN_AGE, "high": MAX_AGE},
                field="age_from",
            )
        )
    elif data.age_from > data.age_to:
        problems.append(
            ServiceError(
                _("Aldersspennet er snudd: «fra» (%(low)s) er høyere enn «til» (%(high)s).")
                % {"low": data.age_from, "high": data.age_to},
                field="age_to",
            )
        )
    if not data.need_themes:
        problems.append(ServiceError(_("Velg minst ett behovstema."), field="need_themes"))
    inactive = [theme.name for theme in data.need_themes if not theme.is_active]
    if inactive:
        problems.append(
            ServiceError(
                _("Behovstemaet er ikke i bruk: %(names)s.") % {"names": ", ".join(inactive)},
                field="need_themes",
            )
        )
    if data.access not in Access.values:
        problems.append(ServiceError(_("Velg hvordan man får tilgang."), field="access"))
    unknown_needs = [need for need in data.youth_needs if need not in YouthNeed.values]
    if unknown_needs:
        problems.append(
            ServiceError(
                _("Ukjent behov: %(needs)s.") % {"needs": ", ".join(unknown_needs)},
                field="youth_needs",
            )
        )
    if not data.contact_role.strip():
        problems.append(
            ServiceError(
                _("Oppgi en rolle som kontaktpunkt, for eksempel «helsesykepleier»."),
                field="contact_role",
            )
        )
    if not data.opening_hours.strip():
        problems.append(ServiceError(_("Oppgi når man kan ta kontakt."), field="opening_hours"))
    for name, label in SCREENED_FIELDS.items():
        findings = find_personal_data(getattr(data, name) or "")
        if findings:
            problems.append(
                ServiceError(
                    _(
                        "%(label)s ser ut til å inneholde personopplysninger (%(found)s). "
                        "Oppgi en rolle og tjenestens eget telefonnummer, aldri en person."
                    )
                    % {"label": label, "found": describe_findings(findings)},
                    field=name,
                )
            )
    for name in ("name", "access_note", "contact_role", "opening_hours", "location", "website"):
        limit = Measure._meta.get_field(name).max_length
        if len(getattr(data, name) or "") > limit:
            problems.append(
                ServiceError(
                    _("%(label)s kan ha høyst %(limit)s tegn.")
                    % {"label": Measure._meta.get_field(name).verbose_name, "limit": limit},
                    field=name,
                )
            )
    if data.website:
        try:
            URLValidator(schemes=["http", "https"])(data.website)
        except ValidationError:
            problems.append(
                ServiceError(_("Nettside må være en gyldig adresse (https://…)."), field="website")
            )
    try:
        normalise_phone(data.contact_phone)
    except ServiceError as error:
        problems.append(error)
    if (
        data.is_active
        and youth_needs_of(data)
        and not has_way_in(phone=data.contact_phone, website=data.website, location=data.location)
    ):
        problems.append(
            ServiceError(
                _(
                    "Tiltaket vises for unge på «Hva kan hjelpe meg?». Oppgi telefon, nettside "
                    "eller adresse, så de vet hvordan de tar kontakt."
                ),
                field="contact_phone",
            )
        )
    municipality_ids = {municipality.pk for municipality in data.municipalities}
    for other in data.coordinated_with:
        if measure is not None and other.pk == measure.pk:
            problems.append(
                ServiceError(
                    _("Et tiltak kan ikke være koordinert med seg selv."),
                    field="coordinated_with",
                )
            )
        elif (
            data.reach == Reach.MUNICIPAL
            and other.reach == Reach.MUNICIPAL
            and not municipality_ids & {item.pk for item in other.municipalities.all()}
        ):
            problems.append(
                ServiceError(
                    _("«%(name)s» tilbys ikke i noen av de samme kommunene.")
                    % {"name": other.name},
                    field="coordinated_with",
                )
            )
    scope = scope if scope is not None else user_scope(user=actor)
    if not scope.allows(provider_id=data.provider.pk, municipality_ids=municipality_ids):
        problems.append(
            ServiceError(
                _(
                    "Du kan registrere tiltak for dine egne organisasjoner og for kommuner "
                    "der du er koordinator."
                ),
                field="provider",
                code="forbidden",
            )
        )
    if check_duplicate and data.provider.pk is not None and data.name.strip():
        duplicate = Measure.objects.filter(
            provider=data.provider, name__iexact=data.name.strip()
        ).exclude(pk=getattr(measure, "pk", None))
        if duplicate.exists():
            problems.append(
                ServiceError(
                    _("%(provider)s har allerede et tiltak som heter «%(name)s».")
                    % {"provider": data.provider.name, "name": data.name.strip()},
                    field="name",
                )
            )
    return problems
