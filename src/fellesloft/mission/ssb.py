"""The mission's SSB tables as presets: the PxWebApi v2 request built in code (pure, no Django).

A preset names the table, the codes to ask for and the indicators the contents go to, so
nobody has to know which table and codes to use:

    neet-kommune   table 13556: NEET 15–29 per municipality of the county, the county and the
                   country – share (BosatteProsent) and persons (Bosatte)
    neet-nasjonal  table 12423: the national NEET series 15–29, for the long trend
    befolkning-alder
                   table 07459: the population of each municipality of the county (and the
                   county and the country) in the age bands dialog participants give,
                   the newest years – for «Hvem har svart» on a dialog's results

Fetching (`fetch_preset`) first reads the table's metadata (`/tables/{id}/metadata`) and the
codelists the preset uses (`/codelists/{id}`), and stops with a Norwegian message naming a
dimension, codelist or code that does not exist any more. The request is split so that no part
asks for more than SSB's 800 000 cells, and parts are sent no faster than 30 a minute.

Preliminary figures: SSB marks them by the status symbol «*» on a cell, a star after the year
(«2024*») or a note on the year («Foreløpige tall»); `preliminary_periods` finds the last two.
"""

import json
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from fellesloft.mission.codes import MISSING_SYMBOLS

API_ROOT = "https://data.ssb.no/api/pxwebapi/v2"
MAX_CELLS = 800_000
QUERIES_PER_MINUTE = 30
ATTRIBUTION = "Kilde: Statistisk sentralbyrå (SSB), CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.no"
COUNTRY = "0"
# Values a selection may use besides codes: every value, or the newest N.
ALL_VALUES = "*"


class PresetError(ValueError):
    """A preset that cannot be used as asked; the message is Norwegian."""


@dataclass(frozen=True)
class Selection:
    dimension: str
    codes: tuple[str, ...]
    codelist: str = ""

    def value_text(self) -> str:
        return ",".join(self.codes)


@dataclass(frozen=True)
class Preset:
    name: str
    table: str
    title: str
    description: str
    # ContentsCode → indicator code
    indicators: dict[str, str]
    # the other dimensions, fixed to one code each (with the codelist the code belongs to)
    fixed: tuple[Selection, ...]
    region_codelist: str = ""
    # True: the municipalities of the county, the county and the country; False: the country
    per_municipality: bool = True
    # Categories added up into indicators (one-year ages into age bands); then `indicators`
    # is empty and the grouping names them.
    grouping: "Grouping | None" = None
    contents_codes: tuple[str, ...] = ()
    # The newest N years unless asked otherwise (None: every year).
    default_top: int | None = None

    @property
    def contents(self) -> Selection:
        return Selection("ContentsCode", self.contents_codes or tuple(self.indicators))

    @property
    def indicator_codes(self) -> list[str]:
        if self.grouping is not None:
            return list(self.grouping.groups)
        return list(self.indicators.values())

    def region_codes(self, *, municipalities: list[str], county: str) -> list[str]:
        if not self.per_municipality:
            return [COUNTRY]
        return [*municipalities, county, COUNTRY]

    def selections(self, *, regions: list[str], years: str = ALL_VALUES) -> list[Selection]:
        """In the order of SSB's documented example for the table."""
        return [
            *self.fixed,
            *(self.grouping.selections() if self.grouping else ()),
            self.contents,
            Selection("Region", tuple(regions), self.region_codelist),
            Selection("Tid", (years,)),
        ]

    def years(self, top: int | None) -> str:
        """The Tid selection: the newest `top` years, else the preset's default."""
        return years_selection(top if top is not None else self.default_top)

    def fixed_codes(self) -> dict[str, str]:
        """The fixed dimensions as `parse_jsonstat(fixed=…)` takes them."""
        return {selection.dimension: selection.codes[0] for selection in self.fixed}


