"""Every write of the mission app: the mission, goals, indicators, reference lists, imports."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.numbers import format_number
from fellesloft.core.services import apply_fields, refuse_unknown_fields, save_validated
from fellesloft.core.slugs import unique_slug
from fellesloft.mission import fetch, ssb
from fellesloft.mission.code_changes import CodeChanges
from fellesloft.mission.codes import (
    COUNTRY_CODE,
    CodeError,
    normalise_period,
    normalise_region_code,
    period_year,
)
from fellesloft.mission.jsonstat import JsonStatError, loads, parse_jsonstat
from fellesloft.mission.models import (
    Direction,
    Goal,
    ImportResult,
    ImportRun,
    ImportTrigger,
    Indicator,
    Mission,
    Observation,
    ReferenceTerm,
    Region,
    RegionCodeChange,
)
from fellesloft.mission.tabular import ImportFormatError, ObservationRow, jsonstat_rows, parse_csv
from fellesloft.organisations.models import County, Municipality

QUANTUM = Decimal("0.0001")  # Observation.value has four decimals
MAX_VALUE = Decimal("1e14")
BATCH_SIZE = 2000
SHOWN_CHANGES = 200
SHOWN_ERRORS = 200


# --- Imports -----------------------------------------------------------------------------------


@dataclass
class Change:
    where: str
    indicator: str
    region: str
    period: str
    before: str  # "" when the figure is new
    after: str


@dataclass
class ImportReport:
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    new_regions: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)  # the first SHOWN_CHANGES of them
    run: ImportRun | None = None
    # what the reader should know: renumbered municipalities, skipped old ones, split requests
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        created = ngettext("%(count)s nytt tall", "%(count)s nye tall", self.created) % {
            "count": self.created
        }
        updated = ngettext("%(count)s endret tall", "%(count)s endrede tall", self.updated) % {
            "count": self.updated
        }
        unchanged = ngettext("%(count)s var uendret", "%(count)s var uendret", self.unchanged) % {
            "count": self.unchanged
        }
        if self.dry_run:
            text = _("%(created)s og %(updated)s ville blitt lagret; %(unchanged)s")
        else:
            text = _("%(created)s og %(updated)s ble lagret; %(unchanged)s")
        text %= {"created": created, "updated": updated, "unchanged": unchanged}
        if self.skipped:
            text += ngettext(
                "; %(count)s tom eller ikke valgt celle ble hoppet over",
                "; %(count)s tomme eller ikke valgte celler ble hoppet over",
                self.skipped,
            ) % {"count": self.skipped}
        if self.new_regions:
            text += _("; nye regioner: %(regions)s") % {"regions": ", ".join(self.new_regions)}
        return text + "."


class _NoProgress:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


ProgressFactory = Callable[[str, int], Any]


def _no_progress(description: str, total: int) -> _NoProgress:
    return _NoProgress()


def _shown(value: Decimal | None, status: str, preliminary: bool) -> str:
    """A figure as the preview shows it: with the language's decimal mark («9,1»)."""
    if value is None:
        return status
    text = format_number(value)
    return f"{text}*" if preliminary else text


