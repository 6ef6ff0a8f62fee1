"""Indicator import (issue 17, item 13): a mistyped region is refused unless new regions are
allowed, every error is listed with its line, previews use the decimal comma."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from fellesloft.core.exceptions import ServiceError
from fellesloft.mission import services
from fellesloft.mission.models import Observation, Region

pytestmark = pytest.mark.django_db

HEADER = "indikator;region;periode;verdi\n"
MISTYPED = HEADER + "neet-andel-15-29;5001;2021;9,1\nneet-andel-15-29;9999;2021;9,2\n"
THREE_WRONG = (
    HEADER
    + "neet-andel-15-29;5001;2019;ni\n"  # line 2: not a number (found while reading)
    + "neet-andel-15-29;5001;2020;3\n"  # line 3: fine
    + "finnes-ikke;5001;2021;3\n"  # line 4: unknown indicator (found while checking)
    + "neet-andel-15-29;9999;2021;3\n"  # line 5: unknown region
)


def _import(data: str, **options):
    return services.import_data(data=data.encode(), file_format="csv", source="x.csv", **options)


def test_an_unknown_region_code_is_refused_with_its_line_unless_allowed():
    regions, observations = Region.objects.count(), Observation.objects.count()
    with pytest.raises(ServiceError) as error:
        _import(MISTYPED)
    assert "Linje 3: regionkoden «9999» er ukjent" in error.value.message
    assert (Region.objects.count(), Observation.objects.count()) == (regions, observations)

    report = _import(MISTYPED, allow_new_regions=True)
    assert report.created == 2 and report.new_regions == ["9999 (9999)"]
    assert Region.objects.filter(code="9999").exists()


def test_every_error_in_a_file_is_listed_with_its_line():
    count = Observation.objects.count()
    with pytest.raises(ServiceError) as error:
        _import(THREE_WRONG)
    assert error.value.summary == "Fila har 3 feil. Ingenting er lagret."
    assert error.value.details == [
        "Linje 2, kolonne «verdi»: «ni» er ikke et tall.",
        "Linje 4: indikatoren «finnes-ikke» finnes ikke. Opprett den først.",
        "Linje 5: regionkoden «9999» er ukjent (ingen kommune, fylke eller region har det "
        "nummeret). Rett koden, eller tillat nye regioner om den er riktig.",
    ]
    assert Observation.objects.count() == count


def test_the_preview_writes_figures_with_a_decimal_comma():
    report = _import(MISTYPED, allow_new_regions=True, dry_run=True)
    assert [change.after for change in report.changes] == ["9,1", "9,2"]


def test_the_web_form_lists_every_error_and_has_an_explicit_choice_for_new_regions(
    client_as, world
):
    client = client_as("mission_lead")

    def post(data: str, **extra):
        return client.post(
            reverse("mission:import"),
            {"file": SimpleUploadedFile("tall.csv", data.encode()), "action": "dry-run", **extra},
        ).content.decode()

    page = post(THREE_WRONG)
    assert 'name="allow_new_regions"' in page
    for line in ("Linje 2, kolonne «verdi»", "Linje 4: indikatoren", "Linje 5: regionkoden"):
        assert line in page
    page = post(MISTYPED, allow_new_regions="on")
    assert "9999 (9999)" in page and "9,1" in page and "9.1" not in page


def test_the_command_refuses_unknown_regions_unless_told(tmp_path):
    path = tmp_path / "tall.csv"
    path.write_text(MISTYPED)
    with pytest.raises(CommandError, match="Linje 3: regionkoden «9999» er ukjent"):
        call_command("indicators", "import", str(path), "--no-progress")
    out = io.StringIO()
    call_command(
        "indicators", "import", str(path), "--no-progress", "--allow-new-regions", stdout=out
    )
    assert "nye regioner: 9999 (9999)" in out.getvalue()
