"""The mission's goals over the API: read by everyone who sees the mission, written by the
mission lead through the same services and checks as the goal form."""

import pytest

from fellesloft.mission.models import Goal
from tests.api.calls import error_of, send
from tests.mission.helpers import ensure_initial_dataset, make_goal

pytestmark = pytest.mark.django_db

GOALS = "/api/v1/goals"


def _new(**changes):
    return {
        "title": "Flere unge i jobb",
        "indicator": "neet-andel-15-29",
        "region": "50",
        "direction": "down",
        "baseline_value": "10.3",
        "baseline_year": 2020,
        "target_value": "8",
        "target_year": 2030,
        **changes,
    }


def test_a_goal_reads_with_its_progress_and_its_id_in_the_mission(world, client_as):
    goal = make_goal()
    data = client_as("anonymous").get(f"{GOALS}/{goal.pk}").json()
    assert data["id"] == goal.pk and data["indicator"] == "neet-andel-15-29"
    assert data["region"]["code"] == "50" and data["status"]
    mission = client_as("anonymous").get("/api/v1/mission").json()
    assert [item["id"] for item in mission["goals"]] == [goal.pk]
    assert client_as("anonymous").get(f"{GOALS}/999999").status_code == 404


def test_the_mission_lead_creates_changes_and_deletes_a_goal(world, client_as):
    ensure_initial_dataset()
    lead = client_as("mission_lead")
    made = send(lead, "post", GOALS, _new())
    assert made.status_code == 201, made.content
    goal_id = made.json()["id"]
    changed = send(lead, "patch", f"{GOALS}/{goal_id}", {"title": "Færre unge utenfor"})
    assert changed.status_code == 200 and changed.json()["title"] == "Færre unge utenfor"
    assert Goal.objects.get(pk=goal_id).target_year == 2030  # not sent, not changed
    assert lead.delete(f"{GOALS}/{goal_id}").status_code == 204
    assert not Goal.objects.filter(pk=goal_id).exists()


def test_only_the_mission_lead_writes_goals(world, client_as):
    goal = make_goal()
    url = f"{GOALS}/{goal.pk}"
    for role in ("member", "coordinator", "other_coordinator"):
        client = client_as(role)
        assert send(client, "post", GOALS, _new()).status_code == 403
        assert send(client, "patch", url, {"title": "Nei"}).status_code == 403
        assert client.delete(url).status_code == 403
    assert send(client_as("anonymous"), "post", GOALS, _new()).status_code == 401
    assert client_as("anonymous").delete(url).status_code == 401
    assert list(Goal.objects.values_list("title", flat=True)) == [goal.title]


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"indicator": "ukjent"}, 400, "indicator"),
        ({"region": "0000"}, 400, "region"),
        ({"direction": "up"}, 400, "target_value"),  # up, but the target is lower
        ({"target_year": 2019}, 400, None),
        ({"baseline_year": 1800}, 422, "baseline_year"),
        ({"baseline_value": "NaN"}, 422, "baseline_value"),
        ({"title": None}, 422, "title"),
    ],
)
def test_bad_goals_are_refused_in_norwegian_and_nothing_is_written(
    world, client_as, changes, status, field
):
    ensure_initial_dataset()
    error = error_of(send(client_as("mission_lead"), "post", GOALS, _new(**changes)), status)
    assert error["message"]
    if field:
        assert error["details"][0]["field"].endswith(field)
    assert not Goal.objects.exists()
    goal = make_goal()
    error = error_of(
        send(client_as("mission_lead"), "patch", f"{GOALS}/{goal.pk}", changes), status
    )
    goal.refresh_from_db()
    assert goal.title == "Færre unge utenfor arbeid og utdanning"
