"""The rows an import works on, and the CSV layout (pure: no database).

CSV layout (UTF-8, with or without BOM; separator «;» or «,», found from the header line):

| column        | required | content                                                          |
|---------------|----------|------------------------------------------------------------------|
| `indikator`   | yes      | the indicator's code, e.g. `neet-andel-15-29`                    |
| `region`      | yes      | `0` (the country), `50` or `F-50` (county), `5001` or `K-5001`   |
| `periode`     | yes      | SSB's time code: `2022`, `2022K1`, `2022M03`, `2020-2022`        |
| `verdi`       | yes*     | a number; decimal comma or point; spaces as thousands separators  |
| `status`      | no       | SSB's symbol when the figure is missing (`.`, `..`, `...`, `:`)  |
| `foreløpig`   | no       | `ja`/`nei` (or `true`/`false`, `1`/`0`); status `*` also marks it |
| `merknad`     | no       | a short note shown with the figure                               |
| `oppdatert`   | no       | the date the source updated the figure, `YYYY-MM-DD`             |
| `regionnavn`  | no       | the region's name, used when the region is new to Fellesløft      |
| `kilde`       | no       | the source as the export writes it; ignored                      |

*`verdi` may be empty when `status` holds a symbol. English column names (`indicator`,
`region`, `period`, `value`, `status`, `preliminary`, `note`, `updated`, `region_name`) work too.
"""

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from fellesloft.core.spreadsheets import restore_csv_text
from fellesloft.core.text import clean_text
from fellesloft.mission.codes import CodeError, interpret_status
from fellesloft.mission.jsonstat import Dataset


class ImportFormatError(ValueError):
    """Input that cannot be read; each message names its line or cell (Norwegian).

    Row by row, a reader goes on past a bad row and raises once at the end with every
    error in `errors`, so a file is corrected in one round, not one error at a time."""

    def __init__(self, errors: str | list[str]):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("\n".join(self.errors))


class ObservationRow(NamedTuple):
    indicator: str
    region: str
    region_name: str
    period: str
    value: Decimal | None
    status: str
    is_preliminary: bool
    note: str | None  # None: keep the note the figure has
    updated: date | None
    where: object  # str() names the line or cell


COLUMNS = {
    "indikator": "indikator",
    "indicator": "indikator",
    "region": "region",
    "periode": "periode",
    "period": "periode",
    "verdi": "verdi",
    "value": "verdi",
    "status": "status",
    "foreløpig": "foreløpig",
    "forelopig": "foreløpig",
    "preliminary": "foreløpig",
    "merknad": "merknad",
    "note": "merknad",
    "oppdatert": "oppdatert",
    "updated": "oppdatert",
    "regionnavn": "regionnavn",
    "region_name": "regionnavn",
    # Written by the export (the figure's source and licence); read back and ignored.
    "kilde": "kilde",
    "source": "kilde",
}
REQUIRED = ("indikator", "region", "periode", "verdi")
TRUE_WORDS = {"ja", "j", "true", "1", "x", "yes"}
FALSE_WORDS = {"nei", "n", "false", "0", "", "no"}
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets on Norwegian Windows machines still save CSV as Windows-1252.
        return data.decode("cp1252")


def parse_number(text: str) -> Decimal:
    cleaned = _SPACES.sub("", text.strip())
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return number


def parse_csv(data: bytes | str) -> Iterator[ObservationRow]:
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFormatError("Fila er tom.") from None
    columns: dict[str, int] = {}
    for position, name in enumerate(header):
        key = COLUMNS.get(name.strip().lower())
        if key is None:
            raise ImportFormatError(
                f"Linje 1: ukjent kolonne «{name.strip()}». Kolonnene er: "
                "indikator, region, periode, verdi, status, foreløpig, merknad, oppdatert, "
                "regionnavn."
            )
        if key in columns:
            raise ImportFormatError(f"Linje 1: kolonnen «{name.strip()}» står to ganger.")
        columns[key] = position
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ImportFormatError(f"Linje 1: mangler kolonnen «{'», «'.join(missing)}».")

    errors: list[str] = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            errors.append(
                f"Linje {line}: har {len(cells)} felt, men overskriften har {len(header)}."
            )
            continue

        def cell(name: str, cells=cells) -> str:
            position = columns.get(name)
            # Our export keeps formula-like text as text with a leading «'»; read it back.
            return "" if position is None else restore_csv_text(clean_text(cells[position]).strip())

        try:
            row = _row(cell, line, columns)
        except ImportFormatError as error:
            errors.extend(error.errors)
            continue
        yield row
    if errors:
        # After every readable row, so the caller can check those too and list everything.
        raise ImportFormatError(errors)