@transaction.atomic
def observations_import(
    *,
    rows: Iterable[ObservationRow],
    source: str,
    file_format: str,
    dry_run: bool = False,
    user=None,
    skipped: int = 0,
    progress: ProgressFactory = _no_progress,
    today: date | None = None,
    allow_new_regions: bool = False,
    run_fields: dict | None = None,
    notes: list[str] | None = None,
) -> ImportReport:
    """Creates or updates one observation per row; importing the same rows again changes
    nothing. All rows are checked before anything is written, and everything happens in one
    transaction: every error is listed with its line or cell, and the database is left as
    it was. A region code Fellesløft does not know (a mistyped «9999») is an error unless
    `allow_new_regions`; then the new regions are created and listed in the report."""
    errors: list[str] = []
    readable: list[ObservationRow] = []
    try:
        for row in rows:
            readable.append(row)
    except ImportFormatError as error:  # raised after the last readable row
        errors.extend(error.errors)
    rows, change_notes, left_out = _apply_code_changes(readable)
    today = today or timezone.localdate()
    report = ImportReport(
        dry_run=dry_run, skipped=skipped + left_out, notes=[*(notes or []), *change_notes]
    )
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}

    checking = progress(_("Kontrollerer"), len(rows))
    known_regions = _known_region_codes()
    region_cache: dict[str, tuple[str, str]] = {}
    period_cache: dict[str, tuple[str, int]] = {}
    region_names: dict[str, tuple[str, str]] = {}
    cleaned: list[tuple[ObservationRow, Indicator, str, str, int, Decimal | None]] = []
    seen: dict[tuple[str, str, str], str] = {}
    for number, row in enumerate(rows, start=1):
        indicator = indicators.get(row.indicator)
        if indicator is None:
            errors.append(
                _("%(where)s: indikatoren «%(code)s» finnes ikke. Opprett den først.")
                % {"where": _capital(row.where), "code": row.indicator}
            )
            continue
        try:
            if row.region not in region_cache:
                region_cache[row.region] = normalise_region_code(row.region)
            if row.period not in period_cache:
                period = normalise_period(row.period)
                period_cache[row.period] = (period, period_year(period))
        except CodeError as error:
            errors.append(f"{_capital(row.where)}: {error}.")
            continue
        region_code, level = region_cache[row.region]
        if not allow_new_regions and region_code not in known_regions:
            errors.append(
                _(
                    "%(where)s: regionkoden «%(code)s» er ukjent (ingen kommune, fylke eller "
                    "region har det nummeret). Rett koden, eller tillat nye regioner om den "
                    "er riktig."
                )
                % {"where": _capital(row.where), "code": row.region}
            )
            continue
        period, year = period_cache[row.period]
        value = row.value
        if value is not None:
            value = value.quantize(QUANTUM)
            if abs(value) >= MAX_VALUE:
                errors.append(
                    _("%(where)s: verdien %(value)s er for stor.")
                    % {"where": _capital(row.where), "value": row.value}
                )
                continue
        key = (indicator.code, region_code, period)
        if key in seen:
            errors.append(
                _("%(where)s gjentar tallet i %(first)s (%(indicator)s, %(region)s, %(period)s).")
                % {
                    "where": _capital(row.where),
                    "first": seen[key],
                    "indicator": indicator.code,
                    "region": region_code,
                    "period": period,
                }
            )
            continue
        seen[key] = row.where
        if row.region_name and region_code not in region_names:
            region_names[region_code] = (row.region_name, level)
        region_names.setdefault(region_code, ("", level))
        cleaned.append((row, indicator, region_code, period, year, value))
        if number % 1000 == 0:
            checking.update(1000)
    checking.update(len(rows) % 1000)
    checking.close()
    if errors:
        raise _file_errors(errors)

    regions = _regions_for(region_names, report, dry_run=dry_run)
    existing = _existing_observations(
        indicator_ids={indicator.pk for _row, indicator, *_rest in cleaned},
        region_ids={regions[code].pk for code in region_names if regions[code].pk},
        periods={period for *_start, period, _year, _value in cleaned},
    )

    to_write: list[tuple] = []
    adapt_value = _value_adapter()
    adapt_date = connection.ops.adapt_datefield_value
    for row, indicator, region_code, period, year, value in cleaned:
        region = regions[region_code]
        before = existing.get((indicator.pk, region.pk, period)) if region.pk else None
        note = row.note if row.note is not None else (before[3] if before else "")
        after = (
            None if value is None else round(float(value), 4),
            row.status,
            row.is_preliminary,
            note,
        )
        if before is not None and before == after:
            report.unchanged += 1
            continue
        if before is None:
            report.created += 1
        else:
            report.updated += 1
        if len(report.changes) < SHOWN_CHANGES:
            report.changes.append(
                Change(
                    where=str(row.where),
                    indicator=indicator.code,
                    region=region_code,
                    period=period,
                    before=""
                    if before is None
                    else _shown(
                        None if before[0] is None else Decimal(str(before[0])),
                        before[1],
                        before[2],
                    ),
                    after=_shown(value, row.status, row.is_preliminary),
                )
            )
        to_write.append(
            (
                indicator.pk,
                region.pk,
                period,
                year,
                adapt_value(value),
                row.status,
                row.is_preliminary,
                note,
                adapt_date(row.updated or today),
            )
        )
    if dry_run:
        return report

    writing = progress(_("Lagrer"), len(to_write))
    with connection.cursor() as cursor:
        for start in range(0, len(to_write), BATCH_SIZE):
            batch = to_write[start : start + BATCH_SIZE]
            cursor.executemany(_upsert_sql(), batch)
            writing.update(len(batch))
    writing.close()
    report.run = ImportRun.objects.create(
        source=source[:2000],
        file_format=file_format,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        skipped=report.skipped,
        user=user if user is not None and user.is_authenticated else None,
        message="\n".join(report.notes),
        **(run_fields or {}),
    )
    return report


