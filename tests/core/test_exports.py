"""Every spreadsheet and PDF the product hands out, against hostile and damaged stored text.

One world holds the same strings in every exported text field (a published statement, a
dialog's question, a barrier, an experiment, an observation's note, a need theme); each export
URL is fetched as the role that may see it and read back the way a spreadsheet program would.
"""

import csv
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from fellesloft.core.spreadsheets import CsvWriter, Percent, Spreadsheet, is_formula_like
from fellesloft.dialogs.models import Statement
from fellesloft.mission import services as mission_services
from fellesloft.mission.models import NeedTheme, Observation
from tests.barriers.helpers import escalate, report
from tests.dialogs.helpers import make_dialog
from tests.experiments.factories import evaluate, past_sprint, running_experiment
from tests.experiments.pdftext import pdf_contains
from tests.mission.helpers import ensure_initial_dataset

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("http://example.com/x","klikk")',
    "+47 sier nei",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "＝1+1",
]
# What may already be stored from before the door was closed; PostgreSQL cannot hold NUL.
DAMAGED = ["Kvakk\x01surr", "Blimp\ufffefrosk", "Grut\uffffhatt", "Snaks\x1bkule"]
CLEANED = ["Kvakksurr", "Blimpfrosk", "Gruthatt", "Snakskule"]
# XML and CSV readers see a carriage return as a line break.
EXPECTED = {text.replace("\r", "\n") for text in FORMULAS}
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")

XLSX_EXPORTS = [
    ("dialog report", "member", lambda w: reverse("dialogs:report_xlsx", args=[w.dialog.slug])),
    ("barrier report", "mission_lead", lambda w: reverse("barriers:report_xlsx")),
    ("portfolio", "member", lambda w: reverse("experiments:portfolio_xlsx")),
    ("measure template", "anonymous", lambda w: reverse("measures:import_template")),
]
CSV_EXPORTS = [
    ("portfolio", "member", lambda w: reverse("experiments:portfolio_csv")),
    (
        "indicator",
        "anonymous",
        lambda w: reverse("mission:indicator_csv", kwargs={"code": "neet-andel-15-29"}),
    ),
    ("observations API", "anonymous", lambda w: "/api/v1/observations.csv"),
    ("Pol.is export", "member", lambda w: reverse("dialogs:export", args=[w.dialog.slug])),
]
PDF_EXPORTS = [
    ("dialog report", "member", lambda w: reverse("dialogs:report_pdf", args=[w.dialog.slug])),
    ("barrier report", "mission_lead", lambda w: reverse("barriers:report_pdf")),
    ("experiment", "member", lambda w: reverse("experiments:pdf", args=[w.experiment.pk])),
]


def _stored(world, texts: list[str]) -> None:
    """Puts each text in every exported text field, as data stored earlier would be."""
    ensure_initial_dataset()
    world.extra["dialog"] = dialog = make_dialog(
        world, seeds=[f"Utsagn {n}" for n in range(len(texts))]
    )
    world.extra["experiment"] = running_experiment(world)
    evaluate(past_sprint(world.experiment))
    lines = ["indikator;region;periode;verdi;merknad;regionnavn"]
    for number, text in enumerate(texts):
        statement = Statement.objects.get(dialog=dialog, text=f"Utsagn {number}")
        Statement.objects.filter(pk=statement.pk).update(text=text)
        barrier = report(world, title=f"Barriere {number}")
        escalate(barrier, world.users["mission_lead"])
        type(barrier).objects.filter(pk=barrier.pk).update(title=text, description=text)
        experiment = running_experiment(world, title=f"Forsøk {number}")
        type(experiment).objects.filter(pk=experiment.pk).update(title=text)
        world.extra["experiment"] = experiment  # the PDF is of one with the stored text
        NeedTheme.objects.create(slug=f"tema-{number}", name=text, order=90 + number)
        lines.append(f"neet-andel-15-29;0;{2040 + number};-1,5;merknad {number};")
    mission_services.import_data(
        data="\n".join(lines).encode(), file_format="csv", source="merknader.csv"
    )
    for number, text in enumerate(texts):
        note = Observation.objects.get(note=f"merknad {number}")
        type(note).objects.filter(pk=note.pk).update(note=text)
    type(dialog).objects.filter(pk=dialog.pk).update(question=texts[0], description=texts[-1])


def _fetch(client_as, world, role, url) -> bytes:
    response = client_as(role).get(url(world))
    assert response.status_code == 200, url(world)
    return response.content


