"""The learning network's items on «Mitt arbeid»: own meeting tasks and the next meeting."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.work import DUE, INFO, OVERDUE, UPCOMING
from fellesloft.learning import services
from fellesloft.learning.work import work_items
from tests.learning.factories import make_meeting
from tests.world import build_world

pytestmark = pytest.mark.django_db


def _kinds(user, kind):
    return [item for item in work_items(user=user) if item.kind == kind]


def test_an_assigned_task_shows_with_its_state_until_done():
    world = build_world()
    meeting = make_meeting("Samling i høst", days=-10)  # tasks are due after a meeting
    today = timezone.localdate()
    member = world.users["member"]
    late = services.meeting_task_add(
        meeting=meeting, title="Dele rutinen", owner=member, due_date=today - timedelta(days=1)
    )
    services.meeting_task_add(
        meeting=meeting, title="Lese rapporten", owner=member, due_date=today + timedelta(days=2)
    )
    services.meeting_task_add(
        meeting=meeting, title="Planlegge", owner=member, due_date=today + timedelta(days=30)
    )
    states = {item.title: item.state for item in _kinds(member, "meeting_task")}
    assert states == {"Dele rutinen": OVERDUE, "Lese rapporten": DUE, "Planlegge": UPCOMING}
    [item] = [item for item in _kinds(member, "meeting_task") if item.title == "Dele rutinen"]
    assert item.url == f"{meeting.get_absolute_url()}#oppgaver"
    assert item.due == late.due_date

    services.meeting_task_set_done(task=late, is_done=True)
    assert "Dele rutinen" not in {item.title for item in _kinds(member, "meeting_task")}
    # Someone else's task is never on my list.
    assert _kinds(world.users["other_coordinator"], "meeting_task") == []


def test_the_next_meeting_and_whether_i_am_registered():
    world = build_world()
    make_meeting("Samling i fjor", days=-40)
    later = make_meeting("Samling til våren", days=60)
    sooner = make_meeting("Samling i Steinkjer", days=12)
    member = world.users["member"]

    [item] = _kinds(member, "network_meeting")
    assert item.state == INFO
    assert sooner.title in item.title and later.title not in item.title
    assert item.url == sooner.get_absolute_url()
    assert "ikke påmeldt" in item.detail

    services.meeting_register(meeting=sooner, user=member)
    [item] = _kinds(member, "network_meeting")
    assert "Du er påmeldt" in item.detail


def test_a_task_for_an_organisation_is_on_the_list_of_each_of_its_members():
    world = build_world()
    meeting = make_meeting("Samling i høst", days=-10)
    due = timezone.localdate() + timedelta(days=3)
    task = services.meeting_task_add(
        meeting=meeting, title="Møte skole og NAV", organisation=world.organisation, due_date=due
    )
    for name in ("member", "coordinator"):  # both are in world.organisation
        [item] = _kinds(world.users[name], "meeting_task")
        assert item.title == "Møte skole og NAV"
        assert world.organisation.name in item.detail
        assert world.users[name].has_perm("learning.change_meeting_task", task)
    outsider = world.users["other_coordinator"]
    assert _kinds(outsider, "meeting_task") == []
    assert not outsider.has_perm("learning.change_meeting_task", task)

    services.meeting_task_set_done(task=task, is_done=True)
    assert _kinds(world.users["member"], "meeting_task") == []


def test_a_task_needs_a_person_or_an_organisation():
    meeting = make_meeting("Samling i høst", days=-10)
    with pytest.raises(ServiceError, match="Velg hvem som er ansvarlig"):
        services.meeting_task_add(
            meeting=meeting, title="Uten ansvarlig", due_date=timezone.localdate()
        )