def _row(cell, line: int, columns: dict[str, int]) -> ObservationRow:
    where = f"linje {line}"
    value: Decimal | None = None
    if cell("verdi"):
        try:
            value = parse_number(cell("verdi"))
        except ValueError:
            raise ImportFormatError(
                f"Linje {line}, kolonne «verdi»: «{cell('verdi')}» er ikke et tall."
            ) from None
    try:
        value, status, starred = interpret_status(value, cell("status"))
    except CodeError as error:
        raise ImportFormatError(f"Linje {line}, kolonne «status»: {error}.") from None
    if value is None and not status:
        raise ImportFormatError(
            f"Linje {line}: «verdi» er tom; fyll inn et tall eller et statussymbol "
            "(., .., ..., :) i «status»."
        )
    flag = cell("foreløpig").lower()
    if flag not in TRUE_WORDS | FALSE_WORDS:
        raise ImportFormatError(
            f"Linje {line}, kolonne «foreløpig»: «{cell('foreløpig')}» – skriv ja eller nei."
        )
    updated = None
    if cell("oppdatert"):
        try:
            updated = date.fromisoformat(cell("oppdatert")[:10])
        except ValueError:
            raise ImportFormatError(
                f"Linje {line}, kolonne «oppdatert»: «{cell('oppdatert')}» er ikke en dato "
                "(ÅÅÅÅ-MM-DD)."
            ) from None
    for name in ("indikator", "region", "periode"):
        if not cell(name):
            raise ImportFormatError(f"Linje {line}, kolonne «{name}»: må fylles ut.")
    return ObservationRow(
        indicator=cell("indikator"),
        region=cell("region"),
        region_name=cell("regionnavn"),
        period=cell("periode"),
        value=value,
        status=status,
        is_preliminary=starred or flag in TRUE_WORDS,
        note=cell("merknad")[:300] if "merknad" in columns else None,
        updated=updated,
        where=where,
    )


def jsonstat_rows(
    dataset: Dataset, *, indicators: dict[str, str], preliminary: bool = False
) -> tuple[list[ObservationRow], int]:
    """The dataset's cells as import rows, and how many cells were left out.

    `indicators` maps a contents category code to an indicator code; the key "" (or the only
    key, when the dataset has one contents category) maps a dataset without contents dimension.
    Cells of contents categories that are not mapped, and empty cells without a status symbol,
    are left out.
    """
    contents_codes = (
        dataset.dimensions[dataset.contents].codes if dataset.contents is not None else [""]
    )
    if len(indicators) == 1 and "" in indicators and len(contents_codes) == 1:
        indicators = {contents_codes[0]: indicators[""]}
    unknown = [code for code in indicators if code not in contents_codes]
    if unknown:
        raise ImportFormatError(
            f"Statistikkvariabelen «{unknown[0]}» finnes ikke i datasettet "
            f"(har: {', '.join(contents_codes)})."
        )
    if not indicators:
        raise ImportFormatError(
            "Oppgi hvilken indikator tallene hører til (datasettet har statistikkvariablene "
            f"{', '.join(contents_codes)})."
        )
    updated = _date_of(dataset.updated)
    rows: list[ObservationRow] = []
    errors: list[str] = []
    skipped = 0
    for cell in dataset.cells:
        indicator = indicators.get(cell.contents)
        if indicator is None:
            skipped += 1
            continue
        try:
            value, status, starred = interpret_status(cell.value, cell.status)
        except CodeError as error:
            errors.append(f"{_capital(cell.where)}: {error}.")
            continue
        if value is None and not status:
            skipped += 1
            continue
        rows.append(
            ObservationRow(
                indicator=indicator,
                region=cell.region,
                region_name=_region_name(cell.region_label),
                period=cell.period,
                value=value,
                status=status,
                is_preliminary=preliminary or starred,
                note=None,
                updated=updated,
                where=cell.where,
            )
        )
    if errors:
        raise ImportFormatError(errors)
    return rows, skipped


def _region_name(label: str) -> str:
    # SSB writes Sami names after the Norwegian one: «Trondheim - Tråante».
    return label.split(" - ")[0].strip()


def _date_of(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _capital(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]
