"""Writing at a network meeting over the API (reflection questions, the groups' answers,
tasks) and one's own weekly digest – the services and rules of the pages, a Norwegian JSON
error for bad input, nothing written when refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fellesloft.learning import services
from fellesloft.learning.models import (
    DigestPreference,
    MeetingGroupAnswer,
    MeetingQuestion,
    MeetingTask,
)
from fellesloft.mission.models import NeedTheme
from tests.api.calls import error_of, send
from tests.learning.factories import make_meeting, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    return make_meeting("Samling om fravær", days=-1)


def test_the_mission_lead_asks_and_the_groups_answer(world, client_as, meeting):
    url = f"/api/v1/learning/meetings/{meeting.slug}/questions"
    asked = send(client_as("mission_lead"), "post", url, {"text": "Hva tar dere med hjem?"})
    assert asked.status_code == 201, asked.content
    question = asked.json()
    assert question["text"] == "Hva tar dere med hjem?" and question["answers"] == []
    answer_url = f"{url}/{question['id']}/answers"
    answered = send(client_as("member"), "post", answer_url, {"group": "Bord 3", "text": "Rutiner"})
    assert answered.status_code == 201 and answered.json() == {"group": "Bord 3", "text": "Rutiner"}
    detail = client_as("member").get(f"/api/v1/learning/meetings/{meeting.slug}").json()
    assert detail["questions"] == [
        {
            "id": question["id"],
            "text": "Hva tar dere med hjem?",
            "answers": [{"group": "Bord 3", "text": "Rutiner"}],
        }
    ]
    assert MeetingGroupAnswer.objects.get().written_by == world.users["member"]


def test_who_may_ask_and_answer(world, client_as, meeting):
    url = f"/api/v1/learning/meetings/{meeting.slug}/questions"
    for role in ("member", "coordinator", "other_coordinator"):
        assert send(client_as(role), "post", url, {"text": "Spørsmål?"}).status_code == 403
    assert send(client_as("anonymous"), "post", url, {"text": "Spørsmål?"}).status_code == 401
    question = services.meeting_question_add(meeting=meeting, text="Hva lærte dere?")
    body = {"group": "Bord 1", "text": "Mye"}
    answers = f"{url}/{question.pk}/answers"
    assert send(client_as("anonymous"), "post", answers, body).status_code == 401
    other = make_meeting("En annen samling")
    elsewhere = f"/api/v1/learning/meetings/{other.slug}/questions/{question.pk}/answers"
    assert send(client_as("member"), "post", elsewhere, body).status_code == 404
    assert MeetingQuestion.objects.count() == 1 and not MeetingGroupAnswer.objects.exists()


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"group": " ", "text": "Svar"}, 400, "group"),
        ({"group": "Bord 1", "text": " "}, 400, "text"),
        ({"group": "Bord 1", "text": "Ring Kari på 912 34 567"}, 400, "text"),
        ({"group": "x" * 101, "text": "Svar"}, 422, "group"),
        ({"text": "Svar"}, 422, "group"),
    ],
)
def test_bad_answers_are_refused_in_norwegian(world, client_as, meeting, body, status, field):
    question = services.meeting_question_add(meeting=meeting, text="Hva lærte dere?")
    url = f"/api/v1/learning/meetings/{meeting.slug}/questions/{question.pk}/answers"
    error = error_of(send(client_as("member"), "post", url, body), status)
    assert error["details"][0]["field"].endswith(field)
    assert not MeetingGroupAnswer.objects.exists()


def test_a_blank_question_is_refused(world, client_as, meeting):
    url = f"/api/v1/learning/meetings/{meeting.slug}/questions"
    error = error_of(send(client_as("mission_lead"), "post", url, {"text": "  "}), 400)
    assert error["message"] == "Skriv spørsmålet."
    assert (
        send(
            client_as("mission_lead"),
            "post",
            "/api/v1/learning/meetings/ingen/questions",
            {"text": "?"},
        ).status_code
        == 404
    )


def test_a_coordinator_gives_a_task_to_a_person_or_an_organisation(world, client_as, meeting):
    url = f"/api/v1/learning/meetings/{meeting.slug}/tasks"
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    body = {"title": "Dele rutinen", "due_date": due, "owner": world.users["member"].email}
    made = send(client_as("coordinator"), "post", url, body)
    assert made.status_code == 201, made.content
    assert (
        made.json()["owner"] == str(world.users["member"])
        and made.json()["meeting"] == meeting.slug
    )
    mine = client_as("member").get("/api/v1/learning/tasks").json()
    assert [task["title"] for task in mine] == ["Dele rutinen"]
    assert send(client_as("member"), "post", url, body).status_code == 403
    nobody = send(client_as("coordinator"), "post", url, {"title": "X", "due_date": due})
    assert error_of(nobody, 400)["details"][0]["field"] == "owner"
    unknown = send(client_as("coordinator"), "post", url, {**body, "organisation": "ingen"})
    assert error_of(unknown, 400)["details"][0]["field"] == "organisation"
    early = send(client_as("coordinator"), "post", url, {**body, "due_date": "2000-01-01"})
    assert error_of(early, 400)["details"][0]["field"] == "due_date"
    assert MeetingTask.objects.count() == 1


def test_my_digest_reads_and_changes_my_own_choices(world, client_as):
    held = make_meeting("Samling i Trondheim", host_municipality=world.municipality)
    services.meeting_update(meeting=held, notes="Nytt fra Trondheim")
    make_resource("Ressurs om lavinntekt", themes=NeedTheme.objects.filter(slug="lavinntekt"))
    client = client_as("member")
    data = client.get("/api/v1/learning/digest").json()
    assert data["is_subscribed"] is False and data["municipalities"] == []
    # No municipality chosen: the municipalities of my organisations count (Trondheim).
    assert [item["title"] for item in data["items"]] == ["Referat: Samling i Trondheim"]
    assert data["items"][0]["municipality"] == "5001"
    changed = send(
        client,
        "put",
        "/api/v1/learning/digest",
        {"is_subscribed": True, "municipalities": ["5014"], "themes": ["lavinntekt"]},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["municipalities"] == ["5014"]
    assert changed.json()["themes"] == ["lavinntekt"]
    assert [item["title"] for item in changed.json()["items"]] == ["Ressurs om lavinntekt"]
    preference = DigestPreference.objects.get(user=world.users["member"])
    assert preference.is_subscribed
    # Another person's choices are theirs: the coordinator sees their own, not the member's.
    assert client_as("coordinator").get("/api/v1/learning/digest").json()["is_subscribed"] is False
    assert client_as("anonymous").get("/api/v1/learning/digest").status_code == 401


def test_bad_digest_choices_change_nothing(world, client_as):
    client = client_as("member")
    unknown = send(
        client,
        "put",
        "/api/v1/learning/digest",
        {"is_subscribed": True, "municipalities": ["9999"]},
    )
    assert error_of(unknown, 400)["details"][0]["field"] == "municipalities"
    theme = send(client, "put", "/api/v1/learning/digest", {"is_subscribed": True, "themes": ["x"]})
    assert error_of(theme, 400)["details"][0]["field"] == "themes"
    assert send(client, "put", "/api/v1/learning/digest", {}).status_code == 422
    assert not DigestPreference.objects.filter(is_subscribed=True).exists()


# --- Resources and meetings written by the mission lead ---------------------------------------


def test_the_mission_lead_adds_and_changes_a_resource(world, client_as):
    lead = client_as("mission_lead")
    body = {
        "kind": "webinar",
        "title": "Webinar om skolefravær",
        "url": "https://www.ks.no/fravaer",
        "themes": ["lavinntekt"],
        "questions": ["Hva gjør dere når en elev blir borte?"],
    }
    created = send(lead, "post", "/api/v1/learning/resources", body)
    assert created.status_code == 201, created.content
    resource = created.json()
    assert resource["title"] == "Webinar om skolefravær"
    assert [theme["slug"] for theme in resource["themes"]] == ["lavinntekt"]
    url = f"/api/v1/learning/resources/{resource['slug']}"
    changed = send(lead, "patch", url, {"summary": "Tre kommuner forteller.", "themes": []})
    assert changed.status_code == 200, changed.content
    assert changed.json()["summary"] == "Tre kommuner forteller."
    assert changed.json()["themes"] == [] and changed.json()["title"] == body["title"]
    listed = lead.get("/api/v1/learning/resources").json()
    assert resource["slug"] in [item["slug"] for item in listed]


def test_resource_writes_are_the_mission_leads_and_bad_input_writes_nothing(world, client_as):
    from fellesloft.learning.models import Resource

    before = Resource.objects.count()
    body = {"kind": "report", "title": "Rapport om utenforskap", "url": "https://ssb.no/r"}
    for role in ("member", "coordinator", "other_coordinator"):
        response = send(client_as(role), "post", "/api/v1/learning/resources", body)
        assert response.status_code == 403
    assert send(client_as("anonymous"), "post", "/api/v1/learning/resources", body).status_code in (
        401,
        403,
    )
    lead = client_as("mission_lead")
    unknown = {**body, "themes": ["finnes-ikke"]}
    error = error_of(send(lead, "post", "/api/v1/learning/resources", unknown), 400)
    assert "finnes-ikke" in error["message"]
    assert (
        send(lead, "post", "/api/v1/learning/resources", {**body, "kind": "x"}).status_code == 422
    )
    assert Resource.objects.count() == before
    existing = make_resource()
    url = f"/api/v1/learning/resources/{existing.slug}"
    assert send(client_as("member"), "patch", url, {"title": "Nytt"}).status_code == 403
    assert send(lead, "patch", "/api/v1/learning/resources/finnes-ikke", {}).status_code == 404


def test_the_mission_lead_plans_a_meeting_and_publishes_its_notes(world, client_as):
    lead = client_as("mission_lead")
    starts = (timezone.now() + timedelta(days=20)).replace(microsecond=0)
    body = {
        "title": "Samling i Steinkjer",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=3)).isoformat(),
        "location": "Steinkjer rådhus",
        "host_municipality": "5006",
        "capacity": 40,
    }
    created = send(lead, "post", "/api/v1/learning/meetings", body)
    assert created.status_code == 201, created.content
    meeting = created.json()
    assert meeting["host_municipality"] == "5006" and meeting["registrations"] == 0
    url = f"/api/v1/learning/meetings/{meeting['slug']}"
    changed = send(lead, "patch", url, {"notes": "Vi lærte mye.", "capacity": 50})
    assert changed.status_code == 200, changed.content
    assert changed.json()["capacity"] == 50
    assert lead.get(url).json()["notes"] == "Vi lærte mye."


def test_meeting_writes_are_the_mission_leads_and_bad_input_writes_nothing(world, client_as):
    from fellesloft.learning.models import NetworkMeeting

    before = NetworkMeeting.objects.count()
    starts = timezone.now() + timedelta(days=5)
    body = {
        "title": "Samling",
        "starts_at": starts.isoformat(),
        "ends_at": (starts - timedelta(hours=1)).isoformat(),  # ends before it starts
        "location": "Levanger",
    }
    assert (
        send(client_as("coordinator"), "post", "/api/v1/learning/meetings", body).status_code == 403
    )
    lead = client_as("mission_lead")
    error = error_of(send(lead, "post", "/api/v1/learning/meetings", body), 400)
    assert "slutte etter" in error["message"]
    unknown_place = {
        **body,
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "host_municipality": "9999",
    }
    assert (
        "9999"
        in error_of(send(lead, "post", "/api/v1/learning/meetings", unknown_place), 400)["message"]
    )
    assert NetworkMeeting.objects.count() == before
    existing = make_meeting()
    url = f"/api/v1/learning/meetings/{existing.slug}"
    assert send(client_as("member"), "patch", url, {"title": "Nytt"}).status_code == 403