@dataclass(frozen=True)
class Grouping:
    """Categories of `dimension` added up into groups, each group one indicator (the one-year
    ages of 07459 into the participants' age bands). The `summed` dimensions are asked for in
    full and added up as well: 07459 has no total for Kjonn, only «1» and «2»."""

    dimension: str
    groups: dict[str, tuple[str, ...]]  # indicator code → the categories added up
    summed: tuple[Selection, ...] = ()

    def selections(self) -> tuple[Selection, ...]:
        codes = tuple(code for codes in self.groups.values() for code in codes)
        return (*self.summed, Selection(self.dimension, codes))


def sum_groups(document: dict[str, Any], grouping: Grouping) -> dict[str, Any]:
    """The JSON-stat answer with `grouping.dimension` replaced by the groups (codes: the
    indicator codes) and the summed dimensions reduced to one category, each cell the sum of
    its parts. A group with a part SSB did not give (a status symbol or no value) has no
    value but that part's symbol – never a sum that looks complete. Pure; the rest of the
    import reads the result like any other answer, with the groups as the contents."""
    ids = [str(dim_id) for dim_id in document.get("id") or []]
    sizes = list(document.get("size") or [])
    dimensions = document.get("dimension") or {}
    summed = [selection.dimension for selection in grouping.summed]
    for dim_id in [grouping.dimension, *summed]:
        if dim_id not in ids:
            raise PresetError(f"Svaret fra SSB mangler dimensjonen «{dim_id}».")

    def codes_of(dim_id: str) -> list[str]:
        index = ((dimensions.get(dim_id) or {}).get("category") or {}).get("index")
        if isinstance(index, dict):
            return sorted(index, key=index.get)
        return [str(code) for code in index or []]

    grouped_codes = codes_of(grouping.dimension)
    missing = [
        code for codes in grouping.groups.values() for code in codes if code not in grouped_codes
    ]
    if missing:
        raise PresetError(
            f"Svaret fra SSB mangler {grouping.dimension} {', '.join(missing[:5])}"
            f"{' …' if len(missing) > 5 else ''}; alle delene av en gruppe må være med."
        )
    group_of = {
        grouped_codes.index(code): position
        for position, codes in enumerate(grouping.groups.values())
        for code in codes
    }
    values = document.get("value")
    if isinstance(values, dict):
        values = [values.get(str(position)) for position in range(math.prod(sizes))]
    status = document.get("status") or {}
    if isinstance(status, list):
        status = {str(position): symbol for position, symbol in enumerate(status) if symbol}
    elif isinstance(status, str):
        status = dict.fromkeys((str(p) for p in range(math.prod(sizes))), status)

    new_sizes = [
        len(grouping.groups) if dim_id == grouping.dimension else 1 if dim_id in summed else size
        for dim_id, size in zip(ids, sizes, strict=True)
    ]
    new_strides = [math.prod(new_sizes[position + 1 :]) for position in range(len(ids))]
    strides = [math.prod(sizes[position + 1 :]) for position in range(len(ids))]
    totals: list[Any] = [0] * math.prod(new_sizes)
    symbols: dict[int, str] = {}
    starred: dict[int, str] = {}
    counted = [False] * len(totals)
    for position, value in enumerate(values or []):
        target, rest, keep = 0, position, True
        for dim_id, stride, new_stride in zip(ids, strides, new_strides, strict=True):
            index, rest = divmod(rest, stride)
            if dim_id == grouping.dimension:
                if index not in group_of:
                    keep = False
                    break
                index = group_of[index]
            elif dim_id in summed:
                index = 0
            target += index * new_stride
        if not keep:
            continue
        counted[target] = True
        symbol = status.get(str(position)) or ""
        if value is None or symbol in MISSING_SYMBOLS:
            symbols[target] = symbol or ".."
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise PresetError(f"Svaret fra SSB har verdien {value!r} i celle {position}.")
        else:
            totals[target] += value
            if symbol and target not in symbols:
                starred[target] = symbol  # «*»: preliminary – the sum is too
    for target in symbols:
        totals[target] = None
    symbols.update({target: symbol for target, symbol in starred.items() if target not in symbols})
    result = {**document, "dimension": dict(dimensions)}
    result["size"] = new_sizes
    result["value"] = [total if seen else None for total, seen in zip(totals, counted, strict=True)]
    result["status"] = {str(target): symbol for target, symbol in sorted(symbols.items())}
    for dim_id in summed:
        result["dimension"][dim_id] = {
            **dimensions[dim_id],
            "category": {"index": {"sum": 0}, "label": {"sum": "I alt (summert)"}},
        }
    result["dimension"][grouping.dimension] = {
        **dimensions[grouping.dimension],
        "category": {
            "index": {code: position for position, code in enumerate(grouping.groups)},
            "label": {code: code for code in grouping.groups},
        },
    }
    return result


