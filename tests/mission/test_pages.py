"""The mission page, indicator pages, the lead's editing pages, the profile section, the API."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from fellesloft.core.profile import municipality_sections
from fellesloft.mission import services
from fellesloft.mission.demo import example_dataset
from fellesloft.mission.models import (
    Goal,
    Indicator,
    InnovationArea,
    MainChallenge,
    NeedTheme,
    Observation,
    Region,
)
from fellesloft.organisations.models import Municipality
from tests.mission.helpers import make_goal

pytestmark = pytest.mark.django_db


def _add_goal(world):
    return make_goal("Færre unge utenfor arbeid og utdanning")


def _example_indicator(years=20):
    services.indicator_create(code="eksempel", name="Eksempel", unit="%", source="Test")
    municipalities = list(Municipality.objects.values_list("number", "name"))
    document = example_dataset(municipalities, [str(2004 + i) for i in range(years)])
    return services.import_data(
        data=json.dumps(document).encode(),
        file_format="jsonstat",
        source="test",
        indicators={"NEETandel": "eksempel"},
    )


def test_mission_page_shows_vision_published_figures_and_goal_progress(client, world):
    _add_goal(world)
    response = client.get(reverse("mission:mission"))
    text = response.content.decode()
    assert "Alle unge har fremtidstro" in text
    assert "9,5" in text and "foreløpig" in text  # the preliminary 2022 figure
    assert "SSB tabell 12423" in text
    assert "I rute" in text  # 9.5 in 2022 is below the straight line 10.3 → 8.0 (9.84)
    assert 'type="application/json"' in text and "chartjs/chart.umd.min.js" in text
    assert "<script>" not in text  # no inline script (CSP)
    assert "Mange ukoordinerte tiltak" in text and "Lavinntekt" in text


def test_mission_page_queries_do_not_grow_with_goals(client, world, django_assert_max_num_queries):
    _add_goal(world)
    with django_assert_max_num_queries(12):
        client.get(reverse("mission:mission"))
    for _ in range(5):
        _add_goal(world)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("mission:mission")).status_code == 200


def test_indicator_page_38_municipalities_20_years(client, world, django_assert_max_num_queries):
    report = _example_indicator()
    assert report.created == 40 * 20
    url = reverse("mission:indicator_detail", kwargs={"code": "eksempel"})
    with django_assert_max_num_queries(6):
        response = client.get(url, {"kommune": "5001"})
    text = response.content.decode()
    assert text.count("<tr>") >= 41  # header + the country, Trøndelag and 38 municipalities
    assert 'id="utvikling-data"' in text and 'id="kommuner-data"' in text
    trend = json.loads(
        text.split('id="utvikling-data" type="application/json">')[1].split("</script>")[0]
    )
    assert [series["label"] for series in trend["series"]] == [
        "Hele landet",
        "Trøndelag",
        "Trondheim",
    ]
    assert len(trend["labels"]) == 20
    compare = json.loads(
        text.split('id="kommuner-data" type="application/json">')[1].split("</script>")[0]
    )
    values = list(compare["series"][0]["values"])
    assert values == sorted(values) and len(values) >= 30
    # The same comparison as a sortable table (mission/sortable.js), lowest first.
    table = text[text.index('aria-labelledby="kommunene"') :].split("</table>")[0]
    assert "data-sortable" in table and 'aria-sort="ascending" data-numeric' in table
    sorted_by = [float(v) for v in re.findall(r'<td data-sort="([-0-9.]+)">', table)]
    assert sorted_by == values and "mission/sortable.js" in text


def test_indicator_csv_download(client, world):
    response = client.get(reverse("mission:indicator_csv", kwargs={"code": "neet-andel-15-29"}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["indikator", "region", "regionnavn", "periode", "verdi"]
    assert rows[-1][:7] == ["neet-andel-15-29", "50", "Trøndelag", "2022", "9,5", "", "ja"]


def test_municipality_profile_section(client, world, django_assert_max_num_queries):
    trondheim = Municipality.objects.select_related("county").get(number="5001")
    sections = municipality_sections(municipality=trondheim, user=world.users["member"])
    section = next(s for s in sections if s.template == "mission/profile_section.html")
    # Without municipal figures, the county's and the country's are shown.
    assert {figure.indicator.code for figure in section.context["figures"]} >= {"neet-andel-15-29"}
    _example_indicator(years=5)
    url = reverse("organisations:municipality_detail", kwargs={"number": "5001"})
    response = client.get(url)
    assert "Tall for kommunen" in response.content.decode()
    figures = municipality_sections(municipality=trondheim, user=world.users["member"])
    example = next(
        figure
        for s in figures
        if s.template == "mission/profile_section.html"
        for figure in s.context["figures"]
        if figure.indicator.code == "eksempel"
    )
    assert example.own.region.code == "5001" and example.county.region.code == "50"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        from fellesloft.mission.profile import municipality_section

        municipality_section(municipality=trondheim, user=None)
    assert len(queries) == 1


def test_mission_lead_adds_and_edits_a_goal(client_as, world):
    client = client_as("mission_lead")
    indicator = Indicator.objects.get(code="neet-andel-15-29")
    region = Region.objects.get(code="50")
    data = {
        "title": "Færre unge utenfor",
        "indicator": indicator.pk,
        "region": region.pk,
        "direction": "down",
        "baseline_value": "10,3",
        "baseline_year": "2020",
        "target_value": "12",
        "target_year": "2030",
    }
    response = client.post(reverse("mission:goal_create"), data)
    assert "målverdien være lavere" in response.content.decode()
    response = client.post(reverse("mission:goal_create"), {**data, "target_value": "8"})
    assert response.status_code == 302
    goal = Goal.objects.get(title="Færre unge utenfor")
    assert goal.baseline_value == Decimal("10.3")
    response = client.post(
        reverse("mission:goal_edit", kwargs={"pk": goal.pk}),
        {**data, "target_value": "8", "target_year": "2019"},
    )
    assert "Målåret må komme etter utgangsåret" in response.content.decode()
    client.post(reverse("mission:goal_delete", kwargs={"pk": goal.pk}))
    assert not Goal.objects.filter(pk=goal.pk).exists()


def test_mission_lead_edits_the_reference_lists_in_the_product(client_as, world):
    client = client_as("mission_lead")
    page = client.get(reverse("mission:reference_lists")).content.decode()
    assert "Psykisk helse" in page and "Tidlig innsats" in page
    response = client.post(
        reverse("mission:reference_term_create", kwargs={"kind": "innovasjonsomrader"}),
        {"name": "Ungdom som medskapere", "description": "", "is_active": "on"},
    )
    assert response.status_code == 302
    area = InnovationArea.objects.get(name="Ungdom som medskapere")
    assert area.slug == "ungdom-som-medskapere" and area.order == 6
    challenge = MainChallenge.objects.get(slug="samarbeid-pa-tvers")
    response = client.post(
        reverse(
            "mission:reference_term_edit", kwargs={"kind": "hovedutfordringer", "pk": challenge.pk}
        ),
        {"name": "Samarbeid på tvers fungerer ikke godt nok", "order": "4"},
    )
    challenge.refresh_from_db()
    assert challenge.name == "Samarbeid på tvers fungerer ikke godt nok"
    assert challenge.slug == "samarbeid-pa-tvers" and not challenge.is_active
    # Without an order the term keeps its place.
    client.post(
        reverse(
            "mission:reference_term_edit", kwargs={"kind": "hovedutfordringer", "pk": challenge.pk}
        ),
        {"name": "Samarbeid på tvers", "order": "", "is_active": "on"},
    )
    challenge.refresh_from_db()
    assert (challenge.name, challenge.order, challenge.is_active) == ("Samarbeid på tvers", 4, True)
    response = client.post(
        reverse("mission:reference_term_create", kwargs={"kind": "behovstema"}),
        {"name": "psykisk helse", "is_active": "on"},
    )
    assert "står allerede i lista" in response.content.decode()
    assert NeedTheme.objects.count() == 5
    assert client.get("/oppdraget/referanselister/noe-annet/ny/").status_code == 404


def test_mission_lead_edits_the_vision_and_an_indicator(client_as, world):
    client = client_as("mission_lead")
    client.post(
        reverse("mission:mission_edit"),
        {"name": "Fellesløft Trøndelag", "vision": "Alle unge har fremtidstro.", "description": ""},
    )
    assert "Alle unge har fremtidstro." in client.get(reverse("mission:mission")).content.decode()
    url = reverse("mission:indicator_edit", kwargs={"code": "neet-andel-15-29"})
    data = {
        "name": "NEET 15–29",
        "definition": "",
        "unit": "%",
        "decimals": "1",
        "source": "SSB tabell 12423",
        "source_url": "https://www.ssb.no/statbank/table/12423",
        "order": "1",
    }
    assert client.post(url, data).status_code == 302
    indicator = Indicator.objects.get(code="neet-andel-15-29")
    assert indicator.name == "NEET 15–29" and not indicator.is_preliminary


def test_web_import_dry_run_then_import(client_as, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.mission.helpers import ssb_bytes, ssb_fixture

    client = client_as("mission_lead")

    def upload(action):
        return client.post(
            reverse("mission:import"),
            {
                "file": SimpleUploadedFile("12423.json", ssb_bytes(ssb_fixture())),
                "indicator": "neet-andel-15-29",
                "contents_code": "NEETAndel",
                "action": action,
            },
        )

    response = upload("dry-run")
    text = response.content.decode()
    assert "Prøvekjøring" in text and "celle 14 (Region=K-5001" in text
    assert (
        not Indicator.objects.get(code="neet-andel-15-29")
        .observations.filter(region__code="5001")
        .exists()
    )
    assert upload("import").status_code == 302
    assert (
        Indicator.objects.get(code="neet-andel-15-29")
        .observations.filter(region__code="5001")
        .count()
        == 3
    )


def test_web_import_shows_the_line_of_an_error(client_as, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("mission_lead")
    data = b"indikator;region;periode;verdi\nneet-andel-15-29;5001;2021;ni\n"
    response = client.post(
        reverse("mission:import"),
        {"file": SimpleUploadedFile("tall.csv", data), "action": "import"},
    )
    assert "Linje 2, kolonne «verdi»: «ni» er ikke et tall." in response.content.decode()


def test_open_data_api_json_and_csv(client, world):
    indicators = client.get("/api/v1/indicators").json()
    assert indicators[0]["code"] == "neet-andel-15-29"
    assert indicators[0]["is_preliminary"] is True
    observations = client.get(
        "/api/v1/observations", {"indicator": "neet-andel-15-29", "region": "50"}
    ).json()
    assert [(o["period"], o["value"], o["is_preliminary"]) for o in observations] == [
        ("2020", "10.3000", False),
        ("2022", "9.5000", True),
    ]
    assert observations[0]["region"] == {"code": "50", "name": "Trøndelag", "level": "county"}
    response = client.get("/api/v1/observations.csv", {"indicator": "neet-antall-15-29"})
    assert response["Content-Type"].startswith("text/csv")
    assert "neet-antall-15-29;50;Trøndelag;2022;9178;;ja" in response.content.decode("utf-8-sig")
    assert client.get("/api/v1/indicators/finnes-ikke").status_code == 404
    mission = client.get("/api/v1/mission").json()
    assert mission["vision"].startswith("Alle unge har fremtidstro")


def test_web_import_maps_named_dimensions_and_several_contents(client_as, world):
    """A dataset without roles and with its own dimension names: the mission lead names the
    region, time and contents dimensions and maps each contents category to an indicator."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.mission.helpers import ssb_bytes, ssb_fixture

    document = ssb_fixture()
    document.pop("role")
    renamed = {"Region": "Omrade", "Tid": "Aar", "ContentsCode": "Variabel"}
    document["id"] = [renamed.get(dim_id, dim_id) for dim_id in document["id"]]
    document["dimension"] = {
        renamed.get(dim_id, dim_id): dimension
        for dim_id, dimension in document["dimension"].items()
    }
    client = client_as("mission_lead")

    def post(**fields):
        return client.post(
            reverse("mission:import"),
            {
                "file": SimpleUploadedFile("omrade.json", ssb_bytes(document)),
                "mapping": "NEETAndel=neet-andel-15-29, NEETAntall=neet-antall-15-29",
                "action": "import",
                **fields,
            },
        )

    response = post()
    assert "Fant ikke dimensjonen for region" in response.content.decode()
    response = post(region_dimension="Fylke", time_dimension="Aar", contents_dimension="Variabel")
    assert "Dimensjonen «Fylke» (region) finnes ikke" in response.content.decode()
    response = post(region_dimension="Omrade", time_dimension="Aar", contents_dimension="Variabel")
    assert response.status_code == 302
    for code in ("neet-andel-15-29", "neet-antall-15-29"):
        assert Observation.objects.filter(indicator__code=code, region__code="5014").count() == 3
    response = post(mapping="NEETAndel=finnes-ikke")
    assert "Indikatoren «finnes-ikke» finnes ikke." in response.content.decode()