def _csv_files(content: bytes) -> dict[str, list[list[str]]]:
    if content.startswith(b"PK"):
        archive = zipfile.ZipFile(io.BytesIO(content))
        texts = {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}
    else:
        texts = {"": content.decode("utf-8-sig")}
    return {
        name: list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if ";" in text else ","))
        for name, text in texts.items()
    }


@pytest.fixture
def hostile(world):
    _stored(world, FORMULAS)
    return world


@pytest.mark.parametrize(("name", "role", "url"), XLSX_EXPORTS, ids=[e[0] for e in XLSX_EXPORTS])
def test_formula_like_text_is_text_in_every_xlsx(hostile, client_as, name, role, url):
    workbook = load_workbook(io.BytesIO(_fetch(client_as, hostile, role, url)))
    found = set()
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value in EXPECTED:
                    assert cell.data_type == "s"
                    found.add(cell.value)
    assert found == EXPECTED  # every hostile string got there, unchanged, as text


@pytest.mark.parametrize(("name", "role", "url"), CSV_EXPORTS, ids=[e[0] for e in CSV_EXPORTS])
def test_formula_like_text_is_neutralised_in_every_csv(hostile, client_as, name, role, url):
    found = set()
    for file, rows in _csv_files(_fetch(client_as, hostile, role, url)).items():
        for row in rows:
            for cell in row:
                assert not is_formula_like(cell) or NUMBER.match(cell), (file, cell)
                if cell.startswith("'") and cell[1:] in EXPECTED:
                    found.add(cell[1:])
    assert found == EXPECTED


@pytest.fixture
def damaged(world):
    texts = (["Nullpunkt\x00sjekk"] if connection.vendor == "sqlite" else []) + DAMAGED
    _stored(world, texts)
    return world


@pytest.mark.parametrize(("name", "role", "url"), XLSX_EXPORTS, ids=[e[0] for e in XLSX_EXPORTS])
def test_stored_control_characters_do_not_break_an_xlsx(damaged, client_as, name, role, url):
    workbook = load_workbook(io.BytesIO(_fetch(client_as, damaged, role, url)))
    texts = [
        cell.value
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert set(CLEANED) <= set(texts)
    assert not [text for text in texts if NOT_XML.search(text)]


@pytest.mark.parametrize(("name", "role", "url"), PDF_EXPORTS, ids=[e[0] for e in PDF_EXPORTS])
def test_stored_control_characters_do_not_break_a_pdf(damaged, client_as, name, role, url):
    pdf = _fetch(client_as, damaged, role, url)
    assert pdf.startswith(b"%PDF-")
    # The words read whole, without a box for the character in the middle.
    words = CLEANED[-1:] if name == "experiment" else CLEANED
    assert [word for word in words if not pdf_contains(pdf, word)] == []


@pytest.mark.parametrize(("name", "role", "url"), CSV_EXPORTS, ids=[e[0] for e in CSV_EXPORTS])
def test_stored_control_characters_are_left_out_of_every_csv(damaged, client_as, name, role, url):
    cells = [
        cell
        for rows in _csv_files(_fetch(client_as, damaged, role, url)).values()
        for row in rows
        for cell in row
    ]
    assert set(CLEANED) <= set(cells)
    assert not [cell for cell in cells if NOT_XML.search(cell)]


def test_observations_with_formula_like_notes_import_again_unchanged(hostile, client):
    exported = client.get("/api/v1/observations.csv").content
    assert "'=HYPERLINK" in exported.decode("utf-8-sig")
    mission_services.import_data(data=exported, file_format="csv", source="eksport.csv")
    notes = set(Observation.objects.values_list("note", flat=True))
    assert {text for text in FORMULAS if text == text.strip()} <= notes
    assert not [note for note in notes if note.startswith("'")]


def test_numbers_stay_numbers_and_only_text_is_neutralised():
    book = Spreadsheet()
    sheet = book.create_sheet("Tall")
    sheet.append([-3, -1.5, Decimal("-2.50"), "-3", Percent(0.95), Percent(None)])
    cells = next(load_workbook(io.BytesIO(book.to_bytes()))["Tall"].iter_rows())
    assert [cell.value for cell in cells[:4]] == [-3, -1.5, -2.5, "-3"]
    assert [cell.data_type for cell in cells[:4]] == ["n", "n", "n", "s"]
    assert cells[4].value == 0.95 and cells[4].number_format == "0 %"
    stream = io.StringIO()
    CsvWriter(stream, decimal_comma=True).writerow([-3, Decimal("-2.50"), "-3", None, "a\rb"])
    assert stream.getvalue() == '\ufeff-3;-2,5;\'-3;;"a\nb"\r\n'
