"""The JSON-stat 2.0 parser: fixtures in SSB's shape, and properties with hypothesis."""

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fellesloft.mission.jsonstat import JsonStatError, build_dataset, parse_jsonstat
from fellesloft.mission.tabular import ImportFormatError, jsonstat_rows
from tests.mission.helpers import ssb_bytes, ssb_fixture


def test_reads_ssb_table_12423_with_roles_and_status_object():
    dataset = parse_jsonstat(ssb_bytes(ssb_fixture()))
    assert (dataset.region, dataset.time, dataset.contents) == ("Region", "Tid", "ContentsCode")
    assert len(dataset.cells) == 24
    trondheim_2022 = next(
        cell
        for cell in dataset.cells
        if cell.region == "K-5001" and cell.period == "2022" and cell.contents == "NEETAndel"
    )
    assert trondheim_2022.value == Decimal("9.0")
    assert trondheim_2022.region_label == "Trondheim - Tråante"
    assert trondheim_2022.position == 14
    froya_2021 = next(
        cell
        for cell in dataset.cells
        if cell.region == "K-5014" and cell.period == "2021" and cell.contents == "NEETAndel"
    )
    assert (froya_2021.value, froya_2021.status) == (None, ":")
    assert froya_2021.where == "celle 19 (Region=K-5014, ContentsCode=NEETAndel, Tid=2021)"
    assert dataset.updated == "2024-05-14T06:00:00Z"


def test_status_as_array_gives_the_same_cells_as_status_as_object():
    document = ssb_fixture()
    as_object = parse_jsonstat(document)
    document["status"] = [document["status"].get(str(i)) for i in range(len(document["value"]))]
    as_array = parse_jsonstat(document)
    assert as_array.cells == as_object.cells


def test_value_as_sparse_object_and_index_as_array():
    document = ssb_fixture()
    document["value"] = {str(i): v for i, v in enumerate(document["value"]) if v is not None}
    for dimension in document["dimension"].values():
        index = dimension["category"]["index"]
        dimension["category"]["index"] = sorted(index, key=index.get)
    cells = parse_jsonstat(document).cells
    assert [cell.value for cell in cells] == [
        cell.value for cell in parse_jsonstat(ssb_fixture()).cells
    ]


def test_single_category_dimension_may_leave_out_its_index():
    document = ssb_fixture()
    del document["dimension"]["Kjonn"]["category"]["index"]
    assert len(parse_jsonstat(document).cells) == 24


def test_dimensions_are_found_by_their_usual_names_without_role():
    document = ssb_fixture()
    del document["role"]
    dataset = parse_jsonstat(document)
    assert (dataset.region, dataset.time, dataset.contents) == ("Region", "Tid", "ContentsCode")


def test_a_dimension_with_several_categories_must_be_fixed():
    document = build_dataset(
        dimensions=[
            ("Region", "region", [("0", "Hele landet")]),
            ("Alder", "alder", [("15-19", "15-19 år"), ("20-29", "20-29 år")]),
            ("Tid", "år", [("2022", "2022")]),
        ],
        values=[4.0, 12.5],
    )
    with pytest.raises(JsonStatError, match="Alder=15-19"):
        parse_jsonstat(document)
    cells = parse_jsonstat(document, fixed={"Alder": "20-29"}).cells
    assert [(cell.position, cell.value) for cell in cells] == [(1, Decimal("12.5"))]
    with pytest.raises(JsonStatError, match="«30-39» finnes ikke"):
        parse_jsonstat(document, fixed={"Alder": "30-39"})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.update(value=d["value"][:-1]),
            "«value» har 23 celler, men dimensjonene gir 24",
        ),
        (lambda d: d.update(size=[4, 1, 1, 2]), "«id» og «size» må være lister like lange"),
        (lambda d: d.update(version="1.0"), "Bare JSON-stat 2.0"),
        (lambda d: d.pop("dimension"), "mangler «dimension»"),
        (lambda d: d["value"].__setitem__(3, "mye"), "celle 3 (Region=0, ContentsCode=NEETAntall"),
        (lambda d: d.update(status={"99": ".."}), "celle 99 finnes ikke"),
    ],
)
def test_errors_say_what_is_wrong(change, message):
    document = ssb_fixture()
    change(document)
    with pytest.raises(JsonStatError) as error:
        parse_jsonstat(document)
    assert message in str(error.value)


def test_not_json_at_all():
    with pytest.raises(JsonStatError, match="ikke gyldig JSON"):
        parse_jsonstat(b"<html>502 Bad Gateway</html>")


def test_rows_map_contents_to_indicators_and_skip_the_rest():
    dataset = parse_jsonstat(ssb_fixture())
    rows, skipped = jsonstat_rows(dataset, indicators={"NEETAndel": "neet-andel-15-29"})
    assert len(rows) == 12 and skipped == 12
    trondelag_2022 = next(row for row in rows if row.region == "50" and row.period == "2022")
    assert trondelag_2022.is_preliminary  # SSB's «*»
    assert trondelag_2022.region_name == "Trøndelag"
    froya = next(row for row in rows if row.region == "K-5014" and row.period == "2021")
    assert (froya.value, froya.status) == (None, ":")
    with pytest.raises(ImportFormatError, match="«NEET» finnes ikke"):
        jsonstat_rows(dataset, indicators={"NEET": "x"})
    with pytest.raises(ImportFormatError, match="Oppgi hvilken indikator"):
        jsonstat_rows(dataset, indicators={})


# --- Properties ------------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9)


@st.composite
def cubes(draw):
    sizes = [draw(st.integers(1, 4)) for _ in range(3)]  # Region, ContentsCode, Tid
    extra = draw(st.integers(0, 2))  # extra dimensions of one category
    total = math.prod(sizes)
    values = draw(st.lists(st.one_of(st.none(), finite), min_size=total, max_size=total))
    statuses = {
        index: draw(st.sampled_from([".", "..", "...", ":"]))
        for index, value in enumerate(values)
        if value is None and draw(st.booleans())
    }
    dims = [
        ("Region", "region", [(f"K-{5001 + i}", f"Kommune {i}") for i in range(sizes[0])]),
        (
            "ContentsCode",
            "statistikkvariabel",
            [(f"C{i}", f"Variabel {i}") for i in range(sizes[1])],
        ),
        ("Tid", "år", [(str(2000 + i), str(2000 + i)) for i in range(sizes[2])]),
    ]
    for number in range(extra):
        dims.insert(1, (f"Ekstra{number}", "ekstra", [("x", "x")]))
    as_object = draw(st.booleans())
    document = build_dataset(
        dimensions=dims,
        values=values,
        status={str(k): v for k, v in statuses.items()}
        if as_object
        else [statuses.get(i) for i in range(total)],
        roles={"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
    )
    return sizes, values, statuses, document


@settings(max_examples=150, deadline=None)
@given(cubes())
def test_every_cell_lands_at_its_row_major_coordinates(cube):
    sizes, values, statuses, document = cube
    cells = parse_jsonstat(document).cells
    assert len(cells) == len(values)
    for cell in cells:
        region = int(cell.region[2:]) - 5001
        contents = int(cell.contents[1:])
        year = int(cell.period) - 2000
        assert cell.position == (region * sizes[1] + contents) * sizes[2] + year
        expected = values[cell.position]
        assert cell.value == (None if expected is None else Decimal(repr(expected)))
        assert cell.status == statuses.get(cell.position, "")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_garbage_gives_a_norwegian_error_never_a_crash(data):
    with pytest.raises(JsonStatError):
        parse_jsonstat(data)
