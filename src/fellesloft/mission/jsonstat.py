"""A parser for JSON-stat 2.0 datasets as SSB's PxWebApi v2 serves them (pure, no Django).

A dataset is a cube: `id` names the dimensions and `size` their lengths; `value` holds the
cells flat in row-major order (the last dimension varies fastest), either as an array or as an
object keyed by the flat index. `status` is optional: one string for all cells, an array, or an
object keyed by index. Each dimension's `category.index` is an array of codes or an object
code → position (it may be left out when the dimension has one category).

`parse_jsonstat` picks three dimensions – region, time and contents (SSB's «ContentsCode») –
and reads one cell per combination of them; every other dimension must have one category or
be fixed to one with `fixed={"Alder": "15-29"}`. The region, time and contents dimensions are
found from `role` (geo, time, metric) unless they are named.
"""

import itertools
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from fellesloft.core.text import clean_value


class JsonStatError(ValueError):
    """The document is not a JSON-stat dataset we can read; the message is Norwegian."""


class Cell(NamedTuple):
    position: int  # the cell's index in the flat `value`
    contents: str  # the contents category code ("" when the dataset has no contents dimension)
    region: str  # the region category code as written, e.g. «K-5001»
    region_label: str
    period: str  # the time category code, e.g. «2022»
    value: Decimal | None
    status: str
    where: "CellRef"  # str() gives «celle 17 (Region=K-5001, Tid=2022)» – for messages


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    codes: list[str]
    labels: dict[str, str]
    units: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Dataset:
    label: str
    source: str
    updated: str | None
    dimensions: dict[str, Dimension]
    region: str  # the id of the region dimension
    time: str
    contents: str | None
    cells: list[Cell]

    def contents_label(self, code: str) -> str:
        if self.contents is None:
            return self.label
        return self.dimensions[self.contents].labels.get(code, code)


def loads(data: str | bytes) -> dict[str, Any]:
    try:
        document = clean_value(json.loads(data))
    except (ValueError, UnicodeDecodeError) as error:
        raise JsonStatError(f"Fila er ikke gyldig JSON: {error}") from error
    if not isinstance(document, dict):
        raise JsonStatError("Fila er ikke et JSON-stat-datasett (venter et JSON-objekt).")
    return document


def parse_jsonstat(
    document: dict[str, Any] | str | bytes,
    *,
    region: str | None = None,
    time: str | None = None,
    contents: str | None = None,
    fixed: dict[str, str] | None = None,
) -> Dataset:
    if isinstance(document, str | bytes):
        document = loads(document)
    document = _dataset_of(document)
    ids, sizes = _ids_and_sizes(document)
    dimensions = {
        dim_id: _dimension(document, dim_id, size) for dim_id, size in zip(ids, sizes, strict=True)
    }
    roles = document.get("role") or {}
    region_id = _pick(ids, region, roles.get("geo"), ("Region",), "region", required=True)
    time_id = _pick(ids, time, roles.get("time"), ("Tid", "Time"), "tid", required=True)
    contents_id = _pick(
        ids, contents, roles.get("metric"), ("ContentsCode",), "statistikkvariabel", required=False
    )
    chosen = [dim_id for dim_id in (region_id, time_id, contents_id) if dim_id is not None]
    if len(set(chosen)) != len(chosen):
        raise JsonStatError("Region, tid og statistikkvariabel må være ulike dimensjoner.")

    fixed = dict(fixed or {})
    for dim_id in fixed:
        if dim_id not in dimensions:
            raise JsonStatError(
                f"Dimensjonen «{dim_id}» finnes ikke i datasettet (har: {', '.join(ids)})."
            )
        if dim_id in chosen:
            raise JsonStatError(f"«{dim_id}» er allerede valgt som region, tid eller innhold.")
    allowed: list[range | list[int]] = []
    for dim_id, size in zip(ids, sizes, strict=True):
        dimension = dimensions[dim_id]
        if dim_id in chosen:
            allowed.append(range(size))
        elif dim_id in fixed:
            code = fixed[dim_id]
            if code not in dimension.codes:
                raise JsonStatError(
                    f"Kategorien «{code}» finnes ikke i dimensjonen «{dim_id}» "
                    f"(har: {', '.join(dimension.codes[:20])})."
                )
            allowed.append([dimension.codes.index(code)])
        elif size == 1:
            allowed.append([0])
        else:
            raise JsonStatError(
                f"Dimensjonen «{dim_id}» har {size} kategorier; velg én, for eksempel "
                f"{dim_id}={dimension.codes[0]}."
            )

    total = math.prod(sizes)
    values = _values(document, total)
    statuses = _statuses(document, total)
    strides = _strides(sizes)
    region_pos, time_pos = ids.index(region_id), ids.index(time_id)
    contents_pos = ids.index(contents_id) if contents_id is not None else None
    region_codes, time_codes = dimensions[region_id].codes, dimensions[time_id].codes
    region_labels = dimensions[region_id].labels
    contents_codes = dimensions[contents_id].codes if contents_id is not None else None

    describe = _Describer(ids, dimensions, strides)
    cells: list[Cell] = []
    for combination in itertools.product(*allowed):
        position = sum(index * stride for index, stride in zip(combination, strides, strict=True))
        region_code = region_codes[combination[region_pos]]
        period = time_codes[combination[time_pos]]
        contents_code = contents_codes[combination[contents_pos]] if contents_codes else ""
        where = CellRef(position, describe)
        cells.append(
            Cell(
                position=position,
                contents=contents_code,
                region=region_code,
                region_label=region_labels.get(region_code, region_code),
                period=period,
                value=_number(values.get(position), where),
                status=statuses.get(position, ""),
                where=where,
            )
        )
    return Dataset(
        label=str(document.get("label", "")),
        source=str(document.get("source", "")),
        updated=document.get("updated"),
        dimensions=dimensions,
        region=region_id,
        time=time_id,
        contents=contents_id,
        cells=cells,
    )