NEET_FIXED = (
    Selection("HovArbStyrkStatus", ("NEET",), "vs_ArbStatus2018niva4"),
    Selection("Alder", ("15-29",)),
    Selection("Kjonn", ("0",)),
)


# Table 07459 (Befolkning, etter region, kjønn, alder og år). Confirmed from public usage of
# PxWebApi v2 (queries and client code that call this table): the dimension ids Region, Kjonn,
# Alder, ContentsCode and Tid; ContentsCode «Personer1» (persons); Kjonn «1» and «2» with no
# total code (leaving Kjonn out makes the API add it up and drop it from the answer – so the
# preset asks for both and adds them up itself, which works either way); Alder as one-year
# ages padded to three digits, «000» … «104» and «105+»; Tid as «2025»; the region codelists
# agg_KommSummer (codes with «K-») and agg_KommGjeldende. Assumed, not confirmed: that
# 07459 offers agg_KommGjeldende with plain municipality numbers as 13556 does (the preset
# uses it like neet-kommune; `fetch_preset` checks the table's metadata first and stops with
# a clear message if the codelist or a code is not there).
def _ages(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"{age:03d}" for age in range(first, last + 1))


# participant age band (core.choices.PARTICIPANT_AGE_BANDS) → indicator code, name, ages
POPULATION_BANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "befolkning-13-15": ("13–15", _ages(13, 15)),
    "befolkning-16-19": ("16–19", _ages(16, 19)),
    "befolkning-20-24": ("20–24", _ages(20, 24)),
    "befolkning-25-29": ("25–29", _ages(25, 29)),
    "befolkning-30-eldre": ("30 eller eldre", (*_ages(30, 104), "105+")),
}
# participant age band value → the population indicator's code
BAND_INDICATORS = {
    "13-15": "befolkning-13-15",
    "16-19": "befolkning-16-19",
    "20-24": "befolkning-20-24",
    "25-29": "befolkning-25-29",
    "30+": "befolkning-30-eldre",
}

NEET_SHARE = "neet-andel-15-29"
NEET_PERSONS = "neet-antall-15-29"
NEET_INDICATORS = {"BosatteProsent": NEET_SHARE, "Bosatte": NEET_PERSONS}

PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            name="neet-kommune",
            table="13556",
            title="NEET 15–29 år per kommune (SSB tabell 13556)",
            description=(
                "Andel og antall unge 15–29 år utenfor arbeid, utdanning og opplæring i hver "
                "kommune i fylket, fylket og landet, alle år (dagens kommuner)."
            ),
            indicators=NEET_INDICATORS,
            fixed=NEET_FIXED,
            region_codelist="agg_KommGjeldende",
        ),
        Preset(
            name="neet-nasjonal",
            table="12423",
            title="NEET 15–29 år i hele landet (SSB tabell 12423)",
            description="Den lange tidsserien for landet: andel og antall unge 15–29 år (NEET).",
            indicators=NEET_INDICATORS,
            fixed=NEET_FIXED,
            per_municipality=False,
        ),
        Preset(
            name="befolkning-alder",
            table="07459",
            title="Befolkning per kommune i aldersgruppene (SSB tabell 07459)",
            description=(
                "Folkemengden 1. januar i hver kommune i fylket, fylket og landet, summert fra "
                "ettårig alder til aldersgruppene deltakerne i dialogene oppgir (13–15, 16–19, "
                "20–24, 25–29, 30 eller eldre) og over begge kjønn; de fem nyeste årene."
            ),
            indicators={},
            fixed=(),
            contents_codes=("Personer1",),
            region_codelist="agg_KommGjeldende",
            grouping=Grouping(
                dimension="Alder",
                groups={code: ages for code, (_name, ages) in POPULATION_BANDS.items()},
                summed=(Selection("Kjonn", ("1", "2")),),
            ),
            default_top=5,
        ),
    )
}


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise PresetError(
            f"Ukjent forhåndsvalg «{name}». Velg et av: {', '.join(PRESETS)}."
        ) from None


