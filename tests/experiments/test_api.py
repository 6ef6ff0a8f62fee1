import json
from datetime import timedelta

import pytest
from django.utils import timezone

from fellesloft.accounts.services import api_token_create
from fellesloft.experiments import services
from fellesloft.experiments.models import Sprint
from tests.experiments.factories import evaluate, experiment, past_sprint, running_experiment

pytestmark = pytest.mark.django_db


def _json(client, method, url, body, **extra):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **extra)


def test_portfolio_needs_login_and_filters(world, client_as):
    running_experiment(world, title="Pågår")
    experiment(world, title="Idé")
    assert client_as("anonymous").get("/api/v1/experiments").status_code == 401
    data = client_as("member").get("/api/v1/experiments", {"status": "running"}).json()
    assert [item["title"] for item in data] == ["Pågår"]
    assert data[0]["municipality"] == "5001"
    assert data[0]["main_challenges"][0]["slug"] == "samarbeid-pa-tvers"
    response = client_as("member").get("/api/v1/experiments", {"status": "ukjent"})
    assert response.status_code == 422
    assert client_as("member").get("/api/v1/experiments", {"sector": "nav"}).status_code == 200
    # An unknown filter value is named, as everywhere in the API (not a 404 for the list).
    for params, field, message in [
        ({"municipality": "9999"}, "municipality", "Ukjent kommunenummer: 9999."),
        ({"main_challenge": "romfart"}, "main_challenge", "Ukjent hovedutfordring: romfart."),
        ({"sector": "politi"}, "sector", "Ukjent sektor: politi."),
    ]:
        error = client_as("member").get("/api/v1/experiments", params)
        assert error.status_code == 400
        assert error.json()["error"]["message"] == message
        assert error.json()["error"]["details"][0]["field"] == field
    cards = client_as("anonymous").get("/api/v1/experiments/learning-cards", {"municipality": "1"})
    assert cards.status_code == 400


def test_matrix_and_support(world, client_as):
    experiment(world)
    rows = client_as("member").get("/api/v1/experiments/matrix").json()
    trondheim = next(row for row in rows if row["municipality"] == "5001")
    assert trondheim["counts"]["samarbeid-pa-tvers"] == 1
    # Hours used and left per municipality are part of the network's portfolio.
    support = client_as("member").get("/api/v1/experiments/support").json()
    assert len(support) == 38 and support[0]["budget"] == 50.0
    assert client_as("anonymous").get("/api/v1/experiments/support").status_code == 401


