"""Imports: idempotent, dry run, one transaction, errors naming the line or cell, the CLI."""

import io
import urllib.error
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from fellesloft.core.exceptions import ServiceError
from fellesloft.mission import fetch, services
from fellesloft.mission.models import ImportRun, Observation, Region
from tests.mission.helpers import FIXTURES, ssb_bytes, ssb_fixture

pytestmark = pytest.mark.django_db

MAPPING = {"NEETAndel": "neet-andel-15-29", "NEETAntall": "neet-antall-15-29"}


def _import_fixture(**options):
    return services.import_data(
        data=ssb_bytes(ssb_fixture()),
        file_format="jsonstat",
        source="12423.json",
        indicators=MAPPING,
        **options,
    )


def _value(code, region, period):
    return Observation.objects.get(indicator__code=code, region__code=region, period=period).value


def test_the_published_figures_are_there_on_a_fresh_install():
    assert _value("neet-andel-15-29", "50", "2022") == Decimal("9.5")
    observation = Observation.objects.get(
        indicator__code="neet-andel-15-29", region__code="50", period="2022"
    )
    assert observation.is_preliminary
    assert observation.indicator.source.startswith("SSB tabell 12423")
    assert _value("neet-antall-15-29", "50", "2022") == 9178
    assert _value("uforetrygd-under-30", "0", "2016") == Decimal("1.7")
    assert _value("samfunnskostnad-utenforskap", "0", "2022") == 73
    assert Region.objects.filter(level="municipality").count() == 38


def test_jsonstat_import_creates_then_updates_then_changes_nothing():
    first = _import_fixture()
    # The migration holds the same five figures (with notes, which a JSON-stat import keeps).
    assert (first.created, first.updated, first.unchanged) == (19, 0, 5)
    assert _value("neet-andel-15-29", "5001", "2022") == Decimal("9.0")
    assert (
        Observation.objects.get(
            indicator__code="neet-andel-15-29", region__code="5014", period="2021"
        ).status
        == ":"
    )
    again = _import_fixture()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 24)
    assert ImportRun.objects.count() == 2

    document = ssb_fixture()
    document["value"][14] = 8.7  # Trondheim 2022 revised
    revised = services.import_data(
        data=ssb_bytes(document), file_format="jsonstat", source="x", indicators=MAPPING
    )
    assert (revised.created, revised.updated) == (0, 1)
    assert revised.changes[0].before == "9" and revised.changes[0].after == "8,7"
    assert _value("neet-andel-15-29", "5001", "2022") == Decimal("8.7")


def test_dry_run_reports_and_writes_nothing():
    count = Observation.objects.count()
    report = _import_fixture(dry_run=True)
    assert report.dry_run and report.created == 19
    assert Observation.objects.count() == count
    assert not ImportRun.objects.exists()
    assert "ville blitt" in report.summary()
    assert {change.where for change in report.changes} >= {
        "celle 14 (Region=K-5001, ContentsCode=NEETAndel, Tid=2022)"
    }


def test_a_bad_cell_at_the_end_leaves_everything_as_it_was():
    document = ssb_fixture()
    document["dimension"]["Region"]["category"]["index"] = {
        "0": 0,
        "50": 1,
        "K-5001": 2,
        "Trondheim": 3,
    }
    document["dimension"]["Region"]["category"]["label"]["Trondheim"] = "Feil"
    count = Observation.objects.count()
    with pytest.raises(ServiceError) as error:
        services.import_data(
            data=ssb_bytes(document), file_format="jsonstat", source="x", indicators=MAPPING
        )
    assert "Celle 18 (Region=Trondheim, ContentsCode=NEETAndel, Tid=2020)" in error.value.message
    assert "ukjent regionkode «Trondheim»" in error.value.message
    assert Observation.objects.count() == count
    assert not Region.objects.filter(code="5001", observations__period="2021").exists()


CSV = (
    "indikator;region;periode;verdi;status;foreløpig;merknad\n"
    "neet-andel-15-29;K-5001;2021;9,4;;nei;\n"
    "neet-andel-15-29;5014;2021;;:;;Få personer\n"
    "neet-antall-15-29;50;2023;9 050;;ja;\n"
)


def test_csv_import_with_decimal_comma_status_and_preliminary():
    report = services.import_data(data=CSV.encode(), file_format="csv", source="tall.csv")
    assert report.created == 3
    assert _value("neet-andel-15-29", "5001", "2021") == Decimal("9.4")
    froya = Observation.objects.get(region__code="5014", period="2021")
    assert (froya.value, froya.status, froya.note) == (None, ":", "Få personer")
    assert Observation.objects.get(region__code="50", period="2023").is_preliminary
    again = services.import_data(data=CSV.encode(), file_format="csv", source="tall.csv")
    assert again.unchanged == 3 and again.created == again.updated == 0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("neet-andel-15-29;5001;2021;9,x;;;", "Linje 3, kolonne «verdi»: «9,x» er ikke et tall."),
        ("neet-andel-15-29;5001;2021;;;;", "Linje 3: «verdi» er tom"),
        ("finnes-ikke;5001;2021;3;;;", "Linje 3: indikatoren «finnes-ikke» finnes ikke"),
        ("neet-andel-15-29;Oslo;2021;3;;;", "Linje 3: ukjent regionkode «Oslo»"),
        ("neet-andel-15-29;5001;ifjor;3;;;", "Linje 3: ukjent periode «ifjor»"),
        ("neet-andel-15-29;5001;2021;3;;kanskje;", "Linje 3, kolonne «foreløpig»"),
        ("neet-andel-15-29;5001;2021;3;;", "Linje 3: har 6 felt, men overskriften har 7."),
        ("neet-andel-15-29;K-5001;2020;3;;;", "Linje 3 gjentar tallet i linje 2"),
    ],
)
def test_csv_errors_name_the_line_and_roll_back(line, message):
    data = (
        "indikator;region;periode;verdi;status;foreløpig;merknad\n"
        "neet-andel-15-29;5001;2020;3;;;\n" + line + "\n"
    )
    count = Observation.objects.count()
    with pytest.raises(ServiceError) as error:
        services.import_data(data=data.encode(), file_format="csv", source="x.csv")
    assert message in error.value.message
    assert Observation.objects.count() == count


