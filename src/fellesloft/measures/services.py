"""Every write to the service landscape goes through here."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.slugs import unique_slug
from fellesloft.measures import importer
from fellesloft.measures.models import (
    ImportStatus,
    Measure,
    MeasureImport,
    MeasureYouthNeed,
)
from fellesloft.measures.validation import MeasureInput, measure_problems, normalise_phone
from fellesloft.measures.youth import youth_needs_of
from fellesloft.organisations.models import Municipality, Organisation
from fellesloft.organisations.services import organisation_create

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
    measure.reach = data.reach
    measure.full_clean(exclude=["slug", "created_by"])
    measure.save()
    measure.municipalities.set(data.municipalities)
    measure.need_themes.set(data.need_themes)
    if keep_links:
        measure.coordinated_with.add(*data.coordinated_with)
    else:
        measure.coordinated_with.set(data.coordinated_with)
    _set_youth_needs(measure, youth_needs_of(data))
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
def measure_rows_import(*, rows: list[importer.CheckedRow], actor) -> int:
    """Writes checked rows of an import, creating the providers that are new. Returns how
    many measures were written."""
    created_providers: dict[str, Organisation] = {}
    written: dict[int, Measure] = {}
    for row in rows:
        data = row.data
        if row.new_provider:
            key = data.provider.name.lower()
            if key not in created_providers:
                only_one = data.municipalities[0] if len(data.municipalities) == 1 else None
                created_providers[key] = organisation_create(
                    name=data.provider.name,
                    kind=data.provider.kind,
                    sector=data.provider.sector,
                    municipality=only_one,
                )
            data.provider = created_providers[key]
        if row.existing is not None:
            measure = write_measure(row.existing, data, keep_links=True)
        else:
            measure = Measure(
                slug=unique_measure_slug(data.name, municipalities=data.municipalities),
                created_by=actor,
            )
            measure = write_measure(measure, data)
        written[row.number] = measure
    for row in rows:
        targets = [written[key] if kind == "row" else key for kind, key in row.link_targets]
        if targets:
            written[row.number].coordinated_with.add(*targets)
    return len(written)


@transaction.atomic
def measure_import_prepare(*, actor, filename: str, content: bytes) -> MeasureImport:
    """Reads and checks every row; writes no measure. The uploader confirms afterwards."""
    table = importer.read_table(filename=filename, content=content)
    checked = importer.check_rows(table, actor=actor)
    return MeasureImport.objects.create(
        created_by=actor,
        filename=filename[:255],
        row_count=len(table),
        rows=[row.as_json() for row in checked.accepted],
        refused=[row.as_json() for row in checked.refused],
    )


def _check_pending(measure_import: MeasureImport, *, actor, not_yours: str) -> None:
    """Only the uploader decides about an import, and only once."""
    if measure_import.created_by_id != actor.pk:
        raise ServiceError(not_yours)
    if measure_import.status != ImportStatus.PENDING:
        raise ServiceError(_("Denne importen er allerede behandlet."))


@transaction.atomic
def measure_import_confirm(*, actor, measure_import: MeasureImport) -> MeasureImport:
    """Writes the accepted rows, all or none. The rows are checked again: when anything
    changed since the preview so that a row would now be refused, nothing is written."""
    measure_import = MeasureImport.objects.select_for_update().get(pk=measure_import.pk)
    _check_pending(
        measure_import,
        actor=actor,
        not_yours=_("Bare den som lastet opp filen kan bekrefte importen."),
    )
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
    written = measure_rows_import(rows=checked.accepted, actor=actor)
    measure_import.status = ImportStatus.CONFIRMED
    measure_import.imported_count = written
    measure_import.confirmed_at = timezone.now()
    measure_import.save(update_fields=["status", "imported_count", "confirmed_at"])
    return measure_import


@transaction.atomic
def measure_import_cancel(*, actor, measure_import: MeasureImport) -> MeasureImport:
    _check_pending(
        measure_import,
        actor=actor,
        not_yours=_("Bare den som lastet opp filen kan avbryte importen."),
    )
    measure_import.status = ImportStatus.CANCELLED
    measure_import.save(update_fields=["status"])
    return measure_import