def years_selection(top: int | None) -> str:
    if top is None:
        return ALL_VALUES
    if top < 1:
        raise PresetError("Antall år må være minst 1.")
    return f"top({top})"


# --- URLs ----------------------------------------------------------------------------------------


def _value(text: str) -> str:
    # SSB's own examples write codes, commas, «*» and «top(3)» as they are.
    return quote(text, safe="*,()-_.")


def data_url(table: str, selections: list[Selection], *, root: str = API_ROOT) -> str:
    """`…/tables/{id}/data?lang=no&outputFormat=json-stat2&valuecodes[Dim]=a,b&codelist[Dim]=…`"""
    parts = [f"{root}/tables/{table}/data?lang=no&outputFormat=json-stat2"]
    for selection in selections:
        parts.append(f"valuecodes[{selection.dimension}]={_value(selection.value_text())}")
        if selection.codelist:
            parts.append(f"codelist[{selection.dimension}]={_value(selection.codelist)}")
    return "&".join(parts)


def metadata_url(table: str, *, root: str = API_ROOT) -> str:
    return f"{root}/tables/{table}/metadata?lang=no&outputFormat=json-stat2"


def codelist_url(codelist: str, *, root: str = API_ROOT) -> str:
    return f"{root}/codelists/{_value(codelist)}?lang=no"


def preset_url(
    preset: Preset, *, municipalities: list[str], county: str, top: int | None = None
) -> str:
    """The one request the preset stands for, as SSB documents it (before any split)."""
    regions = preset.region_codes(municipalities=municipalities, county=county)
    return data_url(preset.table, preset.selections(regions=regions, years=preset.years(top)))


# --- Metadata ------------------------------------------------------------------------------------


@dataclass
class TableMetadata:
    """What the metadata endpoint says about a table: each dimension's codes and codelists."""

    table: str
    codes: dict[str, list[str]]
    codelists: dict[str, set[str]]  # dimension → codelist ids ({} when not listed)

    @classmethod
    def from_document(cls, table: str, document: dict[str, Any]) -> "TableMetadata":
        dimensions = document.get("dimension")
        if not isinstance(dimensions, dict):
            raise PresetError(f"Metadata for tabell {table} mangler dimensjonene.")
        codes: dict[str, list[str]] = {}
        codelists: dict[str, set[str]] = {}
        for dim_id in document.get("id") or list(dimensions):
            raw = dimensions.get(dim_id) or {}
            category = raw.get("category") or {}
            index = category.get("index")
            if isinstance(index, dict):
                codes[dim_id] = sorted(index, key=index.get)
            elif isinstance(index, list):
                codes[dim_id] = [str(code) for code in index]
            else:
                codes[dim_id] = list((category.get("label") or {}).keys())
            listed = (raw.get("extension") or {}).get("codelists") or []
            codelists[dim_id] = {str(item.get("id")) for item in listed if isinstance(item, dict)}
        return cls(table=table, codes=codes, codelists=codelists)


def codelist_codes(document: dict[str, Any]) -> list[str]:
    """The codes of a codelist answer (`{"id", "values": [{"code", "label"}, …]}`)."""
    values = document.get("values")
    if not isinstance(values, list):
        raise PresetError(f"Kodelisten «{document.get('id', '?')}» har ingen verdier.")
    return [str(item.get("code")) for item in values if isinstance(item, dict)]


def _is_pattern(code: str) -> bool:
    return code == ALL_VALUES or code.startswith("top(") or "*" in code