def _apply_code_changes(rows: list[ObservationRow]) -> tuple[list[ObservationRow], list[str], int]:
    """Rows with old municipality numbers moved to today's (RegionCodeChange), the notes that
    say what was done, and how many rows were left out.

    A renumbered municipality's figures go to today's number; one that was merged or split
    covered another area, so its figures are left out. Where the dataset has a figure under
    both numbers for the same period (SSB's list keeps old and new codes side by side, with
    «.» where a code did not exist), the figure with a value is kept."""
    changes = CodeChanges(
        RegionCodeChange.objects.values_list("old_code", "old_name", "new_code", "year", "kind")
    )
    if not changes.by_old:
        return rows, [], 0
    notes: dict[str, str] = {}
    left_out = 0
    kept: dict[tuple[str, str, str], int] = {}
    mapped_keys: set[tuple[str, str, str]] = set()
    result: list[ObservationRow | None] = []
    for row in rows:
        try:
            code, _level = normalise_region_code(row.region)
        except CodeError:
            result.append(row)  # reported by the check
            continue
        mapped = False
        if code in changes:
            new_code, how = changes.resolve(code)
            if new_code is None:
                notes.setdefault(code, how)
                left_out += 1
                continue
            notes.setdefault(code, _("%(how)s: tallene er lagt til dagens nummer") % {"how": how})
            row = row._replace(region=new_code, region_name="")
            code, mapped = new_code, True
        key = (row.indicator, code, str(row.period).strip().upper())
        if key in kept:
            earlier = result[kept[key]]
            if earlier is not None and (key in mapped_keys or mapped):
                left_out += 1
                # keep the one with a value; with two values, today's number wins
                if (
                    earlier.value is None
                    and row.value is not None
                    or (row.value is not None and not mapped)
                ):
                    result[kept[key]] = row
                continue
        kept[key] = len(result)
        if mapped:
            mapped_keys.add(key)
        result.append(row)
    return [row for row in result if row is not None], list(notes.values()), left_out


def _value_adapter():
    field = Observation._meta.get_field("value")

    def adapt(value: Decimal | None):
        return connection.ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )

    return adapt


def _upsert_sql() -> str:
    """One INSERT … ON CONFLICT DO UPDATE per row, sent with executemany: the same SQL works on
    SQLite (3.24+) and PostgreSQL, and skips the ORM's per-object work that made a 100 000-cell
    import take 15 s. Validation happened before, in Python; the constraints still hold."""
    quote = connection.ops.quote_name
    meta = Observation._meta
    columns = [
        meta.get_field(name).column
        for name in (
            "indicator",
            "region",
            "period",
            "year",
            "value",
            "status",
            "is_preliminary",
            "note",
            "updated",
        )
    ]
    updates = ", ".join(f"{quote(column)} = EXCLUDED.{quote(column)}" for column in columns[3:])
    table, names = quote(meta.db_table), ", ".join(quote(column) for column in columns)
    key, marks = ", ".join(quote(column) for column in columns[:3]), ", ".join(["%s"] * 9)
    # Only the model's quoted table and column names go into the text; values are parameters.
    return (
        f"INSERT INTO {table} ({names}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
    )


def _file_errors(errors: list[str]) -> ServiceError:
    """Everything wrong with a file, each finding with its line or cell."""
    if len(errors) == 1:
        return ServiceError(errors[0], code="invalid_file")
    shown = errors[:SHOWN_ERRORS]
    if len(errors) > SHOWN_ERRORS:
        shown.append(_("… og %(count)d til.") % {"count": len(errors) - SHOWN_ERRORS})
    return ServiceError(
        ngettext(
            "Fila har %(count)d feil. Ingenting er lagret.",
            "Fila har %(count)d feil. Ingenting er lagret.",
            len(errors),
        )
        % {"count": len(errors)},
        code="invalid_file",
        details=shown,
    )


def _known_region_codes() -> set[str]:
    """The regions an import may name without being told new ones are expected."""
    return {
        COUNTRY_CODE,
        *Region.objects.values_list("code", flat=True),
        *Municipality.objects.values_list("number", flat=True),
        *County.objects.values_list("number", flat=True),
    }


