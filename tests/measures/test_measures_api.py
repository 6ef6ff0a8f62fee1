import json

import pytest

from fellesloft.measures.models import Measure
from tests.measures.factories import make_measure, organisation

pytestmark = pytest.mark.django_db


def test_list_filters_by_municipality_theme_youth_need_and_age(client, world):
    make_measure(provider=world.organisation, name="Los", themes=("relasjoner",), ages=(13, 20),
                 youth_needs=["snakke"])  # fmt: skip
    make_measure(provider=world.organisation, name="Helse", youth_needs=["helse"], ages=(16, 29))
    data = client.get("/api/v1/measures", {"municipality": "5001", "youth_need": "snakke"}).json()
    assert [item["name"] for item in data] == ["Los"]
    assert data[0]["provider"]["sector"]["slug"] == "skole-oppvekst"
    assert data[0]["municipalities"] == [{"number": "5001", "name": "Trondheim"}]
    data = client.get("/api/v1/measures", {"age": 25}).json()
    assert [item["name"] for item in data] == ["Helse"]
    data = client.get("/api/v1/measures", {"need_theme": "relasjoner"}).json()
    assert [item["name"] for item in data] == ["Los"]


def test_bad_filters_are_norwegian_errors(client, world):
    response = client.get("/api/v1/measures", {"age": "gammel"})
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Ugyldige data i forespørselen."
    for params, message in [
        ({"municipality": "9999"}, "Ukjent kommunenummer: 9999."),
        ({"sector": "politi"}, "Ukjent sektor: politi."),
        ({"need_theme": "ukjent"}, "Ukjent behovstema: ukjent."),
    ]:
        response = client.get("/api/v1/measures", params)
        assert response.status_code == 400
        [field] = params
        assert response.json()["error"] == {
            "code": "unknown",
            "message": message,
            "details": [{"field": field, "message": message}],
        }
    for params in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"status": "gone"}):
        assert client.get("/api/v1/measures", params).status_code == 422


def test_list_pages_with_limit_and_offset(client, world):
    for name in ("A", "B", "C"):
        make_measure(provider=world.organisation, name=name)
    names = [m["name"] for m in client.get("/api/v1/measures", {"limit": 2}).json()]
    assert names == ["A", "B"]
    names = [m["name"] for m in client.get("/api/v1/measures", {"limit": 2, "offset": 2}).json()]
    assert names == ["C"]


def test_detail_lists_coordination_by_slug(client, world):
    first = make_measure(provider=world.organisation, name="Los")
    second = make_measure(provider=world.organisation, name="Klubb", links=[first])
    data = client.get(f"/api/v1/measures/{first.slug}").json()
    assert data["coordinated_with"] == [second.slug]
    assert client.get("/api/v1/measures/finnes-ikke").status_code == 404


def test_coverage_gives_matrix_gaps_and_fragmentation(client, world):
    for name, sector in [("A", "helse"), ("B", "nav"), ("C", "frivillighet")]:
        make_measure(provider=organisation(f"{name} (test)", sector, world.municipality), name=name)
    data = client.get("/api/v1/measures/coverage/5001").json()
    assert data["age_bands"] == [[15, 19], [20, 24], [25, 29]]
    cell = next(
        item for item in data["matrix"]
        if item["need_theme"] == "psykisk-helse" and item["sector"] == "nav"
    )  # fmt: skip
    assert len(cell["measures"]) == 1
    mental = next(item for item in data["fragmentation"] if item["need_theme"] == "psykisk-helse")
    assert mental["is_fragmented"] is True
    assert len(mental["uncoordinated"]) == 3
    gap = next(
        item for item in data["gaps"]
        if item["need_theme"] == "psykisk-helse" and item["age_from"] == 20
    )  # fmt: skip
    assert gap == {
        "need_theme": "psykisk-helse", "age_from": 20, "age_to": 24, "status": "partial",
        "uncovered": [[24, 24]],
    }  # fmt: skip
    assert data["figures"]["fragmented_theme_count"] == 1


def test_comparison(client, world):
    make_measure(provider=world.organisation, name="Los")
    data = client.get("/api/v1/measures/comparison").json()
    assert [item["municipality"]["number"] for item in data] == ["5001"]
    assert data[0]["figures"]["measure_count"] == 1


def _measure_body(world, **fields):
    body = {
        "name": "Ungdomslos",
        "provider": world.organisation.slug,
        "municipalities": [world.municipality.number],
        "description": "Hjelp til å komme tilbake til skole eller jobb.",
        "age_from": 16,
        "age_to": 24,
        "need_themes": ["psykisk-helse"],
        "access": "self_referral",
        "contact_role": "Ungdomslos",
        "opening_hours": "Hverdager 8–16",
        "contact_phone": "73 00 00 00",
    }
    body.update(fields)
    return json.dumps(body)


def test_a_member_registers_and_changes_their_organisations_measure_over_the_api(world, client_as):
    client = client_as("member")
    made = client.post("/api/v1/measures", _measure_body(world), content_type="application/json")
    assert made.status_code == 201, made.content
    slug = made.json()["slug"]
    assert made.json()["contact_phone"] == "+47 73 00 00 00"
    changed = client.put(
        f"/api/v1/measures/{slug}",
        _measure_body(world, name="Ungdomslos Trondheim"),
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["name"] == "Ungdomslos Trondheim"
    # Another organisation's coordinator may not change it.
    outsider = client_as("other_coordinator").put(
        f"/api/v1/measures/{slug}", _measure_body(world), content_type="application/json"
    )
    assert outsider.status_code == 403
    # Bad input: a clear Norwegian message, nothing written.
    client = client_as("member")
    bad = client.post(
        "/api/v1/measures",
        _measure_body(world, name="Ukjent kommune", municipalities=["9999"]),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "Ukjent kommune: 9999." in bad.json()["error"]["message"]
    provider = client.post(
        "/api/v1/measures",
        _measure_body(world, name="Ukjent tilbyder", provider="finnes-ikke"),
        content_type="application/json",
    )
    assert provider.status_code == 400
    assert provider.json()["error"]["details"] == [
        {"field": "provider", "message": "Ukjent organisasjon: finnes-ikke."}
    ]
    no_provider = client.post(
        "/api/v1/measures", _measure_body(world, provider=""), content_type="application/json"
    )
    assert no_provider.status_code == 400
    phone = client.post(
        "/api/v1/measures",
        _measure_body(world, name="Feil nummer", contact_phone="123"),
        content_type="application/json",
    )
    assert phone.status_code == 400 and "telefonnummer" in phone.json()["error"]["message"]
    written = Measure.objects.filter(name__in=["Ukjent kommune", "Ukjent tilbyder", "Feil nummer"])
    assert not written.exists()
