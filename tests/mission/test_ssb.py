"""SSB presets: the request built in code, the metadata checked first, the answer imported with
SSB's symbols, preliminary years, old municipality numbers – and nothing reaches the internet."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from fellesloft.core.exceptions import ServiceError
from fellesloft.mission import ssb
from fellesloft.mission.code_changes import KNOWN_CHANGES, CodeChanges
from fellesloft.mission.models import ImportResult, ImportRun, Observation
from fellesloft.mission.services import county_municipalities, preset_import
from tests.mission import ssb_fixtures
from tests.mission.ssb_fixtures import FIXTURES, read

pytestmark = pytest.mark.django_db

SHARE, PERSONS = "neet-andel-15-29", "neet-antall-15-29"


def _observation(code, region, period) -> Observation:
    return Observation.objects.get(indicator__code=code, region__code=region, period=period)


# --- URL building (pure) ---------------------------------------------------------------------


def test_the_municipality_preset_builds_the_documented_request():
    url = ssb.preset_url(ssb.PRESETS["neet-kommune"], municipalities=["5001", "5006"], county="50")
    assert url == (
        "https://data.ssb.no/api/pxwebapi/v2/tables/13556/data?lang=no&outputFormat=json-stat2"
        "&valuecodes[HovArbStyrkStatus]=NEET&codelist[HovArbStyrkStatus]=vs_ArbStatus2018niva4"
        "&valuecodes[Alder]=15-29&valuecodes[Kjonn]=0"
        "&valuecodes[ContentsCode]=BosatteProsent,Bosatte"
        "&valuecodes[Region]=5001,5006,50,0&codelist[Region]=agg_KommGjeldende"
        "&valuecodes[Tid]=*"
    )


def test_the_newest_years_only_and_the_national_series():
    national = ssb.preset_url(ssb.PRESETS["neet-nasjonal"], municipalities=[], county="50", top=5)
    assert national.startswith("https://data.ssb.no/api/pxwebapi/v2/tables/12423/data?")
    assert "&valuecodes[Region]=0&valuecodes[Tid]=top(5)" in national
    assert "codelist[Region]" not in national
    with pytest.raises(ssb.PresetError):
        ssb.years_selection(0)
    with pytest.raises(ssb.PresetError, match="Ukjent forhåndsvalg"):
        ssb.get_preset("neet-fylke")


def test_a_request_over_ssbs_cell_limit_is_split_along_the_regions():
    preset = ssb.PRESETS["neet-kommune"]
    regions = [f"50{n:02d}" for n in range(40)]
    selections = preset.selections(regions=regions, years="top(10)")
    assert ssb.cell_count(selections) == 40 * 2 * 10
    parts = ssb.split_selections(selections, max_cells=200)
    assert [len(part[4].codes) for part in parts] == [10, 10, 10, 10]
    assert all(ssb.cell_count(part) <= 200 for part in parts)
    assert sum((part[4].codes for part in parts), ()) == tuple(regions)


def test_no_more_than_thirty_queries_a_minute():
    now = [0.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    throttle = ssb.Throttle(clock=lambda: now[0], sleep=sleep)
    for _ in range(31):
        throttle.wait()
        now[0] += 0.5
    assert len(slept) == 1 and slept[0] == pytest.approx(45.0)


def test_known_municipality_changes_follow_renumbering_and_refuse_mergers():
    changes = CodeChanges(KNOWN_CHANGES)
    assert changes.resolve("1601") == ("5001", "1601 Trondheim → 5001 (2018)")
    assert changes.resolve("1567")[0] == "5061"
    assert changes.resolve("5001") == ("5001", "")
    code, why = changes.resolve("1662")  # Klæbu: renumbered 2018, merged into Trondheim 2020
    assert code is None and "slått sammen" in why
    assert changes.resolve("5012")[0] is None  # Snillfjord was split


def test_preliminary_years_from_a_note_or_a_star():
    assert ssb.preliminary_periods(ssb_fixtures.neet_municipalities()) == {"2023"}
    assert ssb.preliminary_periods(ssb_fixtures.neet_national()) == {"2023"}
    assert ssb.preliminary_periods(ssb_fixtures.neet_old_numbers()) == set()


def test_the_fixtures_on_disk_are_what_the_builder_makes():
    for name, make in ssb_fixtures.FILES.items():
        assert json.loads((FIXTURES / name).read_text(encoding="utf-8")) == make(), name


# --- Importing a saved answer ---------------------------------------------------------------


def test_a_saved_answer_is_imported_with_symbols_and_preliminary_years():
    report = preset_import(
        preset="neet-kommune", data=read("13556_neet_kommuner.json"), filename="13556.json"
    )
    assert report.created > 0 and not report.notes
    assert _observation(SHARE, "5001", "2022").value == Decimal("8.4")
    assert _observation(PERSONS, "5001", "2021").value == 4012
    assert _observation(PERSONS, "0", "2023").value == 103005
    # Suppressed and missing values keep SSB's symbol; never 0.
    hidden = _observation(PERSONS, "5043", "2023")
    assert hidden.value is None and hidden.status == ":"
    assert _observation(SHARE, "5043", "2023").value == Decimal("13.0")
    missing = _observation(SHARE, "5060", "2022")
    assert missing.value is None and missing.status == ".."
    # 2023 is preliminary (a note on the year); 2022 is final and replaces the published
    # preliminary figure for the county.
    assert _observation(SHARE, "50", "2023").is_preliminary
    assert Observation.objects.get(pk=_observation(SHARE, "50", "2023").pk).indicator.is_preliminary
    assert not _observation(SHARE, "5014", "2022").is_preliminary
    county_2022 = _observation(SHARE, "50", "2022")
    assert county_2022.value == Decimal("9.5") and not county_2022.is_preliminary
    run = ImportRun.objects.get(pk=report.run.pk)
    assert run.preset == "neet-kommune" and run.result == ImportResult.OK
    assert run.trigger == "manual" and run.source == "13556.json"


def test_the_next_import_replaces_preliminary_figures():
    preset_import(preset="neet-kommune", data=read("13556_neet_kommuner.json"))
    final = ssb_fixtures.neet_municipalities()
    del final["dimension"]["Tid"]["category"]["note"]
    final["value"][final["value"].index(8.1)] = 8.2  # Trondheim 2023, revised
    report = preset_import(preset="neet-kommune", data=json.dumps(final).encode())
    trondheim = _observation(SHARE, "5001", "2023")
    assert trondheim.value == Decimal("8.2") and not trondheim.is_preliminary
    assert not _observation(PERSONS, "0", "2023").is_preliminary
    assert report.updated >= 2
    from fellesloft.mission.models import Indicator

    assert not Indicator.objects.get(code=SHARE).is_preliminary  # the newest year is final
    again = preset_import(preset="neet-kommune", data=json.dumps(final).encode())
    assert again.created == again.updated == 0


def test_old_municipality_numbers_are_moved_to_todays_or_left_out():
    report = preset_import(preset="neet-kommune", data=read("13556_gamle_kommunenummer.json"))
    # 1601 Trondheim (-2017) is today's 5001: its figures are kept under 5001, and the «.»
    # cells 5001 has for those years do not replace them.
    assert _observation(SHARE, "5001", "2016").value == Decimal("9.6")
    assert _observation(PERSONS, "5001", "2017").value == 4105
    assert _observation(SHARE, "5001", "2018").value == Decimal("9.1")
    assert not Observation.objects.filter(region__code__in=["1601", "5030"]).exists()
    text = " ".join(report.notes)
    assert "1601 Trondheim → 5001 (2018)" in text
    assert "5030 Klæbu ble slått sammen i 2020" in text
    assert report.skipped >= 8


def test_the_national_series_is_imported_for_the_country():
    preset_import(preset="neet-nasjonal", data=read("12423_neet_landet.json"))
    assert _observation(SHARE, "0", "2015").value == Decimal("11.6")
    assert _observation(SHARE, "0", "2023").is_preliminary
    assert not _observation(SHARE, "0", "2020").is_preliminary


def test_a_file_that_is_not_the_presets_answer_changes_nothing_and_says_why():
    before = list(Observation.objects.values_list("pk", "value"))
    other = ssb_fixtures.neet_national()
    other["dimension"]["Alder"]["category"] = {"index": {"15-24": 0}, "label": {"15-24": "x"}}
    with pytest.raises(ServiceError, match="15-29"):
        preset_import(preset="neet-nasjonal", data=json.dumps(other).encode())
    assert list(Observation.objects.values_list("pk", "value")) == before
    failed = ImportRun.objects.get(result=ImportResult.FAILED)
    assert "15-29" in failed.message and failed.preset == "neet-nasjonal"


# --- Fetching (a fake SSB) ----------------------------------------------------------------------


class FakeSsb:
    def __init__(self, **overrides):
        self.asked: list[str] = []
        self.answers = {
            "/tables/13556/metadata": read("13556_metadata.json"),
            "/codelists/agg_KommGjeldende": read("codelist_agg_KommGjeldende.json"),
            "/codelists/vs_ArbStatus2018niva4": read("codelist_vs_ArbStatus2018niva4.json"),
            "/tables/13556/data": read("13556_neet_kommuner.json"),
            **overrides,
        }

    def __call__(self, url: str) -> bytes:
        assert url.startswith(ssb.API_ROOT)
        self.asked.append(url)
        path = url[len(ssb.API_ROOT) :].split("?")[0]
        answer = self.answers[path]
        if isinstance(answer, Exception):
            raise answer
        if path.endswith("/data"):
            asked = url.split("valuecodes[Region]=")[1].split("&")[0].split(",")
            return json.dumps(ssb_fixtures.only_regions(json.loads(answer), asked)).encode()
        return answer


class NoWait(ssb.Throttle):
    def wait(self) -> None:
        pass


def test_fetching_checks_the_metadata_first_and_asks_for_county_and_country_apart():
    fake = FakeSsb()
    report = preset_import(preset="neet-kommune", get=fake, throttle=NoWait())
    assert [url.split("?")[0].rsplit("/", 2)[-2:] for url in fake.asked[:3]] == [
        ["13556", "metadata"],
        ["codelists", "vs_ArbStatus2018niva4"],
        ["codelists", "agg_KommGjeldende"],
    ]
    municipal, regional = fake.asked[3:]
    numbers = ",".join(county_municipalities("50"))
    assert f"valuecodes[Region]={numbers}&codelist[Region]=agg_KommGjeldende" in municipal
    assert "valuecodes[Region]=50,0&valuecodes[Tid]=*" in regional
    assert "codelist[Region]" not in regional
    assert "Spørringen ble delt i 2 deler (SSBs grenser)." in report.notes
    assert _observation(SHARE, "5014", "2023").value == Decimal("9.8")


def test_a_code_ssb_no_longer_has_stops_the_import_before_any_data_is_asked_for():
    gone = ssb_fixtures.status_codelist()
    gone["values"] = [value for value in gone["values"] if value["code"] != "NEET"]
    fake = FakeSsb(**{"/codelists/vs_ArbStatus2018niva4": json.dumps(gone).encode()})
    before = Observation.objects.count()
    with pytest.raises(ServiceError) as caught:
        preset_import(preset="neet-kommune", get=fake, throttle=NoWait())
    assert "koden «NEET» finnes ikke i «HovArbStyrkStatus»" in caught.value.message
    assert "ingenting er hentet" in caught.value.message
    assert not any("/data?" in url for url in fake.asked)
    assert Observation.objects.count() == before
    run = ImportRun.objects.get(result=ImportResult.FAILED)
    assert "NEET" in run.message and run.source.startswith(ssb.API_ROOT)


def test_a_dimension_that_disappeared_is_named():
    metadata = ssb_fixtures.metadata_13556()
    metadata["id"].remove("Kjonn")
    del metadata["dimension"]["Kjonn"]
    fake = FakeSsb(**{"/tables/13556/metadata": json.dumps(metadata).encode()})
    with pytest.raises(ServiceError, match="har ikke lenger dimensjonen «Kjonn»"):
        preset_import(preset="neet-kommune", get=fake, throttle=NoWait())


def test_no_answer_from_ssb_changes_nothing_and_is_recorded():
    fake = FakeSsb(**{"/tables/13556/metadata": ServiceError("Fikk ikke svar fra data.ssb.no")})
    with pytest.raises(ServiceError, match="Fikk ikke svar"):
        preset_import(preset="neet-kommune", get=fake, throttle=NoWait())
    assert ImportRun.objects.get().result == ImportResult.FAILED


# --- The command ---------------------------------------------------------------------------------


def test_the_command_applies_a_preset_to_a_saved_file(capsys):
    out = io.StringIO()
    call_command(
        "indicators",
        "import",
        "--preset",
        "neet-kommune",
        str(FIXTURES / "13556_gamle_kommunenummer.json"),
        stdout=out,
    )
    text = out.getvalue()
    assert "Merk: 1601 Trondheim → 5001 (2018)" in text
    assert "ble lagret" in text
    assert _observation(SHARE, "5001", "2016").value == Decimal("9.6")


def test_the_command_refuses_a_url_with_a_preset_and_lists_the_presets():
    with pytest.raises(CommandError, match="bygges adressen"):
        call_command("indicators", "import", "--preset", "neet-kommune", "https://example.org/x")
    out = io.StringIO()
    call_command("indicators", "presets", stdout=out)
    assert "neet-kommune" in out.getvalue() and "tables/13556/data" in out.getvalue()


# --- The web import --------------------------------------------------------------------------


def test_the_web_import_applies_a_preset_to_a_saved_file_and_lists_the_runs(client_as, world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = client_as("mission_lead")

    def upload(action, name="13556_gamle_kommunenummer.json"):
        return client.post(
            reverse("mission:import"),
            {
                "preset": "neet-kommune",
                "file": SimpleUploadedFile("13556.json", read(name)),
                "action": action,
            },
        )

    text = upload("dry-run").content.decode()
    assert "Prøvekjøring" in text and "1601 Trondheim → 5001 (2018)" in text
    assert not Observation.objects.filter(region__code="5001", period="2016").exists()
    assert upload("import").status_code == 302
    assert _observation(SHARE, "5001", "2016").value == Decimal("9.6")

    bad = ssb_fixtures.neet_national()
    bad["dimension"]["Kjonn"]["category"] = {"index": {"1": 0}, "label": {"1": "Menn"}}
    response = client.post(
        reverse("mission:import"),
        {
            "preset": "neet-nasjonal",
            "file": SimpleUploadedFile("12423.json", json.dumps(bad).encode()),
            "action": "import",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and "Kategorien «0» finnes ikke" in text
    assert "Siste importer" in text and "Feilet – ingenting endret" in text
    assert "13556.json" in text


def test_the_web_import_refuses_an_address_with_a_preset(client_as, world):
    from django.urls import reverse

    response = client_as("mission_lead").post(
        reverse("mission:import"),
        {"preset": "neet-kommune", "url": "https://example.org/x", "action": "dry-run"},
    )
    assert "bygger Fellesløft adressen selv" in response.content.decode()


# --- Attribution (CC BY 4.0) -------------------------------------------------------------------


def test_every_page_and_export_with_the_figures_names_ssb_and_the_licence(client, world):
    from django.urls import reverse

    from fellesloft.mission.models import Indicator

    preset_import(preset="neet-kommune", data=read("13556_neet_kommuner.json"))
    pages = [
        reverse("mission:mission"),
        reverse("mission:indicator_list"),
        reverse("mission:indicator_detail", kwargs={"code": SHARE}),
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert "Kilde: Statistisk sentralbyrå (SSB)," in text, url
        assert 'rel="license">CC BY 4.0</a>' in text, url
    exported = client.get(reverse("mission:indicator_csv", kwargs={"code": SHARE}))
    lines = exported.content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith(";kilde")
    assert lines[1].endswith(";" + ssb.ATTRIBUTION)
    api = client.get("/api/v1/observations?indicator=" + SHARE).json()
    assert {item["source"] for item in api} == {ssb.ATTRIBUTION}
    other = Indicator.objects.get(code="samfunnskostnad-utenforskap")
    assert ssb.attribution(other.source) == other.source


# --- The pages ---------------------------------------------------------------------------------


def _chart(text: str, chart_id: str) -> dict:
    return json.loads(
        text.split(f'id="{chart_id}" type="application/json">')[1].split("</script>")[0]
    )


def test_the_municipality_page_shows_neet_over_the_years_against_county_and_country(client, world):
    from django.urls import reverse

    preset_import(preset="neet-kommune", data=read("13556_neet_kommuner.json"))
    text = client.get(
        reverse("organisations:municipality_detail", kwargs={"number": "5014"})
    ).content.decode()
    chart = _chart(text, "neet-5014-data")
    # 2020 comes from the published figures of the county and the country.
    assert chart["labels"] == ["2020", "2021", "2022", "2023"]
    assert [series["label"] for series in chart["series"]] == ["Frøya", "Trøndelag", "Hele landet"]
    assert chart["series"][0]["values"] == [None, 11.2, 10.6, 9.8]
    assert chart["series"][2]["values"] == [11.0, 10.8, 10.1, 9.9]
    assert "Vis tallene i en tabell" in text and "<td>117</td>" in text
    assert "chartjs/chart.umd.min.js" in text
    # Røyrvik: the suppressed persons show SSB's symbol, never 0.
    royrvik = client.get(
        reverse("organisations:municipality_detail", kwargs={"number": "5043"})
    ).content.decode()
    assert '<span aria-hidden="true">:</span>' in royrvik
    assert _chart(royrvik, "neet-5043-data")["series"][0]["values"] == [None, None, None, 13.0]


def test_the_indicators_page_compares_the_municipalities_of_the_county(client, world):
    from django.urls import reverse

    preset_import(preset="neet-kommune", data=read("13556_neet_kommuner.json"))
    text = client.get(reverse("mission:indicator_list")).content.decode()
    assert "Kommunene i Trøndelag: unge utenfor arbeid, utdanning og opplæring (NEET) 2023" in text
    chart = _chart(text, "fylket-data")
    assert chart["labels"] == ["Raarvihke - Røyrvik", "Nærøysund", "Frøya", "Trondheim"]
    assert chart["series"][0]["values"] == [13.0, 11.1, 9.8, 8.1]
    table = text.split("data-sortable>")[1].split("</table>")[0]
    assert table.index("Raarvihke - Røyrvik") < table.index("Nærøysund") < table.index("Trondheim")
    assert 'data-sort="13.0000"' in table or 'data-sort="13"' in table
    assert "mission/sortable.js" in text
    assert "Trøndelag" in table.split("<tfoot>")[1]


def test_goal_progress_follows_the_imported_series():
    from fellesloft.mission.models import Goal, Indicator, Mission, Region
    from fellesloft.mission.selectors import goal_with_progress

    goal = Goal.objects.create(
        mission=Mission.objects.first(),
        title="Færre unge utenfor",
        indicator=Indicator.objects.get(code=SHARE),
        region=Region.objects.get(code="50"),
        baseline_value=Decimal("10.3"),
        baseline_year=2020,
        target_value=Decimal("8"),
        target_year=2030,
    )
    preset_import(preset="neet-kommune", data=read("13556_neet_kommuner.json"))
    view = goal_with_progress(goal=goal)
    assert view.latest.period == "2023" and view.latest.value == Decimal("9.2")
    assert view.latest.is_preliminary
    assert [point.period for point in view.series] == ["2020", "2021", "2022", "2023"]