def _dataset_of(document: dict[str, Any]) -> dict[str, Any]:
    if document.get("class") == "bundle" or (
        "class" not in document and "dimension" not in document and len(document) == 1
    ):
        # JSON-stat 1.x bundles ({"dataset": {...}}) and 2.0 bundles: take the only dataset.
        inner = [value for value in document.values() if isinstance(value, dict)]
        if len(inner) == 1:
            return _dataset_of(inner[0])
    if document.get("class", "dataset") != "dataset":
        raise JsonStatError(f"Venter et JSON-stat-datasett, fikk klassen «{document['class']}».")
    version = str(document.get("version", "2.0"))
    if not version.startswith("2"):
        raise JsonStatError(f"Bare JSON-stat 2.0 støttes (fila har versjon {version}).")
    for key in ("id", "size", "dimension", "value"):
        if key not in document:
            raise JsonStatError(f"JSON-stat-datasettet mangler «{key}».")
    return document


def _ids_and_sizes(document: dict[str, Any]) -> tuple[list[str], list[int]]:
    ids, sizes = document["id"], document["size"]
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise JsonStatError("«id» og «size» må være lister like lange.")
    if not all(isinstance(size, int) and size >= 0 for size in sizes):
        raise JsonStatError("«size» må være en liste med hele tall.")
    if len(set(ids)) != len(ids):
        raise JsonStatError("«id» nevner samme dimensjon to ganger.")
    return [str(dim_id) for dim_id in ids], sizes


def _dimension(document: dict[str, Any], dim_id: str, size: int) -> Dimension:
    raw = document["dimension"].get(dim_id)
    if not isinstance(raw, dict) or not isinstance(raw.get("category"), dict):
        raise JsonStatError(f"Dimensjonen «{dim_id}» mangler «category».")
    category = raw["category"]
    labels = {str(code): str(label) for code, label in (category.get("label") or {}).items()}
    index = category.get("index")
    if index is None:
        codes = list(labels)
    elif isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict):
        codes = [""] * len(index)
        for code, position in index.items():
            if not isinstance(position, int) or not 0 <= position < len(index):
                raise JsonStatError(
                    f"Dimensjonen «{dim_id}»: ugyldig posisjon {position!r} for «{code}»."
                )
            codes[position] = str(code)
        if len(set(index.values())) != len(index):
            raise JsonStatError(f"Dimensjonen «{dim_id}»: «index» har hull eller dubletter.")
    else:
        raise JsonStatError(f"Dimensjonen «{dim_id}»: «index» må være en liste eller et objekt.")
    if len(codes) != size:
        raise JsonStatError(
            f"Dimensjonen «{dim_id}» har {len(codes)} kategorier, men «size» sier {size}."
        )
    return Dimension(
        id=dim_id,
        label=str(raw.get("label", dim_id)),
        codes=codes,
        labels=labels,
        units=category.get("unit") or {},
    )


def _pick(
    ids: list[str],
    named: str | None,
    by_role: list[str] | None,
    usual: tuple[str, ...],
    what: str,
    *,
    required: bool,
) -> str | None:
    if named:
        if named not in ids:
            raise JsonStatError(
                f"Dimensjonen «{named}» ({what}) finnes ikke i datasettet (har: {', '.join(ids)})."
            )
        return named
    for dim_id in by_role or []:
        if dim_id in ids:
            return dim_id
    lowered = {dim_id.lower(): dim_id for dim_id in ids}
    for name in usual:
        if name.lower() in lowered:
            return lowered[name.lower()]
    if required:
        raise JsonStatError(
            f"Fant ikke dimensjonen for {what}; oppgi den (datasettet har: {', '.join(ids)})."
        )
    return None