def check_selections(
    preset: Preset,
    selections: list[Selection],
    metadata: TableMetadata,
    codelists: dict[str, list[str]],
) -> list[list[Selection]]:
    """The request as one or more lists of selections that exist in the table.

    Every dimension, codelist and code is checked; a region code that is not in the region
    codelist but in the table's own list (the county and the country are not in
    «agg_KommGjeldende») is asked for in a request of its own, without the codelist."""
    problems: list[str] = []
    missing_dims = [s.dimension for s in selections if s.dimension not in metadata.codes]
    if missing_dims:
        raise PresetError(
            f"Tabell {preset.table} har ikke lenger dimensjonen «{missing_dims[0]}» "
            f"(har: {', '.join(metadata.codes)}). Forhåndsvalget «{preset.name}» må oppdateres."
        )
    own_codes: list[str] = []
    for selection in selections:
        if selection.codelist:
            listed = metadata.codelists.get(selection.dimension)
            if listed and selection.codelist not in listed:
                problems.append(
                    f"kodelisten «{selection.codelist}» finnes ikke for «{selection.dimension}» "
                    f"(har: {', '.join(sorted(listed))})"
                )
                continue
            known = set(codelists.get(selection.codelist, []))
        else:
            known = set(metadata.codes[selection.dimension])
        for code in selection.codes:
            if _is_pattern(code) or code in known:
                continue
            if selection.dimension == "Region" and code in metadata.codes["Region"]:
                own_codes.append(code)
                continue
            where = f" i kodelisten «{selection.codelist}»" if selection.codelist else ""
            problems.append(f"koden «{code}» finnes ikke i «{selection.dimension}»{where}")
    if problems:
        raise PresetError(
            f"SSB tabell {preset.table} har endret seg: "
            + "; ".join(problems)
            + f". Forhåndsvalget «{preset.name}» må oppdateres; ingenting er hentet."
        )
    if not own_codes:
        return [selections]
    main, extra = [], []
    for selection in selections:
        if selection.dimension == "Region":
            rest = tuple(code for code in selection.codes if code not in own_codes)
            if rest:
                main.append(Selection("Region", rest, selection.codelist))
            extra.append(Selection("Region", tuple(own_codes)))
        else:
            main.append(selection)
            extra.append(selection)
    return [main, extra] if any(s.dimension == "Region" for s in main) else [extra]


def cell_count(selections: list[Selection], metadata: TableMetadata | None = None) -> int:
    """How many cells a request asks for (all years counted when «*» or top(N))."""
    total = 1
    for selection in selections:
        count = 0
        for code in selection.codes:
            if code.startswith("top("):
                count += int(code[4:-1] or 1)
            elif code == ALL_VALUES:
                count += len(metadata.codes.get(selection.dimension, [])) if metadata else 1
            else:
                count += 1
        total *= max(count, 1)
    return total


def split_selections(
    selections: list[Selection],
    *,
    metadata: TableMetadata | None = None,
    max_cells: int = MAX_CELLS,
) -> list[list[Selection]]:
    """The request in parts of at most `max_cells` cells each, split along the regions."""
    total = cell_count(selections, metadata)
    if total <= max_cells:
        return [selections]
    position = next(i for i, s in enumerate(selections) if s.dimension == "Region")
    region = selections[position]
    per_region = total // len(region.codes)
    if per_region > max_cells:
        raise PresetError(
            f"Én region alene gir {per_region} celler, mer enn SSBs grense på {max_cells}; "
            "velg færre år (top(N))."
        )
    size = max(1, max_cells // per_region)
    parts = []
    for start in range(0, len(region.codes), size):
        chunk = Selection(region.dimension, region.codes[start : start + size], region.codelist)
        parts.append([*selections[:position], chunk, *selections[position + 1 :]])
    return parts


# --- Fetching ------------------------------------------------------------------------------------


class Throttle:
    """At most `per_minute` calls in any 60 seconds (SSB's limit is 30 queries a minute)."""

    def __init__(self, per_minute: int = QUERIES_PER_MINUTE, *, clock=time.monotonic, sleep=None):
        self.per_minute, self.clock = per_minute, clock
        self.sleep = sleep or time.sleep
        self.sent: deque[float] = deque()

    def wait(self) -> None:
        now = self.clock()
        while self.sent and now - self.sent[0] >= 60:
            self.sent.popleft()
        if len(self.sent) >= self.per_minute:
            self.sleep(60 - (now - self.sent[0]))
            self.sent.popleft()
        self.sent.append(self.clock())


@dataclass
class Fetched:
    urls: list[str]
    documents: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)


