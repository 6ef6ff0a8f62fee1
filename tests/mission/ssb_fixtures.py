"""JSON-stat 2.0 answers in the exact shape of SSB's PxWebApi v2 for the presets' tables.

The files under fixtures/ssb/ are written by this module (`python -m tests.mission.ssb_fixtures`)
and read by the tests as files, like a saved answer. What they hold on purpose:

- 13556 for four of today's municipalities, the county and the country, 2021–2023, with
  2023 preliminary (a note on the year, as SSB writes it), a suppressed value («:») for the
  persons in Røyrvik and a missing one («..»);
- 13556 asked without the codelist agg_KommGjeldende (SSB's own region list), where Trondheim
  still appears under its number before 2018 («1601 Trondheim (-2017)») and Klæbu, merged into
  Trondheim in 2020, under its own («5030 Klæbu (2018-2019)»), with «.» where a number did not
  exist yet;
- 12423, the national series 2015–2023, 2023 marked with a star («2023*»);
- the metadata answer of 13556 and the two codelists the preset uses;
- 07459 (population by region, sex and one-year age) for two municipalities, the county and
  the country, 2024–2025, ages 013 … 105+, both sexes, with one missing cell («..»: Frøya,
  women 105+, 2024) – and its metadata answer.
"""

import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "ssb"
UPDATED = "2024-06-27T06:00:00Z"
ROLE = {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["Region"]}
CONTENTS = [
    ("BosatteProsent", "Personer i prosent av befolkningen"),
    ("Bosatte", "Personer"),
]
UNITS = {
    "BosatteProsent": {"base": "prosent", "decimals": 1},
    "Bosatte": {"base": "personer", "decimals": 0},
}


def _dimension(label: str, categories, *, unit=None, note=None, codelists=None) -> dict:
    category = {
        "index": {code: position for position, (code, _label) in enumerate(categories)},
        "label": dict(categories),
    }
    if unit:
        category["unit"] = unit
    if note:
        category["note"] = note
    extension = {"elimination": False, "show": "value"}
    if codelists:
        extension["codelists"] = [
            {
                "id": codelist,
                "label": label,
                "type": kind,
                "links": [
                    {
                        "rel": "metadata",
                        "href": f"https://data.ssb.no/api/pxwebapi/v2/codelists/{codelist}?lang=no",
                    }
                ],
            }
            for codelist, label, kind in codelists
        ]
    return {"label": label, "category": category, "extension": extension}


def _document(*, table, label, dimensions, values, status, href) -> dict:
    ids = list(dimensions)
    document = {
        "version": "2.0",
        "class": "dataset",
        "href": href,
        "label": label,
        "source": "Statistisk sentralbyrå",
        "updated": UPDATED,
        "note": [
            "Fra og med 2015 er statistikken basert på a-ordningen.",
        ],
        "role": ROLE,
        "id": ids,
        "size": [len(dimensions[dim_id]["category"]["index"]) for dim_id in ids],
        "dimension": dimensions,
        "extension": {
            "px": {
                "infofile": "None",
                "tableid": table,
                "decimals": 1,
                "official-statistics": True,
                "aggregallowed": False,
                "language": "no",
                "matrix": "ArbStatus",
                "subject-code": "al",
            },
            "contact": [{"name": "Statistisk sentralbyrå", "mail": "statistikk@ssb.no"}],
        },
        "value": values,
    }
    if status:
        document["status"] = status
    return document


def _cube(regions, years, figures):
    """value and status in row-major order over Region, …(fixed)…, ContentsCode, Tid.

    `figures[(region, year)]` is (share, persons); a string is SSB's status symbol."""
    values, status = [], {}
    for region, _label in regions:
        for contents in ("BosatteProsent", "Bosatte"):
            for year, _year_label in years:
                share, persons = figures[(region, year)]
                cell = share if contents == "BosatteProsent" else persons
                if isinstance(cell, str):
                    status[str(len(values))] = cell
                    values.append(None)
                else:
                    values.append(cell)
    return values, status


def _neet_dimensions(regions, years, *, time_note=None, region_codelists=None) -> dict:
    return {
        "Region": _dimension("region", regions, codelists=region_codelists),
        "HovArbStyrkStatus": _dimension(
            "hovedarbeidsstyrkestatus",
            [("NEET", "Ikke i arbeid, utdanning eller opplæring (NEET)")],
            codelists=[
                ("vs_ArbStatus2018niva4", "Arbeidsstyrkestatus, nivå 4", "Valueset"),
            ],
        ),
        "Kjonn": _dimension("kjønn", [("0", "Begge kjønn")]),
        "Alder": _dimension("alder", [("15-29", "15-29 år")]),
        "ContentsCode": _dimension("statistikkvariabel", CONTENTS, unit=UNITS),
        "Tid": _dimension("år", years, note=time_note),
    }


