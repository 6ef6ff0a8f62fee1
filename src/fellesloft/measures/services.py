"""Every write to the service landscape goes through here."""

from collections.abc import Iterable
from dataclasses import dataclass, field

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.screening import describe_findings, find_personal_data
from fellesloft.core.slugs import unique_slug
from fellesloft.measures.models import (
    MAX_AGE,
    MIN_AGE,
    Access,
    ImportStatus,
    Measure,
    MeasureImport,
    MeasureYouthNeed,
    YouthNeed,
)
from fellesloft.measures.rules import Scope, user_scope
from fellesloft.measures.youth import suggest_youth_needs
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
    coordinated_with: list[Measure] = field(default_factory=list)


# Paths of the app that a measure's slug must not shadow.
RESERVED_SLUGS = {"nytt", "import", "sammenligning", "kommune", "hva-kan-hjelpe-meg"}


def unique_measure_slug(
    name: str, *, municipalities: list[Municipality] = (), exclude_pk: int | None = None
) -> str:
    """Readable and unique: the name, and the first municipality when the name lacks it
    («helsestasjon-for-ungdom-froya»), since many municipalities use the same names."""
    if municipalities and municipalities[0].name.lower() not in name.lower():
        name = f"{name} {municipalities[0].name}"
    return unique_slug(
        Measure, name, fallback="tiltak", exclude_pk=exclude_pk, reserved=RESERVED_SLUGS
    )


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
    if not data.municipalities:
        problems.append(ServiceError(_("Velg minst én kommune."), field="municipalities"))
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
    municipality_ids = {municipality.pk for municipality in data.municipalities}
    for other in data.coordinated_with:
        if measure is not None and other.pk == measure.pk:
            problems.append(
                ServiceError(
                    _("Et tiltak kan ikke være koordinert med seg selv."),
                    field="coordinated_with",
                )
            )
        elif not municipality_ids & {item.pk for item in other.municipalities.all()}:
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


def _check(data: MeasureInput, *, actor, measure: Measure | None = None) -> None:
    problems = measure_problems(data, actor=actor, measure=measure)
    if problems:
        raise problems[0]


def write_measure(measure: Measure, data: MeasureInput, *, keep_links: bool = False) -> Measure:
    measure.name = data.name.strip()
    measure.provider = data.provider
    measure.description = data.description.strip()
    measure.age_from = data.age_from
    measure.age_to = data.age_to
    measure.access = data.access
    measure.access_note = data.access_note.strip()
    measure.capacity = data.capacity
    measure.contact_role = data.contact_role.strip()
    measure.opening_hours = data.opening_hours.strip()
    measure.location = data.location.strip()
    measure.contact_phone = normalise_phone(data.contact_phone)
    measure.website = data.website.strip()
    measure.is_active = data.is_active
    measure.full_clean(exclude=["slug", "created_by"])
    measure.save()
    measure.municipalities.set(data.municipalities)
    measure.need_themes.set(data.need_themes)
    if keep_links:
        measure.coordinated_with.add(*data.coordinated_with)
    else:
        measure.coordinated_with.set(data.coordinated_with)
    needs = data.youth_needs or suggest_youth_needs(
        theme_slugs=[theme.slug for theme in data.need_themes],
        sector_slug=data.provider.sector.slug,
    )
    _set_youth_needs(measure, needs)
    return measure


def _set_youth_needs(measure: Measure, needs: Iterable[str]) -> None:
    wanted = set(needs)
    measure.youth_needs.exclude(need__in=wanted).delete()
    present = set(measure.youth_needs.values_list("need", flat=True))
    MeasureYouthNeed.objects.bulk_create(
        [MeasureYouthNeed(measure=measure, need=need) for need in sorted(wanted - present)]
    )


@transaction.atomic
def measure_create(*, actor, data: MeasureInput) -> Measure:
    _check(data, actor=actor)
    measure = Measure(
        slug=unique_measure_slug(data.name, municipalities=data.municipalities), created_by=actor
    )
    return write_measure(measure, data)


@transaction.atomic
def measure_update(*, actor, measure: Measure, data: MeasureInput) -> Measure:
    _check(data, actor=actor, measure=measure)
    return write_measure(measure, data)


@transaction.atomic
def measure_set_active(*, measure: Measure, is_active: bool) -> Measure:
    measure.is_active = is_active
    measure.save(update_fields=["is_active", "updated_at"])
    return measure


# --- Bulk import ---------------------------------------------------------------------------


@transaction.atomic
def measure_import_prepare(*, actor, filename: str, content: bytes) -> MeasureImport:
    """Reads and checks every row; writes no measure. The uploader confirms afterwards."""
    from fellesloft.measures import importer

    table = importer.read_table(filename=filename, content=content)
    checked = importer.check_rows(table, actor=actor)
    return MeasureImport.objects.create(
        created_by=actor,
        filename=filename[:255],
        row_count=len(table),
        rows=[row.as_json() for row in checked.accepted],
        refused=[row.as_json() for row in checked.refused],
    )


@transaction.atomic
def measure_import_confirm(*, actor, measure_import: MeasureImport) -> MeasureImport:
    """Writes the accepted rows, all or none. The rows are checked again: when anything
    changed since the preview so that a row would now be refused, nothing is written."""
    from fellesloft.measures import importer

    measure_import = MeasureImport.objects.select_for_update().get(pk=measure_import.pk)
    if measure_import.created_by_id != actor.pk:
        raise ServiceError(_("Bare den som lastet opp filen kan bekrefte importen."))
    if measure_import.status != ImportStatus.PENDING:
        raise ServiceError(_("Denne importen er allerede behandlet."))
    if not measure_import.rows:
        raise ServiceError(_("Ingen rader kan importeres. Rett filen og last den opp på nytt."))
    table = [importer.TableRow.from_json(item) for item in measure_import.rows]
    checked = importer.check_rows(table, actor=actor)
    if checked.refused:
        first = checked.refused[0]
        raise ServiceError(
            _(
                "Noe er endret siden forhåndsvisningen (rad %(row)s: %(reason)s). "
                "Last opp filen på nytt."
            )
            % {"row": first.number, "reason": first.reasons[0]}
        )
    written = importer.write_rows(checked.accepted, actor=actor)
    measure_import.status = ImportStatus.CONFIRMED
    measure_import.imported_count = written
    measure_import.confirmed_at = timezone.now()
    measure_import.save(update_fields=["status", "imported_count", "confirmed_at"])
    return measure_import


@transaction.atomic
def measure_import_cancel(*, actor, measure_import: MeasureImport) -> MeasureImport:
    if measure_import.created_by_id != actor.pk:
        raise ServiceError(_("Bare den som lastet opp filen kan avbryte importen."))
    if measure_import.status != ImportStatus.PENDING:
        raise ServiceError(_("Denne importen er allerede behandlet."))
    measure_import.status = ImportStatus.CANCELLED
    measure_import.save(update_fields=["status"])
    return measure_import
