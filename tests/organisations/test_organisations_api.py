import pytest

pytestmark = pytest.mark.django_db


def test_municipalities_are_listed_with_number_and_county(client, reference_data):
    data = client.get("/api/v1/municipalities").json()
    assert len(data) == 38
    assert data[0] == {
        "number": "5001",
        "name": "Trondheim",
        "county": {"number": "50", "name": "Trøndelag"},
    }


def test_unknown_municipality_is_a_norwegian_json_404(client, reference_data):
    response = client.get("/api/v1/municipalities/0000")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert response.json()["error"]["message"] == "Fant ikke det du spurte etter."


def test_organisations_filter_by_municipality(client, world):
    data = client.get("/api/v1/organisations", {"municipality": "5014"}).json()
    assert [item["slug"] for item in data] == [world.other_organisation.slug]
    assert data[0]["sector"]["slug"] == "nav"
    assert data[0]["municipality"] == "5014"


def test_organisation_detail(client, world):
    data = client.get(f"/api/v1/organisations/{world.organisation.slug}").json()
    assert data["name"] == world.organisation.name