def neet_municipalities() -> dict:
    regions = [
        ("5001", "Trondheim - Tråante"),
        ("5014", "Frøya"),
        ("5043", "Raarvihke - Røyrvik"),
        ("5060", "Nærøysund"),
        ("50", "Trøndelag - Trööndelage"),
        ("0", "Hele landet"),
    ]
    years = [("2021", "2021"), ("2022", "2022"), ("2023", "2023")]
    figures = {
        ("5001", "2021"): (8.9, 4012),
        ("5001", "2022"): (8.4, 3841),
        ("5001", "2023"): (8.1, 3755),
        ("5014", "2021"): (11.2, 117),
        ("5014", "2022"): (10.6, 112),
        ("5014", "2023"): (9.8, 104),
        ("5043", "2021"): (":", ":"),
        ("5043", "2022"): (":", ":"),
        ("5043", "2023"): (13.0, ":"),
        ("5060", "2021"): (12.4, 259),
        ("5060", "2022"): ("..", ".."),
        ("5060", "2023"): (11.1, 230),
        ("50", "2021"): (9.9, 9601),
        ("50", "2022"): (9.5, 9178),
        ("50", "2023"): (9.2, 8993),
        ("0", "2021"): (10.8, 110234),
        ("0", "2022"): (10.1, 104120),
        ("0", "2023"): (9.9, 103005),
    }
    values, status = _cube(regions, years, figures)
    return _document(
        table="13556",
        label=(
            "13556: Personer 15-74 år, etter region, hovedarbeidsstyrkestatus, kjønn, alder, "
            "statistikkvariabel og år"
        ),
        dimensions=_neet_dimensions(
            regions,
            years,
            time_note={"2023": ["Foreløpige tall"]},
            region_codelists=[("agg_KommGjeldende", "Kommuner gjeldende", "Aggregation")],
        ),
        values=values,
        status=status,
        href="https://data.ssb.no/api/pxwebapi/v2/tables/13556/data?lang=no",
    )


def neet_old_numbers() -> dict:
    regions = [
        ("1601", "Trondheim (-2017)"),
        ("5001", "Trondheim - Tråante"),
        ("5030", "Klæbu (2018-2019)"),
        ("50", "Trøndelag - Trööndelage"),
    ]
    years = [("2016", "2016"), ("2017", "2017"), ("2018", "2018"), ("2019", "2019")]
    figures = {
        ("1601", "2016"): (9.6, 4210),
        ("1601", "2017"): (9.3, 4105),
        ("1601", "2018"): (".", "."),
        ("1601", "2019"): (".", "."),
        ("5001", "2016"): (".", "."),
        ("5001", "2017"): (".", "."),
        ("5001", "2018"): (9.1, 4050),
        ("5001", "2019"): (9.0, 4033),
        ("5030", "2016"): (".", "."),
        ("5030", "2017"): (".", "."),
        ("5030", "2018"): (7.2, 95),
        ("5030", "2019"): (7.0, 92),
        ("50", "2016"): (10.6, 10101),
        ("50", "2017"): (10.4, 9950),
        ("50", "2018"): (10.2, 9800),
        ("50", "2019"): (10.0, 9700),
    }
    values, status = _cube(regions, years, figures)
    return _document(
        table="13556",
        label="13556: Personer 15-74 år, etter region, hovedarbeidsstyrkestatus, kjønn, alder",
        dimensions=_neet_dimensions(regions, years),
        values=values,
        status=status,
        href="https://data.ssb.no/api/pxwebapi/v2/tables/13556/data?lang=no",
    )


def neet_national() -> dict:
    regions = [("0", "Hele landet")]
    years = [(str(year), str(year)) for year in range(2015, 2023)] + [("2023", "2023*")]
    shares = [11.6, 11.4, 11.0, 10.8, 10.6, 11.0, 10.8, 10.1, 9.9]
    persons = [119900, 118300, 115000, 113400, 111900, 116500, 110234, 104120, 103005]
    figures = {
        ("0", code): (share, count)
        for (code, _label), share, count in zip(years, shares, persons, strict=True)
    }
    values, status = _cube(regions, years, figures)
    return _document(
        table="12423",
        label="12423: Unge 15-29 år utenfor arbeid, utdanning og opplæring (NEET)",
        dimensions=_neet_dimensions(regions, years),
        values=values,
        status=status,
        href="https://data.ssb.no/api/pxwebapi/v2/tables/12423/data?lang=no",
    )


