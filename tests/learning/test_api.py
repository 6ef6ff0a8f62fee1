"""The learning network's API: resources and meetings for everyone, the meeting's notes,
questions and tasks for those with a role, registration and one's own tasks – by the same
rules as the pages."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesloft.learning import services
from fellesloft.learning.models import MeetingRegistration
from tests.learning.factories import make_meeting, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    held = make_meeting("Samling om fravær", days=-3)
    services.meeting_update(meeting=held, notes="Vi delte rutiner.")
    question = services.meeting_question_add(meeting=held, text="Hva hindrer samarbeidet?")
    services.meeting_group_answer_add(
        question=question, group="Bord 3", text="Ulike systemer.", by=world.users["member"]
    )
    services.meeting_task_add(
        meeting=held,
        title="Sette opp et møte",
        organisation=world.organisation,
        due_date=timezone.localdate() + timedelta(days=5),
    )
    return held


def test_resources_and_meetings_for_everyone_and_the_notes_for_those_with_a_role(
    world, client_as, meeting
):
    make_resource("Webinar: alle skal med")
    visitor = client_as("anonymous")
    titles = [row["title"] for row in visitor.get(reverse("api:learning_resources")).json()]
    assert "Webinar: alle skal med" in titles
    [row] = visitor.get(reverse("api:learning_meetings")).json()
    assert row["slug"] == meeting.slug and row["registrations"] == 0
    url = reverse("api:learning_meeting", args=[meeting.slug])
    public = visitor.get(url).json()
    assert public["notes"] is None and public["questions"] is None and public["tasks"] is None
    member = client_as("member").get(url).json()
    assert member["notes"] == "Vi delte rutiner."
    assert member["questions"] == [
        {
            "id": meeting.questions.get().pk,  # what a group's answer is posted to
            "text": "Hva hindrer samarbeidet?",
            "answers": [{"group": "Bord 3", "text": "Ulike systemer."}],
        }
    ]
    assert member["tasks"][0]["organisation"] == world.organisation.name
    assert member["tasks"][0]["owner"] is None
    assert visitor.get(reverse("api:learning_meeting", args=["finnes-ikke"])).status_code == 404


def test_registration_and_my_tasks_ticked_off_by_the_organisation(world, client_as, meeting):
    upcoming = make_meeting("Neste samling", days=10)
    client = client_as("member")
    url = reverse("api:learning_meeting_register", args=[upcoming.slug])
    assert client.post(url).json() == {"registered": True}
    assert MeetingRegistration.objects.filter(meeting=upcoming).count() == 1
    assert client.delete(url).json() == {"registered": False}
    assert not MeetingRegistration.objects.filter(meeting=upcoming).exists()
    over = client.post(reverse("api:learning_meeting_register", args=[meeting.slug]))
    assert over.status_code == 400 and "påmeldingen er stengt" in over.json()["error"]["message"]

    [task] = client.get(reverse("api:learning_my_tasks")).json()
    assert task["title"] == "Sette opp et møte"
    done = reverse("api:learning_task_done", args=[task["id"]])
    body = json.dumps({"is_done": True})
    outsider = client_as("other_coordinator")
    assert outsider.post(done, body, content_type="application/json").status_code == 403
    client = client_as("member")
    answer = client.post(done, body, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["is_done"] is True
    assert client.get(reverse("api:learning_my_tasks")).json() == []
    bad = client.post(done, json.dumps({"is_done": "kanskje"}), content_type="application/json")
    assert bad.status_code == 422