def _values(document: dict[str, Any], total: int) -> dict[int, Any]:
    value = document["value"]
    if isinstance(value, list):
        if len(value) != total:
            raise JsonStatError(
                f"«value» har {len(value)} celler, men dimensjonene gir {total} "
                f"({' × '.join(str(size) for size in document['size'])})."
            )
        return dict(enumerate(value))
    if isinstance(value, dict):
        return _keyed_by_index(value, total, "value")
    raise JsonStatError("«value» må være en liste eller et objekt.")


def _statuses(document: dict[str, Any], total: int) -> dict[int, str]:
    status = document.get("status")
    if status is None:
        return {}
    if isinstance(status, str):
        return dict.fromkeys(range(total), status)
    if isinstance(status, list):
        if len(status) == 1:
            return dict.fromkeys(range(total), status[0] or "")
        if len(status) != total:
            raise JsonStatError(f"«status» har {len(status)} celler, men «value» har {total}.")
        return {index: symbol for index, symbol in enumerate(status) if symbol}
    if isinstance(status, dict):
        return {
            index: symbol
            for index, symbol in _keyed_by_index(status, total, "status").items()
            if symbol
        }
    raise JsonStatError("«status» må være en tekst, en liste eller et objekt.")


def _keyed_by_index(mapping: dict[str, Any], total: int, name: str) -> dict[int, Any]:
    result = {}
    for key, item in mapping.items():
        try:
            index = int(key)
        except (TypeError, ValueError):
            raise JsonStatError(f"«{name}»: nøkkelen «{key}» er ikke et celle-nummer.") from None
        if not 0 <= index < total:
            raise JsonStatError(f"«{name}»: celle {index} finnes ikke (datasettet har {total}).")
        result[index] = item
    return result


def _strides(sizes: list[int]) -> list[int]:
    strides = [1] * len(sizes)
    for position in range(len(sizes) - 2, -1, -1):
        strides[position] = strides[position + 1] * sizes[position + 1]
    return strides


class _Describer:
    """Names a cell by its coordinates, worked out from its flat position only when needed."""

    def __init__(self, ids, dimensions, strides):
        self.ids, self.dimensions, self.strides = ids, dimensions, strides

    def __call__(self, position: int) -> str:
        parts, rest = [], position
        for dim_id, stride in zip(self.ids, self.strides, strict=True):
            index, rest = divmod(rest, stride)
            codes = self.dimensions[dim_id].codes
            if len(codes) > 1:
                parts.append(f"{dim_id}={codes[index]}")
        return f"celle {position} ({', '.join(parts)})" if parts else f"celle {position}"


class CellRef:
    __slots__ = ("position", "describe")

    def __init__(self, position: int, describe: _Describer):
        self.position, self.describe = position, describe

    def __str__(self) -> str:
        return self.describe(self.position)

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return f"CellRef({self})"


def _number(raw: Any, where: str) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise JsonStatError(f"{where}: verdien {raw!r} er ikke et tall.")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise JsonStatError(f"{where}: verdien {raw!r} er ikke et tall.")
        return Decimal(repr(raw))
    if isinstance(raw, str):
        try:
            number = Decimal(raw.strip().replace(",", "."))
        except InvalidOperation:
            raise JsonStatError(f"{where}: verdien «{raw}» er ikke et tall.") from None
        if not number.is_finite():
            raise JsonStatError(f"{where}: verdien «{raw}» er ikke et tall.")
        return number
    raise JsonStatError(f"{where}: verdien {raw!r} er ikke et tall.")


def build_dataset(
    *,
    dimensions: list[tuple[str, str, list[tuple[str, str]]]],
    values: list[Any],
    status: dict[int, str] | list[str | None] | None = None,
    label: str = "",
    updated: str | None = None,
    roles: dict[str, list[str]] | None = None,
    source: str = "Statistisk sentralbyrå",
) -> dict[str, Any]:
    """A JSON-stat 2.0 dataset in the shape SSB's PxWebApi v2 writes (for demo data, tests
    and benchmarks). `dimensions` is [(id, label, [(code, label), …]), …] in cube order."""
    document: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": label,
        "source": source,
        "updated": updated,
        "id": [dim_id for dim_id, _label, _categories in dimensions],
        "size": [len(categories) for _id, _label, categories in dimensions],
        "dimension": {
            dim_id: {
                "label": dim_label,
                "category": {
                    "index": {code: position for position, (code, _l) in enumerate(categories)},
                    "label": dict(categories),
                },
                "extension": {"elimination": False, "show": "value"},
            }
            for dim_id, dim_label, categories in dimensions
        },
        "value": values,
        "role": roles or {},
        "extension": {"px": {"tableid": "", "language": "no", "decimals": 1}},
    }
    if status:
        document["status"] = status
    return document
