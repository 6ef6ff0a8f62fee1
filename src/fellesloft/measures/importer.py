"""Bulk import of measures from XLSX or CSV, checked row by row.

The file layout is `COLUMNS`; the import page documents it and `template_workbook()` makes
the downloadable template from the same list, so the page, the template and the parser cannot
disagree. A row is refused with the reasons named (unknown municipality number or need theme,
an age range upside down, personal data in a text, …); the accepted rows are written only
when the uploader confirms, all in one transaction (services.measure_import_confirm).
"""

import csv
import datetime
import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.styles import PatternFill

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.spreadsheets import Spreadsheet
from fellesloft.core.text import clean_text
from fellesloft.measures.models import Access, Measure, Reach, YouthNeed
from fellesloft.measures.rules import Scope, user_scope
from fellesloft.measures.validation import MeasureInput, measure_problems
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality, Organisation, OrganisationKind, Sector

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
LIST_SEPARATORS = (";", "|", "\n")


@dataclass(frozen=True)
class Column:
    key: str
    required: bool
    description: Any
    example: str


COLUMNS: list[Column] = [
    Column(
        "kommunenummer",
        True,
        gettext_lazy(
            "Kommunenummer med fire sifre. Flere kommuner skilles med semikolon. "
            "Tom når rekkevidde er fylke eller landet."
        ),
        "5001",
    ),
    Column(
        "rekkevidde",
        False,
        gettext_lazy("Kommune, Fylke eller Landet: hvor tilbudet gis. Tom: kommune."),
        "Kommune",
    ),
    Column("tiltak", True, gettext_lazy("Navnet på tiltaket."), "Ungdomslos"),
    Column(
        "tilbyder",
        True,
        gettext_lazy(
            "Organisasjonen som tilbyr tiltaket, slik den heter i Fellesløft. "
            "Finnes den ikke, opprettes den når kolonnen sektor er fylt ut."
        ),
        "Trondheim kommune – oppvekst",
    ),
    Column(
        "sektor",
        False,
        gettext_lazy(
            "Tilbyderens sektor (kode eller navn, se arket Koder). Påkrevet når tilbyderen er ny."
        ),
        "skole-oppvekst",
    ),
    Column(
        "beskrivelse",
        True,
        gettext_lazy("Hva tiltaket er, med enkle ord. Ingen navn eller telefonnummer."),
        "En voksen som følger deg opp på skolen og i fritiden.",
    ),
    Column("alder_fra", True, gettext_lazy("Laveste alder, et helt tall."), "13"),
    Column(
        "alder_til",
        True,
        gettext_lazy("Høyeste alder, et helt tall, ikke lavere enn alder_fra."),
        "20",
    ),
    Column(
        "behovstema",
        True,
        gettext_lazy("Ett eller flere behovstema (kode eller navn), skilt med semikolon."),
        "relasjoner; selvfolelse-mestring",
    ),
    Column(
        "unge_behov",
        False,
        gettext_lazy(
            "Det de unge ser etter på «Hva kan hjelpe meg?», skilt med semikolon: "
            "snakke, skole, jobb, penger, bolig, helse. Tom: foreslås fra behovstema og sektor."
        ),
        "snakke; skole",
    ),
    Column(
        "tilgang",
        True,
        gettext_lazy("Drop-in, Ta kontakt selv, Henvisning eller Vedtak."),
        "Ta kontakt selv",
    ),
    Column("mer_om_tilgang", False, gettext_lazy("For eksempel hvem som kan henvise."), ""),
    Column("kapasitet", False, gettext_lazy("Antall plasser eller deltakere, et helt tall."), "25"),
    Column(
        "kontaktpunkt",
        True,
        gettext_lazy("En rolle, aldri en navngitt person."),
        "Ungdomslos i oppvekstsektoren",
    ),
    Column("apningstid", True, gettext_lazy("Når man kan ta kontakt."), "Hverdager 9–16"),
    Column(
        "sted", False, gettext_lazy("Hvor tiltaket holder til."), "Ungdomshuset, Kongens gate 1"
    ),
    Column(
        "telefon",
        False,
        gettext_lazy("Tjenestens eget telefonnummer (sentralbord), ikke en persons mobil."),
        "72 54 00 00",
    ),
    Column("nettside", False, gettext_lazy("Adresse til tiltakets nettside."), ""),
    Column("status", False, gettext_lazy("Aktiv eller Avsluttet. Tom: aktiv."), "Aktiv"),
    Column(
        "koordinert_med",
        False,
        gettext_lazy(
            "Navn på andre tiltak i samme kommune som tiltaket samarbeider fast med, skilt med "
            "semikolon. De kan stå i samme fil. Lenker som finnes fra før, beholdes."
        ),
        "Oppfølgingstjenesten (OT)",
    ),
]
COLUMN_KEYS = [column.key for column in COLUMNS]
REQUIRED_KEYS = [column.key for column in COLUMNS if column.required]

