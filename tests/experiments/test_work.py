"""The experiments' items on «Mitt arbeid»: sprint evaluations and support hours."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fellesloft.core.work import DUE, OVERDUE
from fellesloft.experiments import services
from fellesloft.experiments.work import work_items
from tests.experiments.factories import evaluate, organisation, past_sprint, running_experiment
from tests.world import build_world

pytestmark = pytest.mark.django_db


def _kinds(user, kind):
    return [item for item in work_items(user=user) if item.kind == kind]


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def experiment(world):
    partner = organisation("NAV Lerkendal (ingen medlemmer)", "nav", world.municipality)
    return running_experiment(world, partner=partner)


def test_an_ended_sprint_without_evaluation_is_overdue_for_the_team_until_evaluated(
    world, experiment
):
    sprint = past_sprint(experiment, weeks_ago=8, length_weeks=4, by=world.users["mission_lead"])
    member = world.users["member"]

    [item] = _kinds(member, "sprint_evaluation")
    assert item.state == OVERDUE
    assert item.due == sprint.end_date
    assert item.url == f"/forsok/{experiment.pk}/sprinter/{sprint.number}/evaluering/"
    assert experiment.title in item.title

    evaluate(sprint, by=member)
    assert _kinds(member, "sprint_evaluation") == []


def test_a_sprint_ending_this_week_is_due_and_a_later_one_not_shown(world, experiment):
    today = timezone.localdate()
    lead = world.users["mission_lead"]
    services.sprint_create(
        experiment=experiment,
        start_date=today - timedelta(days=10),
        end_date=today + timedelta(days=3),
        by=lead,
    )
    [item] = _kinds(world.users["member"], "sprint_evaluation")
    assert item.state == DUE

    other = running_experiment(
        world, title="Senere sprint", partner=experiment.partners.get().organisation
    )
    services.sprint_create(
        experiment=other,
        start_date=today - timedelta(days=2),
        end_date=today + timedelta(weeks=3),
        by=lead,
    )
    assert len(_kinds(world.users["member"], "sprint_evaluation")) == 1


def test_people_outside_the_team_never_see_the_evaluation(world, experiment):
    past_sprint(experiment, by=world.users["mission_lead"])
    for role in ("other_coordinator", "mission_lead"):
        assert _kinds(world.users[role], "sprint_evaluation") == []


def test_support_hours_of_the_users_municipality(world):
    services.support_entry_log(
        municipality=world.municipality,
        date=timezone.localdate(),
        hours=Decimal("12.5"),
        kind="guidance",
        given_by_organisation=world.organisation,
        by=world.users["mission_lead"],
    )
    [item] = _kinds(world.users["member"], "support_hours")
    assert world.municipality.name in item.title
    assert [(figure.label, figure.value) for figure in item.figures] == [
        ("Brukt", "12,5 t"),
        ("Igjen", "37,5 t"),
        ("Budsjett", "50 t"),
    ]
    # Frøya's coordinator sees Frøya's hours, never Trondheim's.
    [other] = _kinds(world.users["other_coordinator"], "support_hours")
    assert world.other_municipality.name in other.title
    assert other.figures[0].value == "0 t"
    # The mission lead belongs to no municipality: no hours of their own to follow.
    assert _kinds(world.users["mission_lead"], "support_hours") == []
