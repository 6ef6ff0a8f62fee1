"""The barriers' API: open reads for escalated barriers, writes for members, Norwegian errors
and nothing saved on bad input."""

import pytest

from fellesloft.accounts.services import api_token_create
from fellesloft.barriers.models import Barrier, Endorsement, Status
from tests.api.calls import error_of, send
from tests.barriers.helpers import escalate, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def barriers(world):
    lead = world.users["mission_lead"]
    return {
        "unescalated": report(world, title="Ikke eskalert"),
        "escalated": escalate(report(world, title="Eskalert"), lead),
        "held": report(world, title="Holdt", example="Ring 932 12 345."),
    }


def _bearer(user) -> dict:
    _token, raw = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_visitors_read_only_escalated_barriers(client, barriers):
    data = client.get("/api/v1/barriers").json()
    assert [item["title"] for item in data] == ["Eskalert"]
    item = data[0]
    assert item["status"] == "escalated"
    assert item["recipient"]["slug"] == "aid"
    assert item["overdue"] is False
    assert "notes" not in item
    assert client.get(f"/api/v1/barriers/{barriers['unescalated'].pk}").status_code == 404
    missing = client.get(f"/api/v1/barriers/{barriers['held'].pk}")
    assert missing.json()["error"]["message"] == "Fant ikke det du spurte etter."


def test_members_read_unescalated_barriers_but_not_another_organisations_held_one(
    client_as, world, barriers
):
    titles = {
        item["title"] for item in client_as("other_coordinator").get("/api/v1/barriers").json()
    }
    assert titles == {"Eskalert", "Ikke eskalert"}
    titles = {item["title"] for item in client_as("member").get("/api/v1/barriers").json()}
    assert titles == {"Eskalert", "Ikke eskalert", "Holdt"}


def test_list_filters(client, world, barriers):
    assert client.get("/api/v1/barriers", {"status": "reported"}).json() == []
    assert len(client.get("/api/v1/barriers", {"level": "national"}).json()) == 1
    assert len(client.get("/api/v1/barriers", {"overdue": "true"}).json()) == 0
    # A value outside the list the OpenAPI document gives is invalid; an unknown key is named.
    for params in ({"status": "eskalert"}, {"level": "kommunal"}):
        response = client.get("/api/v1/barriers", params)
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["field"] == next(iter(params))
    for params, message in (
        ({"category": "finnes-ikke"}, "Ukjent barrierekategori: finnes-ikke."),
        ({"theme": 999999}, "Ukjent tema: 999999."),
    ):
        response = client.get("/api/v1/barriers", params)
        assert response.status_code == 400
        assert response.json()["error"]["message"] == message


def test_reference_lists(client, world):
    categories = client.get("/api/v1/barrier-categories").json()
    assert categories[0]["slug"] == "planer-og-strategier"
    recipients = {item["slug"] for item in client.get("/api/v1/barrier-recipients").json()}
    assert {"pri", "aid", "statsforvalteren-trondelag"} <= recipients