def _json(raw: bytes, what: str) -> dict[str, Any]:
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise PresetError(f"Svaret fra SSB ({what}) er ikke gyldig JSON: {error}") from error
    if not isinstance(document, dict):
        raise PresetError(f"Svaret fra SSB ({what}) er ikke et JSON-objekt.")
    return document


def fetch_preset(
    preset: Preset,
    *,
    municipalities: list[str],
    county: str,
    top: int | None = None,
    get: Callable[[str], bytes],
    throttle: Throttle | None = None,
    max_cells: int = MAX_CELLS,
) -> Fetched:
    """Checks the metadata, then fetches the data in as many parts as needed. `get(url)`
    returns the body or raises (fetch.fetch turns every failure into a Norwegian message)."""
    throttle = throttle or Throttle()

    def call(url: str) -> bytes:
        throttle.wait()
        return get(url)

    regions = preset.region_codes(municipalities=municipalities, county=county)
    selections = preset.selections(regions=regions, years=preset.years(top))
    metadata = TableMetadata.from_document(
        preset.table, _json(call(metadata_url(preset.table)), "metadata")
    )
    codelists: dict[str, list[str]] = {}
    for selection in selections:
        if selection.codelist and selection.codelist not in codelists:
            listed = metadata.codelists.get(selection.dimension)
            if listed and selection.codelist not in listed:
                continue  # check_selections names it
            codelists[selection.codelist] = codelist_codes(
                _json(call(codelist_url(selection.codelist)), f"kodelisten {selection.codelist}")
            )
    requests = [
        part
        for checked in check_selections(preset, selections, metadata, codelists)
        for part in split_selections(checked, metadata=metadata, max_cells=max_cells)
    ]
    urls = [data_url(preset.table, part) for part in requests]
    documents = [_json(call(url), f"tabell {preset.table}") for url in urls]
    notes = []
    if len(urls) > 1:
        notes.append(f"Spørringen ble delt i {len(urls)} deler (SSBs grenser).")
    return Fetched(urls=urls, documents=documents, notes=notes)


# --- Reading the answer --------------------------------------------------------------------------

PRELIMINARY_WORDS = ("foreløpig", "forelopig", "preliminary")


def preliminary_periods(document: dict[str, Any], time_dimension: str = "Tid") -> set[str]:
    """The years SSB marks as preliminary: a star after the label, or a note saying so."""
    dimension = (document.get("dimension") or {}).get(time_dimension) or {}
    category = dimension.get("category") or {}
    found = set()
    for code, label in (category.get("label") or {}).items():
        if str(label).strip().endswith("*"):
            found.add(str(code))
    for code, notes in (category.get("note") or {}).items():
        texts = notes if isinstance(notes, list) else [notes]
        if any(word in str(text).lower() for text in texts for word in PRELIMINARY_WORDS):
            found.add(str(code))
    return found


def is_ssb(source: str) -> bool:
    """Whether a dataset, a URL or an indicator's source is SSB's (for the attribution)."""
    lowered = source.lower()
    return "ssb" in lowered or "statistisk sentralbyrå" in lowered or "data.ssb.no" in lowered


def attribution(source: str) -> str:
    """What an export writes as the source of a figure: SSB's required attribution for SSB's
    figures, the indicator's own source for the others."""
    return ATTRIBUTION if is_ssb(source) else source


def table_size(document: dict[str, Any]) -> int:
    return math.prod(document.get("size") or [0])