def metadata_13556() -> dict:
    """The metadata answer: the table's own region list (old and today's numbers, counties,
    the country) and the codelists, without values."""
    regions = [
        ("0", "Hele landet"),
        ("50", "Trøndelag - Trööndelage"),
        ("1601", "Trondheim (-2017)"),
        ("5001", "Trondheim - Tråante"),
        ("5014", "Frøya"),
        ("5030", "Klæbu (2018-2019)"),
    ]
    years = [(str(year), str(year)) for year in range(2015, 2024)]
    dimensions = {
        "Region": _dimension(
            "region",
            regions,
            codelists=[
                ("agg_KommGjeldende", "Kommuner gjeldende", "Aggregation"),
                ("agg_KommFylker", "Kommuner og fylker", "Aggregation"),
            ],
        ),
        "HovArbStyrkStatus": _dimension(
            "hovedarbeidsstyrkestatus",
            [("TOT3", "I alt"), ("A.1", "Sysselsatte")],
            codelists=[
                ("vs_ArbStatus2018niva4", "Arbeidsstyrkestatus, nivå 4", "Valueset"),
                ("vs_ArbStatus2018niva4a", "Arbeidsstyrkestatus, nivå 4a", "Valueset"),
            ],
        ),
        "Kjonn": _dimension("kjønn", [("0", "Begge kjønn"), ("1", "Menn"), ("2", "Kvinner")]),
        "Alder": _dimension("alder", [("15-29", "15-29 år"), ("30-74", "30-74 år")]),
        "ContentsCode": _dimension("statistikkvariabel", CONTENTS, unit=UNITS),
        "Tid": _dimension("år", years),
    }
    return _metadata(
        "13556",
        "13556: Personer 15-74 år, etter region, hovedarbeidsstyrkestatus, kjønn, alder",
        dimensions,
        decimals=1,
    )


def _metadata(table: str, label: str, dimensions: dict, *, decimals: int) -> dict:
    """A metadata answer: the dimensions with their codes and codelists, no values."""
    ids = list(dimensions)
    return {
        "version": "2.0",
        "class": "dataset",
        "label": label,
        "source": "Statistisk sentralbyrå",
        "updated": UPDATED,
        "role": ROLE,
        "id": ids,
        "size": [len(dimensions[dim_id]["category"]["index"]) for dim_id in ids],
        "dimension": dimensions,
        "extension": {"px": {"tableid": table, "language": "no", "decimals": decimals}},
    }


def codelist(codelist_id: str, codes: list[tuple[str, str]], kind: str) -> dict:
    return {
        "id": codelist_id,
        "label": codelist_id,
        "language": "no",
        "type": kind,
        "values": [{"code": code, "label": label, "valueMap": [code]} for code, label in codes],
        "links": [
            {
                "rel": "self",
                "href": f"https://data.ssb.no/api/pxwebapi/v2/codelists/{codelist_id}?lang=no",
            }
        ],
    }


TRONDELAG = [
    "5001", "5006", "5007", "5014", "5020", "5021", "5022", "5025", "5026", "5027", "5028",
    "5029", "5031", "5032", "5033", "5034", "5035", "5036", "5037", "5038", "5041", "5042",
    "5043", "5044", "5045", "5046", "5047", "5049", "5052", "5053", "5054", "5055", "5056",
    "5057", "5058", "5059", "5060", "5061",
]  # fmt: skip


def municipalities_codelist() -> dict:
    return codelist("agg_KommGjeldende", [(code, code) for code in TRONDELAG], "Aggregation")


def status_codelist() -> dict:
    return codelist(
        "vs_ArbStatus2018niva4",
        [("TOT3", "I alt"), ("NEET", "Ikke i arbeid, utdanning eller opplæring (NEET)")],
        "Valueset",
    )


AGES = [f"{age:03d}" for age in range(0, 105)] + ["105+"]
POPULATION_REGIONS = [
    ("5001", "Trondheim - Tråante"),
    ("5014", "Frøya"),
    ("50", "Trøndelag - Trööndelage"),
    ("0", "Hele landet"),
]
# persons per one-year age and sex: (13–19, 20–29, 30 and older)
POPULATION_PER_AGE = {
    "5001": (900, 1400, 1000),
    "5014": (30, 20, 50),
    "50": (3000, 4000, 5000),
    "0": (60000, 70000, 50000),
}


