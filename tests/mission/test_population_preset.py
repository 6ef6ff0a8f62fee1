"""The preset «befolkning-alder» (SSB table 07459): one-year ages and both sexes added up into
the participants' age bands, from files in the exact shape of PxWebApi v2's answer – and
nothing reaches the internet."""

import io
import json

import pytest
from django.core.management import call_command

from fellesloft.core.choices import PARTICIPANT_AGE_BANDS
from fellesloft.core.exceptions import ServiceError
from fellesloft.mission import ssb
from fellesloft.mission.models import ImportResult, ImportRun, Indicator, Observation
from fellesloft.mission.selectors import population_by_band
from fellesloft.mission.services import county_municipalities, preset_import
from tests.mission import ssb_fixtures
from tests.mission.ssb_fixtures import FIXTURES, read
from tests.mission.test_ssb import FakeSsb, NoWait

pytestmark = pytest.mark.django_db

PRESET = ssb.PRESETS["befolkning-alder"]


def _value(code, region, period):
    return Observation.objects.get(indicator__code=code, region__code=region, period=period)


def _expected(region: str, year: str, first: int, last: int) -> int:
    """What SSB's one-year figures in the fixture add up to, both sexes."""
    ages = [f"{age:03d}" for age in range(first, last + 1)]
    return 2 * sum(ssb_fixtures._population_per_age(region, age, year) for age in ages)


# --- The request (pure) ----------------------------------------------------------------------


def test_the_preset_builds_the_documented_request():
    url = ssb.preset_url(PRESET, municipalities=["5001", "5014"], county="50", top=5)
    ages = ",".join([f"{age:03d}" for age in range(13, 105)] + ["105%2B"])
    assert url == (
        "https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no&outputFormat=json-stat2"
        "&valuecodes[Kjonn]=1,2"
        f"&valuecodes[Alder]={ages}"
        "&valuecodes[ContentsCode]=Personer1"
        "&valuecodes[Region]=5001,5014,50,0&codelist[Region]=agg_KommGjeldende"
        "&valuecodes[Tid]=top(5)"
    )
    # Without --top: the preset's five newest years (the NEET presets: every year).
    assert ssb.preset_url(PRESET, municipalities=["5001", "5014"], county="50") == url
    # The cells asked for: 2 sexes × 93 ages × 4 regions × 5 years, far below SSB's limit.
    selections = PRESET.selections(regions=["5001", "5014", "50", "0"], years="top(5)")
    assert ssb.cell_count(selections) == 2 * 93 * 4 * 5


def test_the_groups_are_the_participants_age_bands():
    assert set(ssb.BAND_INDICATORS) == {band.value for band in PARTICIPANT_AGE_BANDS}
    assert set(ssb.BAND_INDICATORS.values()) == set(PRESET.indicator_codes)
    ages = [code for codes in PRESET.grouping.groups.values() for code in codes]
    assert len(ages) == len(set(ages)) == 93 and ages[0] == "013" and ages[-1] == "105+"
    assert Indicator.objects.filter(code__in=PRESET.indicator_codes).count() == 5


def test_summing_keeps_ssbs_symbol_where_a_part_is_missing():
    answer = ssb_fixtures.population()
    before = json.dumps(answer)
    summed = ssb.sum_groups(answer, PRESET.grouping)
    assert json.dumps(answer) == before  # the answer itself is left as it was
    assert summed["id"] == ["Region", "Kjonn", "Alder", "ContentsCode", "Tid"]
    assert summed["size"] == [4, 1, 5, 1, 2]
    alder = summed["dimension"]["Alder"]["category"]["index"]
    position = {code: index for index, code in enumerate(alder)}
    # Region 5014 (row 1), band 30+ , year 2024: one part is «..», so the band is «..».
    cell = 1 * 10 + position["befolkning-30-eldre"] * 2 + 0
    assert summed["value"][cell] is None and summed["status"] == {str(cell): ".."}
    trondheim_16_19 = position["befolkning-16-19"] * 2 + 1
    assert summed["value"][trondheim_16_19] == _expected("5001", "2025", 16, 19)