def test_member_reports_with_a_token(client, world):
    payload = {
        "organisation": world.organisation.slug,
        "title": "Fagsystemene snakker ikke sammen",
        "description": "Skolen og NAV har hver sin plan for samme ungdom.",
        "level": "national",
        "category": "ikt-systemer-og-data",
        "sectors": ["nav"],
        "need_themes": ["moter-med-systemet"],
    }
    response = client.post(
        "/api/v1/barriers",
        payload,
        content_type="application/json",
        **_bearer(world.users["member"]),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "reported"
    assert body["sectors"] == ["nav"]
    assert body["endorsements"] == []


def test_write_needs_authentication(client, world):
    response = client.post("/api/v1/barriers", {}, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"category": "tull"}, "category", "Ukjent barrierekategori: tull."),
        ({"organisation": "nav-froya-test"}, "organisation", None),
        ({"organisation": "finnes-ikke"}, "organisation", "Ukjent organisasjon: finnes-ikke."),
        ({"sectors": ["nav", "romfart"]}, "sectors", "Ukjent sektor: romfart."),
        ({"title": "  "}, "title", "Skriv en tittel på barrieren."),
    ],
)
def test_bad_report_gives_norwegian_message_and_saves_nothing(
    client, world, change, field, message
):
    payload = {
        "organisation": world.organisation.slug,
        "title": "En barriere",
        "description": "Beskrivelse.",
        "level": "local",
        "category": "organisasjonskultur",
        **change,
    }
    response = client.post(
        "/api/v1/barriers",
        payload,
        content_type="application/json",
        **_bearer(world.users["member"]),
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["details"][0]["field"] == field
    if message:
        assert error["message"] == message
    assert not Barrier.objects.exists()


def test_invalid_level_is_a_422(client, world):
    response = client.post(
        "/api/v1/barriers",
        {
            "organisation": world.organisation.slug,
            "title": "x",
            "description": "y",
            "level": "kommunal",
            "category": "organisasjonskultur",
        },
        content_type="application/json",
        **_bearer(world.users["member"]),
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["message"] == "Ugyldig verdi."


def test_endorse_through_the_api(client, world, barriers):
    url = f"/api/v1/barriers/{barriers['escalated'].pk}/endorsements"
    headers = _bearer(world.users["other_coordinator"])
    response = client.post(
        url,
        {"organisation": world.other_organisation.slug, "comment": "Også hos oss."},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201
    assert response.json()["endorsement_count"] == 1
    again = client.post(
        url,
        {"organisation": world.other_organisation.slug},
        content_type="application/json",
        **headers,
    )
    assert again.status_code == 400
    assert Endorsement.objects.count() == 1


def test_mission_lead_moves_the_workflow_and_bad_steps_are_refused(client, world, barriers):
    barrier = barriers["unescalated"]
    url = f"/api/v1/barriers/{barrier.pk}/transitions"
    lead = _bearer(world.users["mission_lead"])

    def post(payload, headers=lead):
        return client.post(url, payload, content_type="application/json", **headers)

    assert (
        post(
            {"action": "review", "assessment": "funding"}, _bearer(world.users["member"])
        ).status_code
        == 403
    )
    illegal = post({"action": "answer", "outcome": "yes", "text": "Ja"})
    assert illegal.status_code == 400
    assert illegal.json()["error"]["code"] == "illegal_transition"
    assert (
        illegal.json()["error"]["message"]
        == "En barriere med status «Meldt» kan ikke bli «Besvart»."
    )
    unknown_action = post({"action": "publiser"})
    assert unknown_action.json()["error"]["code"] == "unknown_action"
    assert post({"action": "review", "assessment": "funding"}).json()["status"] == "under_review"
    unknown = post({"action": "escalate", "recipient": "nato", "answer_deadline": "2099-01-01"})
    assert unknown.status_code == 400
    assert unknown.json()["error"]["message"] == "Ukjent mottaker: nato."
    no_target = post({"action": "merge", "target": 999999})
    assert no_target.status_code == 400
    assert no_target.json()["error"]["message"] == "Ukjent barriere: 999999."
    barrier.refresh_from_db()
    assert barrier.status == Status.UNDER_REVIEW and barrier.recipient is None
    escalated = post({"action": "escalate", "recipient": "pri", "answer_deadline": "2099-01-01"})
    assert escalated.json()["recipient"]["slug"] == "pri"
    no_text = post({"action": "answer", "outcome": "yes", "text": ""})
    assert no_text.status_code == 400
    assert no_text.json()["error"]["details"][0] == {
        "field": "text",
        "message": "Skriv inn svarteksten fra mottakeren.",
    }
    answered = post({"action": "answer", "outcome": "yes", "text": "PRI tar det videre."})
    assert answered.json()["answer"]["outcome"] == "yes"
    barrier.refresh_from_db()
    assert barrier.transitions.count() == 4


def _change(world, **changes):
    return {
        "title": "Endret tittel",
        "description": "Ny beskrivelse.",
        "level": "regional",
        "category": "organisasjonskultur",
        "sectors": ["nav"],
        "need_themes": [],
        **changes,
    }


def test_the_reporting_organisation_changes_what_its_barrier_says(client_as, world):
    barrier = report(world)
    url = f"/api/v1/barriers/{barrier.pk}"
    response = send(client_as("member"), "put", url, _change(world))
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Endret tittel" and response.json()["sectors"] == ["nav"]
    for role, status in {"other_coordinator": 403, "anonymous": 401}.items():
        assert send(client_as(role), "put", url, _change(world)).status_code == status
    held = send(client_as("member"), "put", url, _change(world, example="Ring 932 12 345."))
    assert held.status_code == 200
    barrier.refresh_from_db()
    assert barrier.is_held  # personal data in the example: held back for the mission lead


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"category": "tull"}, 400, "category"),
        ({"sectors": ["romfart"]}, 400, "sectors"),
        ({"need_themes": ["ukjent"]}, 400, "need_themes"),
        ({"title": " "}, 400, "title"),
        ({"level": "global"}, 422, "level"),
    ],
)
def test_a_bad_change_is_refused_in_norwegian_and_changes_nothing(
    client_as, world, change, status, field
):
    barrier = report(world)
    response = send(
        client_as("member"), "put", f"/api/v1/barriers/{barrier.pk}", _change(world, **change)
    )
    assert error_of(response, status)["details"][0]["field"].endswith(field)
    barrier.refresh_from_db()
    assert barrier.title == "NAV og skolen kan ikke dele at en elev har sluttet"