def _population_per_age(region: str, age: str, year: str) -> int:
    young, adult, older = POPULATION_PER_AGE[region]
    number = int(age.rstrip("+"))
    base = young if number < 20 else adult if number < 30 else older
    return base + (10 if year == "2025" else 0)


def _age_label(age: str) -> str:
    return "105 år eller eldre" if age == "105+" else f"{int(age)} år"


def _population_dimensions(regions, ages, years, *, codelists=None) -> dict:
    dimensions = {
        "Region": _dimension("region", regions, codelists=codelists),
        "Kjonn": _dimension("kjønn", [("1", "Menn"), ("2", "Kvinner")]),
        "Alder": _dimension("alder", [(age, _age_label(age)) for age in ages]),
        "ContentsCode": _dimension(
            "statistikkvariabel",
            [("Personer1", "Personer")],
            unit={"Personer1": {"base": "personer", "decimals": 0}},
        ),
        "Tid": _dimension("år", years),
    }
    for dim_id in ("Kjonn", "Alder"):
        dimensions[dim_id]["extension"]["elimination"] = True
    return dimensions


def population() -> dict:
    """07459 as the preset «befolkning-alder» asks for it: ages 013 … 105+ (Region, Kjonn,
    Alder, ContentsCode, Tid – the table's order)."""
    ages = AGES[13:]
    years = [("2024", "2024"), ("2025", "2025")]
    values, status = [], {}
    for region, _label in POPULATION_REGIONS:
        for sex in ("1", "2"):
            for age in ages:
                for year, _year_label in years:
                    if (region, sex, age, year) == ("5014", "2", "105+", "2024"):
                        status[str(len(values))] = ".."
                        values.append(None)
                    else:
                        values.append(_population_per_age(region, age, year))
    document = _document(
        table="07459",
        label="07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år",
        dimensions=_population_dimensions(
            POPULATION_REGIONS,
            ages,
            years,
            codelists=[("agg_KommGjeldende", "Kommuner gjeldende", "Aggregation")],
        ),
        values=values,
        status=status,
        href="https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no",
    )
    document["note"] = ["Befolkningen per 1. januar."]
    document["extension"]["px"].update(
        {"matrix": "Folkemengde", "subject-code": "be", "decimals": 0, "aggregallowed": True}
    )
    return document


def metadata_07459() -> dict:
    years = [(str(year), str(year)) for year in range(1986, 2026)]
    regions = [
        ("0", "Hele landet"),
        ("50", "Trøndelag - Trööndelage"),
        ("5001", "Trondheim - Tråante"),
        ("5014", "Frøya"),
    ]
    dimensions = _population_dimensions(
        regions,
        AGES,
        years,
        codelists=[
            ("agg_KommGjeldende", "Kommuner gjeldende", "Aggregation"),
            ("agg_KommSummer", "Kommuner summert", "Aggregation"),
        ],
    )
    return _metadata(
        "07459",
        "07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år",
        dimensions,
        decimals=0,
    )


FILES = {
    "13556_neet_kommuner.json": neet_municipalities,
    "13556_gamle_kommunenummer.json": neet_old_numbers,
    "12423_neet_landet.json": neet_national,
    "13556_metadata.json": metadata_13556,
    "codelist_agg_KommGjeldende.json": municipalities_codelist,
    "codelist_vs_ArbStatus2018niva4.json": status_codelist,
    "07459_befolkning_alder.json": population,
    "07459_metadata.json": metadata_07459,
}


def only_regions(document: dict, codes: list[str]) -> dict:
    """The answer SSB gives when asked for these regions only (Region is the first dimension)."""
    region = document["dimension"]["Region"]["category"]
    order = sorted(region["index"], key=region["index"].get)
    block = len(document["value"]) // len(order)
    kept = [code for code in order if code in codes]
    values, status = [], {}
    for code in kept:
        start = region["index"][code] * block
        for offset in range(block):
            symbol = (document.get("status") or {}).get(str(start + offset))
            if symbol:
                status[str(len(values))] = symbol
            values.append(document["value"][start + offset])
    result = json.loads(json.dumps(document))
    result["dimension"]["Region"]["category"] = {
        "index": {code: position for position, code in enumerate(kept)},
        "label": {code: region["label"][code] for code in kept},
    }
    result["size"][0] = len(kept)
    result["value"], result["status"] = values, status
    return result


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def write_all() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, make in FILES.items():
        (FIXTURES / name).write_text(
            json.dumps(make(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    write_all()