def test_csv_header_errors():
    with pytest.raises(ServiceError, match="Linje 1: ukjent kolonne «kommune»"):
        services.import_data(data=b"kommune;verdi\n", file_format="csv", source="x")
    with pytest.raises(ServiceError, match="mangler kolonnen «periode»"):
        services.import_data(data=b"indikator,region,verdi\n", file_format="csv", source="x")


def test_export_can_be_imported_again_unchanged(client):
    _import_fixture()
    exported = client.get("/oppdraget/indikatorer/neet-andel-15-29/data.csv").content
    report = services.import_data(data=exported, file_format="csv", source="eksport.csv")
    assert report.created == report.updated == 0
    assert (
        report.unchanged == Observation.objects.filter(indicator__code="neet-andel-15-29").count()
    )


def test_command_imports_a_file_with_a_progress_bar(tmp_path):
    path = tmp_path / "12423.json"
    path.write_bytes(ssb_bytes(ssb_fixture()))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "indicators",
        "import",
        str(path),
        "--indicator",
        "NEETAndel=neet-andel-15-29",
        "--dry-run",
        stdout=out,
        stderr=err,
    )
    assert "Prøvekjøring" in out.getvalue()
    assert not Observation.objects.filter(region__code="5001").exists()
    call_command(
        "indicators",
        "import",
        str(path),
        "--indicator",
        "NEETAndel=neet-andel-15-29",
        stdout=out,
        stderr=err,
    )
    assert "Kontrollerer" in err.getvalue() and "Lagrer" in err.getvalue()  # tqdm's bars
    assert "100%" in err.getvalue()
    assert _value("neet-andel-15-29", "5001", "2022") == Decimal("9.0")
    listing = io.StringIO()
    call_command("indicators", "list", stdout=listing)
    assert "neet-andel-15-29" in listing.getvalue()


def test_command_errors_are_clear(tmp_path):
    with pytest.raises(CommandError, match="Fant ikke fila"):
        call_command("indicators", "import", str(tmp_path / "mangler.json"))
    path = tmp_path / "12423.json"
    path.write_bytes(ssb_bytes(ssb_fixture()))
    with pytest.raises(CommandError, match="Oppgi hvilken indikator"):
        call_command("indicators", "import", str(path), stderr=io.StringIO())
    bad = FIXTURES / "ssb_12423_neet.json"
    with pytest.raises(CommandError, match="Dimensjonen «Fylke» \\(region\\) finnes ikke"):
        call_command("indicators", "import", str(bad), "--region", "Fylke", stderr=io.StringIO())
    with pytest.raises(CommandError, match="Dimensjonen «Region» har 4 kategorier"):
        call_command(
            "indicators",
            "import",
            str(bad),
            "--region",
            "Alder",
            "--indicator",
            "NEETAndel=x",
            stderr=io.StringIO(),
        )


def _failing_opener(error):
    def opener(request, timeout):
        raise error

    return opener


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (urllib.error.URLError("Name or service not known"), "Fikk ikke kontakt med data.ssb.no"),
        (TimeoutError("timed out"), "Fikk ikke svar fra data.ssb.no innen 30 sekunder"),
        (urllib.error.URLError(TimeoutError()), "Fikk ikke svar fra data.ssb.no"),
        (
            urllib.error.HTTPError(
                "https://data.ssb.no", 400, "Bad Request", {}, io.BytesIO(b"Ukjent tabell")
            ),
            "svarte med feil 400 (Bad Request): Ukjent tabell",
        ),
    ],
)
def test_fetch_failures_give_a_norwegian_message(error, message):
    url = fetch.SSB_DATA_URL.format(table="12423")
    with pytest.raises(ServiceError) as raised:
        fetch.fetch(url, opener=_failing_opener(error))
    assert message in raised.value.message


def test_fetch_refuses_other_schemes():
    with pytest.raises(ServiceError, match="ikke en nettadresse"):
        fetch.fetch("file:///etc/passwd")


def test_fetch_reads_the_body():
    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

    seen = {}

    def opener(request, timeout):
        seen["timeout"] = timeout
        seen["agent"] = request.get_header("User-agent")
        return Response(b'{"class": "dataset"}')

    assert fetch.fetch("https://data.ssb.no/x", timeout=5, opener=opener) == b'{"class": "dataset"}'
    assert seen == {"timeout": 5, "agent": fetch.USER_AGENT}


def test_command_reports_an_unreachable_url(monkeypatch):
    monkeypatch.setattr(
        fetch.urllib.request,
        "urlopen",
        _failing_opener(urllib.error.URLError("Connection refused")),
    )
    monkeypatch.setattr(
        fetch.fetch, "__defaults__", (fetch.TIMEOUT_SECONDS, fetch.urllib.request.urlopen)
    )
    with pytest.raises(CommandError, match="Fikk ikke kontakt med data.ssb.no"):
        call_command(
            "indicators",
            "import",
            fetch.SSB_DATA_URL.format(table="12423"),
            stderr=io.StringIO(),
        )