ACCESS_WORDS = {
    "drop-in": Access.DROP_IN,
    "dropin": Access.DROP_IN,
    "drop in": Access.DROP_IN,
    "ta kontakt selv": Access.SELF_REFERRAL,
    "selvhenvisning": Access.SELF_REFERRAL,
    "henvisning": Access.REFERRAL,
    "vedtak": Access.DECISION,
    **{value: Access(value) for value in Access.values},
}
REACH_WORDS = {
    "": Reach.MUNICIPAL,
    "kommune": Reach.MUNICIPAL,
    "fylke": Reach.REGIONAL,
    "fylket": Reach.REGIONAL,
    "region": Reach.REGIONAL,
    "regional": Reach.REGIONAL,
    "landet": Reach.NATIONAL,
    "nasjonal": Reach.NATIONAL,
    "hele landet": Reach.NATIONAL,
    **{value: Reach(value) for value in Reach.values},
}
STATUS_WORDS = {"": True, "aktiv": True, "ja": True, "avsluttet": False, "nei": False}
YOUTH_WORDS = {
    **{value: value for value in YouthNeed.values},
    **{str(label).lower(): value for value, label in YouthNeed.choices},
}
SECTOR_KIND = {
    "skole-oppvekst": OrganisationKind.MUNICIPAL_SERVICE,
    "helse": OrganisationKind.MUNICIPAL_SERVICE,
    "barnevern": OrganisationKind.MUNICIPAL_SERVICE,
    "kultur-fritid": OrganisationKind.MUNICIPAL_SERVICE,
    "nav": OrganisationKind.NAV,
    "fylkeskommune": OrganisationKind.COUNTY,
    "stat": OrganisationKind.STATE,
    "spesialisthelse": OrganisationKind.SPECIALIST_HEALTH,
    "frivillighet": OrganisationKind.VOLUNTEER,
    "naeringsliv": OrganisationKind.BUSINESS,
    "forskning": OrganisationKind.RESEARCH,
    "ks-pri": OrganisationKind.KS,
}


@dataclass
class TableRow:
    """One row of the file as text, with its row number in the spreadsheet (header = 1)."""

    number: int
    values: dict[str, str]

    def as_json(self) -> dict:
        return {"number": self.number, "values": self.values}

    @classmethod
    def from_json(cls, item: dict) -> "TableRow":
        return cls(number=item["number"], values=item["values"])