def test_team_member_writes_and_evaluates_sprints_over_the_api(world, client_as):
    item = running_experiment(world)
    today = timezone.localdate()
    client = client_as("member")
    url = f"/api/v1/experiments/{item.pk}/sprints"
    response = _json(
        client,
        "post",
        url,
        {
            "start_date": (today - timedelta(days=20)).isoformat(),
            "end_date": (today - timedelta(days=1)).isoformat(),
            "plan_change": "Fast kontaktperson",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 1
    response = _json(
        client,
        "post",
        f"{url}/1/evaluation",
        {
            "what_worked": "Oppmøte",
            "what_to_adjust": "Tid",
            "what_to_take_forward": "Kontaktperson",
            "act_decision": "adapt",
            "barrier_note": "Samtykke per tjeneste",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["evaluated_at"]
    assert Sprint.objects.get().barrier_notes.count() == 1
    detail = client.get(f"/api/v1/experiments/{item.pk}").json()
    assert detail["hypothesis"]["we_believe"] == "et fast fraværsteam"
    assert [sector["slug"] for sector in detail["sectors"]] == ["skole-oppvekst", "nav"]
    assert detail["sprint_count"] == 1


def test_outsider_may_not_write_sprints(world, client_as):
    item = running_experiment(world, partner=None)
    today = timezone.localdate()
    body = {"start_date": today.isoformat(), "end_date": (today + timedelta(days=14)).isoformat()}
    # NAV Frøya is the partner in running_experiment, so its coordinator is in the team;
    # an experiment with another partner shuts them out.
    other = experiment(world, title="Uten Frøya")
    response = _json(
        client_as("other_coordinator"), "post", f"/api/v1/experiments/{other.pk}/sprints", body
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    response = _json(
        client_as("other_coordinator"), "post", f"/api/v1/experiments/{item.pk}/sprints", body
    )
    assert response.status_code == 201


def test_bad_sprint_dates_are_a_norwegian_400(world, client_as):
    item = running_experiment(world)
    today = timezone.localdate()
    response = _json(
        client_as("member"),
        "post",
        f"/api/v1/experiments/{item.pk}/sprints",
        {"start_date": today.isoformat(), "end_date": (today - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Sprinten kan ikke slutte før den starter."
    response = _json(
        client_as("member"),
        "post",
        f"/api/v1/experiments/{item.pk}/sprints",
        {"start_date": "i morgen", "end_date": today.isoformat()},
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["message"] == "Ugyldig dato."
    assert not Sprint.objects.exists()


def test_api_token_can_update_a_sprint(world, client):
    item = running_experiment(world)
    sprint = past_sprint(item)
    _token, raw = api_token_create(user=world.users["member"], name="test")
    response = _json(
        client,
        "patch",
        f"/api/v1/experiments/{item.pk}/sprints/{sprint.number}",
        {"do_observations": "Flere kom enn ventet"},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200, response.content
    sprint.refresh_from_db()
    assert sprint.do_observations == "Flere kom enn ventet"


def test_published_learning_cards_are_open_data(world, client):
    item = running_experiment(world)
    evaluate(past_sprint(item))
    card = services.learning_card_create(
        experiment=item,
        title="Kort",
        hypothesis="h",
        observation="o",
        learning="l",
        decision="d",
        by=None,
    )
    assert client.get("/api/v1/experiments/learning-cards").json() == []
    services.learning_card_publish(card=card, by=None)
    data = client.get("/api/v1/experiments/learning-cards").json()
    assert [(entry["title"], entry["municipality"]) for entry in data] == [("Kort", "5001")]


def test_the_owner_moves_the_status_and_the_team_writes_a_learning_card(world, client_as):
    item = experiment(world)  # owned by world.organisation, whose coordinator is «coordinator»
    url = f"/api/v1/experiments/{item.pk}/status"
    outsider = client_as("other_coordinator")
    assert _json(outsider, "post", url, {"status": "planning"}).status_code in (403, 404)
    coordinator = client_as("coordinator")
    answer = _json(coordinator, "post", url, {"status": "planning"})
    assert answer.status_code == 200
    assert answer.json() == {"id": item.pk, "status": "planning", "status_label": "Planlegging"}
    refused = _json(coordinator, "post", url, {"status": "completed"})  # not from planning
    assert refused.status_code == 400 and "kan ikke få status" in refused.json()["error"]["message"]
    assert _json(coordinator, "post", url, {"status": "ferdig"}).status_code == 422

    running = running_experiment(world, title="Fraværsteam")
    evaluate(past_sprint(running))
    body = {
        "title": "Fast kontaktperson",
        "hypothesis": "Vi tror …",
        "observation": "Elevene møtte opp.",
        "learning": "Relasjonen betyr mest.",
        "decision": "Ta i bruk.",
        "sprint": 1,
        "contact_me": True,
    }
    cards = f"/api/v1/experiments/{running.pk}/learning-cards"
    made = _json(client_as("member"), "post", cards, body)
    assert made.status_code == 201, made.content
    card = running.learning_cards.get()
    assert card.sprint.number == 1 and card.contact_person == world.users["member"]
    assert made.json()["published_at"] is None  # a draft until the coordinator publishes
    missing = _json(client_as("member"), "post", cards, {**body, "sprint": 9})
    assert missing.status_code == 400
    assert missing.json()["error"]["message"] == "Ukjent sprint: 9."
