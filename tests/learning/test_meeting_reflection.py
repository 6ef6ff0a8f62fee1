"""A network meeting carries reflection questions with the groups' answers and its attendance,
and a coordinator assigns tasks to people chosen from the network."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesloft.core.exceptions import ServiceError
from fellesloft.learning import services
from fellesloft.learning.models import MeetingGroupAnswer, MeetingRegistration
from tests.learning.factories import make_meeting
from tests.world import make_user

pytestmark = pytest.mark.django_db


def _past_meeting():
    meeting = make_meeting("Samling i Steinkjer")
    meeting.starts_at = timezone.now() - timedelta(days=2)
    meeting.ends_at = meeting.starts_at + timedelta(hours=5)
    meeting.save()
    return meeting


def test_groups_answer_the_meetings_questions(client_as, world):
    meeting = make_meeting()
    lead = client_as("mission_lead")
    lead.post(
        reverse("learning:meeting_question_add", kwargs={"slug": meeting.slug}),
        {"text": "Hva tar dere med hjem?"},
    )
    question = meeting.questions.get()
    member = client_as("member")
    url = reverse("learning:meeting_answer_add", kwargs={"slug": meeting.slug, "pk": question.pk})
    member.post(url, {"group": "Bord 3", "text": "Faste kontaktpersoner i NAV og skolen."})
    member.post(url, {"group": "Bord 1", "text": "Ungdommene må være med fra start."})
    # Personal data is refused with a clear message, and nothing is saved.
    page = member.post(url, {"group": "Bord 2", "text": "Ring Ola på 912 34 567."}, follow=True)
    assert "personopplysninger" in page.content.decode()
    assert MeetingGroupAnswer.objects.count() == 2

    body = member.get(meeting.get_absolute_url()).content.decode()
    assert body.index("Bord 1") < body.index("Bord 3")
    assert "Faste kontaktpersoner i NAV og skolen." in body
    # Each question's form has ids of its own.
    assert f'id="svar-{question.pk}-group"' in body
    # A visitor sees neither the questions nor the answers.
    assert (
        "Faste kontaktpersoner"
        not in client_as("anonymous").get(meeting.get_absolute_url()).content.decode()
    )


def test_answers_need_a_group_and_a_text():
    meeting = make_meeting()
    question = services.meeting_question_add(meeting=meeting, text="Hva virker?")
    with pytest.raises(ServiceError, match="hvilken gruppe"):
        services.meeting_group_answer_add(question=question, group=" ", text="Noe", by=None)
    with pytest.raises(ServiceError, match="gruppens svar"):
        services.meeting_group_answer_add(question=question, group="Bord 1", text="", by=None)
    with pytest.raises(ServiceError, match="Skriv spørsmålet"):
        services.meeting_question_add(meeting=meeting, text="  ")


def test_attendance_is_recorded_for_the_registered_after_the_meeting(client_as, world):
    meeting = _past_meeting()
    member, other = world.users["member"], world.users["other_coordinator"]
    for user in (member, other):
        MeetingRegistration.objects.create(meeting=meeting, user=user)
    url = reverse("learning:meeting_attendance", kwargs={"slug": meeting.slug})
    lead = client_as("mission_lead")
    assert str(member) in lead.get(url).content.decode()
    response = lead.post(url, {"attended": [str(member.pk)]})
    assert response.status_code == 302
    attended = dict(meeting.registrations.values_list("user_id", "attended"))
    assert attended == {member.pk: True, other.pk: False}
    body = lead.get(meeting.get_absolute_url()).content.decode()
    assert "1 møtte" in body

    with pytest.raises(ServiceError, match="Bare påmeldte"):
        services.meeting_attendance_set(
            meeting=meeting, attended_user_ids=[world.users["mission_lead"].pk]
        )
    future = make_meeting("Neste samling")
    with pytest.raises(ServiceError, match="har startet"):
        services.meeting_attendance_set(meeting=future, attended_user_ids=[])


def test_a_coordinator_assigns_a_task_to_a_person_chosen_from_the_network(client_as, world):
    meeting = make_meeting()
    coordinator = client_as("other_coordinator")
    page = coordinator.get(meeting.get_absolute_url()).content.decode()
    # A choice among the network's people, not an e-mail typed by hand.
    assert re.search(r'<select[^>]*name="owner"', page)
    assert re.search(rf'<option value="{world.users["member"].pk}"', page)
    assert 'type="email"' not in page
    coordinator.post(
        reverse("learning:meeting_task_add", kwargs={"slug": meeting.slug}),
        {"title": "Dele rutinen", "owner": world.users["member"].pk, "due_date": "2099-01-01"},
    )
    assert meeting.tasks.get().owner == world.users["member"]
    # Someone outside the network cannot be chosen.
    response = coordinator.post(
        reverse("learning:meeting_task_add", kwargs={"slug": meeting.slug}),
        {
            "title": "Utenfor",
            "owner": make_user("uten.organisasjon@test.no").pk,
            "due_date": "2099-01-01",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert meeting.tasks.count() == 1


def test_a_coordinator_assigns_a_task_to_an_organisation_and_its_members_see_it(client_as, world):
    meeting = make_meeting()
    coordinator = client_as("other_coordinator")
    add = reverse("learning:meeting_task_add", kwargs={"slug": meeting.slug})
    page = coordinator.get(meeting.get_absolute_url()).content.decode()
    assert re.search(r'<select[^>]*name="organisation"', page)
    coordinator.post(
        add,
        {
            "title": "Møte skole og NAV",
            "organisation": world.organisation.pk,
            "due_date": "2099-01-01",
        },
    )
    task = meeting.tasks.get()
    assert (task.owner, task.organisation) == (None, world.organisation)
    member_page = client_as("member").get(meeting.get_absolute_url()).content.decode()
    assert world.organisation.name in member_page
    assert "Marker som utført" in member_page  # a member of the organisation may tick it off
    # Neither a person nor an organisation: a clear message, nothing saved.
    coordinator = client_as("other_coordinator")
    response = coordinator.post(add, {"title": "Ingen", "due_date": "2099-01-01"}, follow=True)
    assert "Velg hvem som er ansvarlig" in response.content.decode()
    assert meeting.tasks.count() == 1