def test_an_answer_without_all_the_ages_is_refused():
    partial = ssb_fixtures.population()
    del partial["dimension"]["Alder"]["category"]["index"]["105+"]
    with pytest.raises(ssb.PresetError, match="mangler Alder 105\\+"):
        ssb.sum_groups(partial, PRESET.grouping)


# --- Importing ---------------------------------------------------------------------------------


def test_a_saved_answer_is_imported_as_one_figure_per_band():
    report = preset_import(preset="befolkning-alder", data=read("07459_befolkning_alder.json"))
    assert report.created == 4 * 5 * 2
    assert _value("befolkning-13-15", "5001", "2025").value == _expected("5001", "2025", 13, 15)
    assert _value("befolkning-25-29", "0", "2024").value == _expected("0", "2024", 25, 29)
    older = _value("befolkning-30-eldre", "5001", "2025")
    assert older.value == _expected("5001", "2025", 30, 104) + 2 * (1000 + 10)
    missing = _value("befolkning-30-eldre", "5014", "2024")
    assert missing.value is None and missing.status == ".."  # never a sum that is too low
    assert ImportRun.objects.get().preset == "befolkning-alder"
    again = preset_import(preset="befolkning-alder", data=read("07459_befolkning_alder.json"))
    assert again.created == again.updated == 0


def test_the_newest_year_with_every_band_is_read_in_one_query(django_assert_num_queries):
    preset_import(preset="befolkning-alder", data=read("07459_befolkning_alder.json"))
    with django_assert_num_queries(1):
        trondheim = population_by_band(region_code="5001")
    assert trondheim.period == "2025" and trondheim.region_name.startswith("Trondheim")
    assert trondheim.by_band["20-24"] == _expected("5001", "2025", 20, 24)
    # Frøya 2025 is complete; its 2024 misses one band and is not used.
    assert population_by_band(region_code="5014").period == "2025"
    assert population_by_band(region_code="5060") is None


def test_fetching_asks_for_the_newest_five_years_after_checking_the_metadata():
    fake = FakeSsb(
        **{
            "/tables/07459/metadata": read("07459_metadata.json"),
            "/tables/07459/data": read("07459_befolkning_alder.json"),
        }
    )
    report = preset_import(preset="befolkning-alder", get=fake, throttle=NoWait())
    assert fake.asked[0].startswith(f"{ssb.API_ROOT}/tables/07459/metadata")
    data = [url for url in fake.asked if "/data?" in url]
    numbers = ",".join(county_municipalities("50"))
    assert f"valuecodes[Region]={numbers}&codelist[Region]=agg_KommGjeldende" in data[0]
    assert all(url.endswith("valuecodes[Tid]=top(5)") for url in data)
    assert report.created > 0
    assert _value("befolkning-16-19", "5014", "2025").value == _expected("5014", "2025", 16, 19)


def test_an_age_ssb_no_longer_has_stops_the_fetch():
    metadata = ssb_fixtures.metadata_07459()
    del metadata["dimension"]["Alder"]["category"]["index"]["105+"]
    metadata["size"][metadata["id"].index("Alder")] -= 1
    fake = FakeSsb(**{"/tables/07459/metadata": json.dumps(metadata).encode()})
    with pytest.raises(ServiceError, match="koden «105\\+» finnes ikke i «Alder»"):
        preset_import(preset="befolkning-alder", get=fake, throttle=NoWait())
    assert not any("/data?" in url for url in fake.asked)
    assert ImportRun.objects.get().result == ImportResult.FAILED


def test_the_command_imports_the_saved_answer():
    out = io.StringIO()
    call_command(
        "indicators",
        "import",
        "--preset",
        "befolkning-alder",
        str(FIXTURES / "07459_befolkning_alder.json"),
        stdout=out,
    )
    assert "ble lagret" in out.getvalue()
    assert _value("befolkning-20-24", "50", "2025").value == _expected("50", "2025", 20, 24)