def _regions_for(
    wanted: dict[str, tuple[str, str]], report: ImportReport, *, dry_run: bool
) -> dict[str, Region]:
    regions = {region.code: region for region in Region.objects.filter(code__in=list(wanted))}
    missing = [code for code in wanted if code not in regions]
    if not missing:
        return regions
    known_names = dict(
        Municipality.objects.filter(number__in=missing).values_list("number", "name")
    )
    known_names.update(County.objects.filter(number__in=missing).values_list("number", "name"))
    new = []
    for code in sorted(missing):
        given_name, level = wanted[code]
        name = (
            known_names.get(code)
            or given_name
            or (_("Hele landet") if code == COUNTRY_CODE else code)
        )
        new.append(Region(code=code, name=name[:150], level=level))
        report.new_regions.append(f"{name} ({code})")
    if not dry_run:
        Region.objects.bulk_create(new)
        new = list(Region.objects.filter(code__in=missing))
    regions.update({region.code: region for region in new})
    return regions


def _existing_observations(*, indicator_ids, region_ids, periods) -> dict[tuple, tuple]:
    """(indicator, region, period) → (value, status, is_preliminary, note) of what is stored.

    Read with a plain cursor: the ORM's Decimal conversion of 100 000 rows costs a second.
    Values come back as floats (SQLite) or Decimals (PostgreSQL) and are compared rounded."""
    if not indicator_ids or not region_ids:
        return {}
    existing = {}
    queryset = Observation.objects.filter(
        indicator_id__in=indicator_ids, region_id__in=region_ids, period__in=periods
    ).values_list(
        "indicator_id", "region_id", "period", "value", "status", "is_preliminary", "note"
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            for indicator, region, period, value, status, preliminary, note in rows:
                existing[(indicator, region, period)] = (
                    None if value is None else round(float(value), 4),
                    status,
                    bool(preliminary),
                    note,
                )
    return existing


def import_data(
    *,
    data: bytes,
    file_format: str,
    source: str,
    indicators: dict[str, str] | None = None,
    region: str | None = None,
    time: str | None = None,
    contents: str | None = None,
    fixed: dict[str, str] | None = None,
    preliminary: bool = False,
    dry_run: bool = False,
    user=None,
    progress: ProgressFactory = _no_progress,
    allow_new_regions: bool = False,
) -> ImportReport:
    """Reads a JSON-stat 2.0 dataset or a CSV file and imports it (see `observations_import`).

    For JSON-stat, `indicators` maps the contents categories to indicator codes
    ({"": code} for a dataset with one contents category)."""
    try:
        if file_format == "jsonstat":
            dataset = parse_jsonstat(data, region=region, time=time, contents=contents, fixed=fixed)
            rows, skipped = jsonstat_rows(
                dataset, indicators=indicators or {}, preliminary=preliminary
            )
        elif file_format == "csv":
            # Read lazily: a bad row is listed together with what the check finds in the rest.
            rows, skipped = parse_csv(data), 0
            if preliminary:
                rows = (row._replace(is_preliminary=True) for row in rows)
        else:
            raise ServiceError(_("Ukjent format «%(format)s».") % {"format": file_format})
    except JsonStatError as error:
        raise ServiceError(str(error), code="invalid_file") from None
    except ImportFormatError as error:
        raise _file_errors(error.errors) from None
    return observations_import(
        rows=rows,
        source=source,
        file_format=file_format,
        dry_run=dry_run,
        user=user,
        skipped=skipped,
        progress=progress,
        allow_new_regions=allow_new_regions,
    )


def _preset_rows(preset: ssb.Preset, document: dict[str, Any]) -> tuple[list[ObservationRow], int]:
    """The rows of one answer to the preset's request (a saved file or a fetched part)."""
    if preset.grouping is not None:
        # The groups (age bands) become the contents; the one statistics variable is fixed.
        (contents,) = preset.contents.codes
        dataset = parse_jsonstat(
            ssb.sum_groups(document, preset.grouping),
            contents=preset.grouping.dimension,
            fixed={**preset.fixed_codes(), "ContentsCode": contents},
        )
        indicators = {code: code for code in preset.grouping.groups}
    else:
        dataset = parse_jsonstat(document, fixed=preset.fixed_codes())
        present = dataset.dimensions[dataset.contents].codes if dataset.contents else []
        indicators = {code: target for code, target in preset.indicators.items() if code in present}
        if not indicators:
            raise JsonStatError(
                _("Datasettet har ingen av statistikkvariablene %(codes)s (har: %(present)s).")
                % {"codes": ", ".join(preset.indicators), "present": ", ".join(present)}
            )
    rows, skipped = jsonstat_rows(dataset, indicators=indicators)
    preliminary = ssb.preliminary_periods(document, dataset.time)
    if preliminary:
        rows = [
            row._replace(is_preliminary=True)
            if row.period in preliminary and row.value is not None
            else row
            for row in rows
        ]
    return rows, skipped


def _mark_preliminary_indicators(codes: set[str]) -> None:
    """An indicator says «the newest figures are preliminary» exactly when its newest period
    has a preliminary figure – so final figures clear the mark the preliminary ones set."""
    for indicator in Indicator.objects.filter(code__in=codes):
        newest = indicator.observations.order_by("-period").values_list("period", flat=True).first()
        if newest is None:
            continue
        preliminary = indicator.observations.filter(period=newest, is_preliminary=True).exists()
        if indicator.is_preliminary != preliminary:
            indicator.is_preliminary = preliminary
            indicator.save(update_fields=["is_preliminary"])


def county_municipalities(county: str) -> list[str]:
    return list(
        Municipality.objects.filter(county__number=county)
        .order_by("number")
        .values_list("number", flat=True)
    )


def preset_import(
    *,
    preset: str,
    data: bytes | None = None,
    filename: str = "",
    county: str | None = None,
    top: int | None = None,
    dry_run: bool = False,
    user=None,
    trigger: str = ImportTrigger.MANUAL,
    progress: ProgressFactory = _no_progress,
    get: Callable[[str], bytes] | None = None,
    throttle: ssb.Throttle | None = None,
) -> ImportReport:
    """Imports one of the SSB presets (ssb.PRESETS): fetched from SSB's API, or from `data`,
    a JSON-stat file saved from the preset's request (machines without internet, tests).

    All or nothing: a failure (no answer, a code SSB no longer has, a bad file) changes no
    figure; it is recorded as a failed import with the reason, and raised as ServiceError."""
    county = county or settings.SSB_COUNTY
    source = filename or preset
    try:
        chosen = ssb.get_preset(preset)
        municipalities = county_municipalities(county)
        if chosen.per_municipality and not municipalities:
            raise ServiceError(
                _("Fylket «%(county)s» har ingen kommuner i Fellesløft.") % {"county": county}
            )
        source = filename or ssb.preset_url(
            chosen, municipalities=municipalities, county=county, top=top
        )
        notes: list[str] = []
        if data is None:
            fetched = ssb.fetch_preset(
                chosen,
                municipalities=municipalities,
                county=county,
                top=top,
                get=get or fetch.fetch,
                throttle=throttle,
            )
            documents, notes = fetched.documents, fetched.notes
            if len(fetched.urls) == 1:
                source = fetched.urls[0]
        else:
            documents = [loads(data)]
        rows: list[ObservationRow] = []
        skipped = 0
        for document in documents:
            part_rows, part_skipped = _preset_rows(chosen, document)
            rows.extend(part_rows)
            skipped += part_skipped
        report = observations_import(
            rows=rows,
            source=source,
            file_format="jsonstat",
            dry_run=dry_run,
            user=user,
            skipped=skipped,
            progress=progress,
            run_fields={"preset": chosen.name, "trigger": trigger},
            notes=notes,
        )
        if not dry_run:
            _mark_preliminary_indicators(set(chosen.indicator_codes))
        return report
    except (ssb.PresetError, JsonStatError) as error:
        failure = ServiceError(str(error), code="invalid_file")
    except ImportFormatError as error:
        failure = _file_errors(error.errors)
    except ServiceError as error:
        failure = error
    if not dry_run:
        ImportRun.objects.create(
            source=source[:2000],
            file_format="jsonstat",
            preset=preset[:40],
            trigger=trigger,
            result=ImportResult.FAILED,
            message=failure.message[:5000],
            user=user if user is not None and user.is_authenticated else None,
        )
    raise failure


def guess_format(name: str, data: bytes) -> str:
    lowered = name.lower().split("?")[0]
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith(".json") or "json-stat" in name.lower():
        return "jsonstat"
    return "jsonstat" if data.lstrip()[:1] in (b"{", b"[") else "csv"


def _capital(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


# --- The mission and its goals ------------------------------------------------------------------


@transaction.atomic
def mission_update(*, mission: Mission, name: str, vision: str, description: str = "") -> Mission:
    mission.name = name.strip()
    mission.vision = vision.strip()
    mission.description = description.strip()
    return save_validated(mission)


def _check_goal(*, baseline_year: int, target_year: int, baseline_value, target_value, direction):
    if target_year <= baseline_year:
        raise ServiceError(_("Målåret må komme etter utgangsåret."), field="target_year")
    if direction == Direction.DOWN and target_value > baseline_value:
        raise ServiceError(
            _("Når lavere er bedre, må målverdien være lavere enn utgangsverdien."),
            field="target_value",
        )
    if direction == Direction.UP and target_value < baseline_value:
        raise ServiceError(
            _("Når høyere er bedre, må målverdien være høyere enn utgangsverdien."),
            field="target_value",
        )


@transaction.atomic
def goal_create(
    *,
    mission: Mission,
    title: str,
    indicator: Indicator,
    region: Region,
    baseline_value: Decimal,
    baseline_year: int,
    target_value: Decimal,
    target_year: int,
    direction: str = Direction.DOWN,
    description: str = "",
    order: int | None = None,
) -> Goal:
    _check_goal(
        baseline_year=baseline_year,
        target_year=target_year,
        baseline_value=baseline_value,
        target_value=target_value,
        direction=direction,
    )
    if order is None:
        order = mission.goals.count() + 1
    return save_validated(
        Goal(
            mission=mission,
            title=title.strip(),
            description=description.strip(),
            indicator=indicator,
            region=region,
            baseline_value=baseline_value,
            baseline_year=baseline_year,
            target_value=target_value,
            target_year=target_year,
            direction=direction,
            order=order,
        )
    )


GOAL_FIELDS = (
    "title",
    "description",
    "indicator",
    "region",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "direction",
    "order",
)


@transaction.atomic
def goal_update(*, goal: Goal, **fields) -> Goal:
    refuse_unknown_fields(fields, GOAL_FIELDS)
    merged = {name: fields.get(name, getattr(goal, name)) for name in GOAL_FIELDS}
    _check_goal(
        baseline_year=merged["baseline_year"],
        target_year=merged["target_year"],
        baseline_value=merged["baseline_value"],
        target_value=merged["target_value"],
        direction=merged["direction"],
    )
    return save_validated(apply_fields(goal, fields))


@transaction.atomic
def goal_delete(*, goal: Goal) -> None:
    goal.delete()


# --- Indicators ----------------------------------------------------------------------------------

# What the indicator forms edit besides the code (their Meta.fields) and the services accept.
INDICATOR_FIELDS = (
    "name",
    "definition",
    "unit",
    "decimals",
    "source",
    "source_url",
    "is_preliminary",
    "order",
)


@transaction.atomic
def indicator_create(*, code: str, name: str, unit: str, source: str, **fields) -> Indicator:
    refuse_unknown_fields(fields, INDICATOR_FIELDS)
    code = code.strip().lower()
    if Indicator.objects.filter(code=code).exists():
        raise ServiceError(_("Koden «%(code)s» er allerede i bruk.") % {"code": code}, field="code")
    return save_validated(
        Indicator(code=code, name=name.strip(), unit=unit, source=source, **fields)
    )


@transaction.atomic
def indicator_update(*, indicator: Indicator, **fields) -> Indicator:
    refuse_unknown_fields(fields, INDICATOR_FIELDS)
    return save_validated(apply_fields(indicator, fields, strip=False))


# --- Reference lists -----------------------------------------------------------------------------


@transaction.atomic
def reference_term_save(
    *,
    term: ReferenceTerm,
    name: str,
    name_en: str = "",
    description: str = "",
    order: int | None = None,
    is_active: bool = True,
) -> ReferenceTerm:
    """Adds a term to its list (`term` not saved yet, e.g. `NeedTheme()`) or changes one.
    Names are unique within a list. A new term gets its slug from the name and, without an
    `order`, the place after the last; a changed one keeps both, so links and filters that use
    the slug keep working."""
    model = type(term)
    name = name.strip()
    if model.objects.filter(name__iexact=name).exclude(pk=term.pk).exists():
        raise ServiceError(_("«%(name)s» står allerede i lista.") % {"name": name}, field="name")
    if term.pk is None:
        term.slug = unique_slug(model, name, fallback="term")
        if order is None:
            last = model.objects.order_by("-order").values_list("order", flat=True).first()
            order = (last or 0) + 1
    term.name = name
    term.name_en = name_en.strip()
    term.description = description.strip()
    term.order = term.order if order is None else order
    term.is_active = is_active
    return save_validated(term)