@dataclass
class CheckedRow:
    number: int
    values: dict[str, str]
    reasons: list[str] = field(default_factory=list)
    data: MeasureInput | None = None
    existing: Measure | None = None
    new_provider: bool = False
    links: list[str] = field(default_factory=list)
    link_targets: list[tuple[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.values.get("tiltak", "")

    def summary(self) -> dict:
        data = self.data
        return {
            "name": self.name,
            "provider": self.values.get("tilbyder", ""),
            "municipalities": ", ".join(m.name for m in data.municipalities) if data else "",
            "action": "update" if self.existing else "create",
            "new_provider": self.new_provider,
            "links": self.links,
        }

    def as_json(self) -> dict:
        return {
            "number": self.number,
            "values": self.values,
            "reasons": self.reasons,
            "summary": self.summary(),
        }


@dataclass
class CheckResult:
    accepted: list[CheckedRow]
    refused: list[CheckedRow]


# --- Reading -----------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return clean_text(str(value)).strip()


def _header_key(value: Any) -> str:
    text = _cell_text(value).lower().replace("*", "").strip()
    text = text.split("(")[0].strip()
    for old, new in ((" ", "_"), ("-", "_"), ("å", "a"), ("ø", "o"), ("æ", "ae")):
        text = text.replace(old, new)
    return text


def _read_xlsx(content: bytes) -> list[list[Any]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ServiceError(
            _("Filen kan ikke leses som et Excel-ark (XLSX)."), field="file"
        ) from error
    sheet = workbook["Tiltak"] if "Tiltak" in workbook.sheetnames else workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _read_csv(content: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover – cp1252 decodes nearly everything
        raise ServiceError(_("Filen har en tegnkoding vi ikke kan lese."), field="file")
    first_line = text.splitlines()[0] if text else ""
    delimiter = max((";", ",", "\t"), key=first_line.count)
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def read_table(*, filename: str, content: bytes) -> list[TableRow]:
    """The data rows of the file, keyed by column, or a ServiceError about the whole file."""
    if not content:
        raise ServiceError(_("Filen er tom."), field="file")
    if len(content) > MAX_FILE_BYTES:
        raise ServiceError(_("Filen er større enn 2 MB. Del den opp."), field="file")
    lower = filename.lower()
    if lower.endswith(".xlsx") or content[:2] == b"PK":
        raw_rows = _read_xlsx(content)
    elif lower.endswith((".csv", ".txt")):
        raw_rows = _read_csv(content)
    else:
        raise ServiceError(_("Last opp en XLSX- eller CSV-fil."), field="file")
    if not raw_rows:
        raise ServiceError(_("Filen er tom."), field="file")
    headers = [_header_key(value) for value in raw_rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    unknown = [header for header in headers if header and header not in COLUMN_KEYS]
    if unknown:
        raise ServiceError(
            _("Ukjente kolonner i første rad: %(columns)s. Bruk malen.")
            % {"columns": ", ".join(unknown)},
            field="file",
        )
    missing = [key for key in REQUIRED_KEYS if key not in headers]
    if missing:
        raise ServiceError(
            _("Disse kolonnene mangler i første rad: %(columns)s. Bruk malen.")
            % {"columns": ", ".join(missing)},
            field="file",
        )
    table: list[TableRow] = []
    for index, raw in enumerate(raw_rows[1:], start=2):
        values = {
            key: _cell_text(raw[position]) if position < len(raw) else ""
            for position, key in enumerate(headers)
            if key
        }
        if not any(values.values()):
            continue
        table.append(TableRow(number=index, values=values))
        if len(table) > MAX_ROWS:
            raise ServiceError(
                _("Filen har flere enn %(max)s rader. Del den opp.") % {"max": MAX_ROWS},
                field="file",
            )
    if not table:
        raise ServiceError(_("Filen har ingen rader med tiltak under overskriftene."), field="file")
    return table


# --- Checking ---------------------------------------------------------------------------------


def _split(text: str) -> list[str]:
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return [part.strip() for part in text.split(LIST_SEPARATORS[0]) if part.strip()]


def _integer(text: str, label: str, reasons: list[str]) -> int | None:
    if not text:
        return None
    try:
        return int(text.replace(" ", ""))
    except ValueError:
        reasons.append(
            _("%(label)s må være et helt tall, ikke «%(value)s».")
            % {
                "label": label,
                "value": text,
            }
        )
        return None


class _Lookups:
    """Everything a row refers to, read once for the whole file."""

    def __init__(self, table: list[TableRow]):
        self.municipalities = {m.number: m for m in Municipality.objects.all()}
        self.themes: dict[str, NeedTheme] = {}
        for theme in NeedTheme.objects.all():
            self.themes[theme.slug.lower()] = theme
            self.themes[theme.name.lower()] = theme
        self.sectors: dict[str, Sector] = {}
        for sector in Sector.objects.all():
            self.sectors[sector.slug.lower()] = sector
            self.sectors[sector.name.lower()] = sector
        names = {row.values.get("tilbyder", "").strip().lower() for row in table}
        self.organisations = {
            organisation.name.lower(): organisation
            for organisation in Organisation.objects.select_related("sector")
            if organisation.name.lower() in names
        }
        # Existing measures, for updates (provider + name) and «koordinert med» by name.
        self.measures = list(
            Measure.objects.select_related("provider__sector").prefetch_related(
                "municipalities", "youth_needs"
            )
        )
        self.by_provider_and_name = {
            (measure.provider_id, measure.name.lower()): measure for measure in self.measures
        }
        self.by_name: dict[str, list[Measure]] = defaultdict(list)
        for measure in self.measures:
            self.by_name[measure.name.lower()].append(measure)


def _municipality_ids(measure: Measure) -> set[int]:
    return {municipality.pk for municipality in measure.municipalities.all()}


def _check_row(row: TableRow, lookups: _Lookups, *, actor, scope: Scope) -> CheckedRow:
    values = row.values
    checked = CheckedRow(number=row.number, values=values)
    reasons = checked.reasons

    municipalities = []
    for number in _split(values.get("kommunenummer", "")):
        number = number.zfill(4) if number.isdigit() else number
        municipality = lookups.municipalities.get(number)
        if municipality is None:
            reasons.append(_("Ukjent kommunenummer «%(value)s».") % {"value": number})
        elif municipality not in municipalities:
            municipalities.append(municipality)
    reach_text = values.get("rekkevidde", "").strip()
    reach = REACH_WORDS.get(reach_text.lower())
    if reach is None:
        reasons.append(
            _("Ukjent rekkevidde «%(value)s» (bruk Kommune, Fylke eller Landet).")
            % {"value": reach_text}
        )
    elif reach == Reach.MUNICIPAL and not municipalities and not reasons:
        reasons.append(_("Kommunenummer mangler."))

    themes = []
    for word in _split(values.get("behovstema", "")):
        theme = lookups.themes.get(word.lower())
        if theme is None:
            reasons.append(_("Ukjent behovstema «%(value)s».") % {"value": word})
        elif theme not in themes:
            themes.append(theme)

    youth_needs = []
    for word in _split(values.get("unge_behov", "")):
        need = YOUTH_WORDS.get(word.lower())
        if need is None:
            reasons.append(
                _(
                    "Ukjent behov i unge_behov «%(value)s» (bruk snakke, skole, jobb, penger, "
                    "bolig eller helse)."
                )
                % {"value": word}
            )
        elif need not in youth_needs:
            youth_needs.append(need)

    access_text = values.get("tilgang", "").strip()
    access = ACCESS_WORDS.get(access_text.lower(), "")
    if access_text and not access:
        reasons.append(
            _(
                "Ukjent tilgang «%(value)s» (bruk Drop-in, Ta kontakt selv, Henvisning eller "
                "Vedtak)."
            )
            % {"value": access_text}
        )
    status_text = values.get("status", "").strip().lower()
    if status_text not in STATUS_WORDS:
        reasons.append(
            _("Ukjent status «%(value)s» (bruk Aktiv eller Avsluttet).")
            % {"value": values.get("status", "")}
        )

    age_from = _integer(values.get("alder_fra", ""), "alder_fra", reasons)
    age_to = _integer(values.get("alder_til", ""), "alder_til", reasons)
    capacity = _integer(values.get("kapasitet", ""), "kapasitet", reasons)
    if capacity is not None and capacity < 0:
        reasons.append(_("Kapasitet kan ikke være negativ."))
        capacity = None

    provider_name = values.get("tilbyder", "").strip()
    sector_text = values.get("sektor", "").strip()
    sector = lookups.sectors.get(sector_text.lower()) if sector_text else None
    if sector_text and sector is None:
        reasons.append(_("Ukjent sektor «%(value)s».") % {"value": sector_text})
    provider = lookups.organisations.get(provider_name.lower()) if provider_name else None
    if not provider_name:
        reasons.append(_("Tilbyder mangler."))
    elif provider is None:
        if sector is None:
            if not sector_text:
                reasons.append(
                    _(
                        "Tilbyderen «%(name)s» finnes ikke i Fellesløft. Fyll ut sektor, så "
                        "opprettes den."
                    )
                    % {"name": provider_name}
                )
        elif sector.is_youth_voice:
            reasons.append(_("Tilbyderen kan ikke høre til sektoren «Ungdom»."))
        else:
            provider = Organisation(
                name=provider_name, sector=sector, kind=SECTOR_KIND.get(sector.slug, "other")
            )
            checked.new_provider = True
    elif sector is not None and provider.sector_id != sector.pk:
        reasons.append(
            _("%(name)s hører til sektoren «%(actual)s», ikke «%(given)s».")
            % {"name": provider.name, "actual": provider.sector.name, "given": sector.name}
        )

    if reasons or provider is None:
        return checked

    name = values.get("tiltak", "").strip()
    existing = (
        lookups.by_provider_and_name.get((provider.pk, name.lower())) if provider.pk else None
    )
    data = MeasureInput(
        name=name,
        provider=provider,
        municipalities=municipalities,
        description=values.get("beskrivelse", ""),
        age_from=age_from,
        age_to=age_to,
        need_themes=themes,
        access=access,
        contact_role=values.get("kontaktpunkt", ""),
        opening_hours=values.get("apningstid", ""),
        youth_needs=youth_needs,
        access_note=values.get("mer_om_tilgang", ""),
        capacity=capacity,
        location=values.get("sted", ""),
        contact_phone=values.get("telefon", ""),
        website=values.get("nettside", ""),
        is_active=STATUS_WORDS[status_text],
        reach=reach,
    )
    if not youth_needs and existing is not None:
        # An update with an empty column keeps what was chosen by hand.
        data.youth_needs = [item.need for item in existing.youth_needs.all()]
    for problem in measure_problems(
        data, actor=actor, measure=existing, scope=scope, check_duplicate=False
    ):
        reasons.append(problem.message)
    if existing is not None and not actor.has_perm("measures.change_measure", existing):
        reasons.append(_("Tiltaket finnes fra før, og du har ikke lov til å endre det."))
    checked.data = data
    checked.existing = existing
    checked.links = _split(values.get("koordinert_med", ""))
    return checked


def check_rows(table: list[TableRow], *, actor) -> CheckResult:
    lookups = _Lookups(table)
    scope = user_scope(user=actor)
    rows = [_check_row(row, lookups, actor=actor, scope=scope) for row in table]

    # The same measure twice in one file: the later row is refused.
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.reasons:
            continue
        key = (row.values.get("tilbyder", "").strip().lower(), row.name.strip().lower())
        if key in seen:
            row.reasons.append(
                _("Samme tiltak og tilbyder står også i rad %(row)s.") % {"row": seen[key]}
            )
        else:
            seen[key] = row.number

    # «koordinert med» must name a measure in a shared municipality: in the database or in an
    # accepted row of the file. A row pointing only at refused rows is refused too, until
    # nothing changes.
    changed = True
    while changed:
        changed = False
        file_rows: dict[str, list[CheckedRow]] = defaultdict(list)
        for row in rows:
            file_rows[row.name.strip().lower()].append(row)
        for row in rows:
            if row.reasons:
                continue
            mine = {municipality.pk for municipality in row.data.municipalities}
            targets: list[tuple[str, Any]] = []
            for link in row.links:
                key = link.lower()
                if key == row.name.strip().lower():
                    row.reasons.append(_("Et tiltak kan ikke være koordinert med seg selv."))
                    break
                in_file = [
                    other
                    for other in file_rows.get(key, [])
                    if other is not row
                    and other.data is not None
                    and mine & {m.pk for m in other.data.municipalities}
                ]
                in_database = [
                    measure
                    for measure in lookups.by_name.get(key, [])
                    if mine & _municipality_ids(measure)
                    and not any(other.existing == measure for other in in_file)
                ]
                usable = [other for other in in_file if not other.reasons]
                if not usable and not in_database:
                    refused = [other for other in in_file if other.reasons]
                    if refused:
                        row.reasons.append(
                            _("«koordinert med» peker på «%(name)s», som er avvist (rad %(row)s).")
                            % {"name": link, "row": refused[0].number}
                        )
                    else:
                        row.reasons.append(
                            _("«koordinert med»: fant ikke tiltaket «%(name)s» i samme kommune.")
                            % {"name": link}
                        )
                    changed = True
                    break
                targets += [("row", other.number) for other in usable]
                targets += [("measure", measure.pk) for measure in in_database]
            row.link_targets = targets
    accepted = [row for row in rows if not row.reasons]
    refused = [row for row in rows if row.reasons]
    return CheckResult(accepted=accepted, refused=refused)


# --- The template -------------------------------------------------------------------------------


def template_workbook() -> bytes:
    """The import template: the sheet to fill in, the columns explained, and the codes."""
    workbook = Spreadsheet()
    required_fill = PatternFill("solid", fgColor="DDE7F3")

    sheet = workbook.create_sheet("Tiltak")
    sheet.header(COLUMN_KEYS)
    for index, column in enumerate(COLUMNS, start=1):
        if column.required:
            sheet.worksheet.cell(row=1, column=index).fill = required_fill
    sheet.widths(*(max(14, len(column.key) + 4) for column in COLUMNS))

    guide = workbook.create_sheet("Kolonner")
    guide.header([_("kolonne"), _("påkrevet"), _("forklaring"), _("eksempel")])
    for column in COLUMNS:
        guide.append(
            [
                column.key,
                _("ja") if column.required else _("nei"),
                column.description,
                column.example,
            ]
        )
    guide.widths(18, 10, 90, 40)

    codes = workbook.create_sheet("Koder")
    codes.header([_("liste"), _("kode"), _("navn")])
    for municipality in Municipality.objects.order_by("number"):
        codes.append(["kommunenummer", municipality.number, municipality.name])
    for theme in NeedTheme.objects.filter(is_active=True).order_by("order"):
        codes.append(["behovstema", theme.slug, theme.name])
    for sector in Sector.objects.filter(is_youth_voice=False).order_by("order"):
        codes.append(["sektor", sector.slug, sector.name])
    for value, label in YouthNeed.choices:
        codes.append(["unge_behov", value, label])
    for _value, label in Access.choices:
        codes.append(["tilgang", label, label])
    for word in ("Aktiv", "Avsluttet"):
        codes.append(["status", word, word])
    codes.widths(16, 24, 40)
    return workbook.to_bytes()
