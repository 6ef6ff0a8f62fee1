"""The barriers' items on «Mitt arbeid»: what waits for the mission lead's decision, for an
answer to the reporting organisation, and for other organisations' endorsement."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fellesloft.barriers import services
from fellesloft.barriers.work import work_items
from fellesloft.core.work import DUE, INFO, OVERDUE
from tests.barriers.helpers import add_member, escalate, report
from tests.experiments.factories import organisation
from tests.world import build_world

pytestmark = pytest.mark.django_db


def _about(user, barrier):
    return [item for item in work_items(user=user) if f"/barrierer/{barrier.pk}/" in item.url]


@pytest.fixture
def world():
    return build_world()


def test_a_new_barrier_waits_for_the_mission_lead_until_it_is_reviewed(world):
    lead = world.users["mission_lead"]
    barrier = report(world)
    [item] = _about(lead, barrier)
    assert item.kind == "barrier_decision" and item.state == DUE
    # The reporting organisation has nothing to do yet; nor has anybody else.
    assert _about(world.users["member"], barrier) == []

    services.barrier_review(barrier=barrier, actor=lead, assessment="regulation")
    [item] = _about(lead, barrier)
    assert "eskaler" in item.title

    services.barrier_close(barrier=barrier, actor=lead, reason="Løst lokalt.")
    assert _about(lead, barrier) == []


def test_an_escalated_barrier_waits_for_its_answer_overdue_after_the_deadline(world):
    lead = world.users["mission_lead"]
    barrier = escalate(report(world), lead, deadline_days=-3, escalated_days_ago=40)
    for user in (lead, world.users["member"]):
        [item] = _about(user, barrier)
        assert item.kind == "barrier_answer"
        assert item.state == OVERDUE
        assert item.due == barrier.answer_deadline
    # Another organisation does not follow it on «Mitt arbeid».
    assert _about(world.users["other_coordinator"], barrier) == []

    services.barrier_answer(barrier=barrier, actor=lead, outcome="partly", text="Vi ser på det.")
    [answered] = _about(world.users["member"], barrier)
    assert answered.kind == "barrier_answered" and answered.state == INFO
    [decision] = _about(lead, barrier)
    assert decision.kind == "barrier_decision"

    services.barrier_resolve(barrier=barrier, actor=lead, reason="Forskriften er endret.")
    assert _about(world.users["member"], barrier) == []
    assert _about(lead, barrier) == []


def test_a_held_barrier_asks_its_organisation_to_remove_personal_data(world):
    barrier = report(world, example="Ring eleven på 412 34 567 for å høre hvordan det går.")
    assert barrier.is_held
    [item] = _about(world.users["member"], barrier)
    assert item.kind == "barrier_held"
    assert item.url == f"/barrierer/{barrier.pk}/endre/"
    [for_lead] = _about(world.users["mission_lead"], barrier)
    assert for_lead.kind == "barrier_held"
    # Held: nobody outside sees it, so nobody is asked to endorse it.
    neighbour = add_member(world, organisation("NAV Heimdal", "nav", world.municipality), "n@t.no")
    assert _about(neighbour, barrier) == []

    services.barrier_release(barrier=barrier, actor=world.users["mission_lead"], example="")
    assert _about(world.users["member"], barrier) == []


def test_organisations_in_the_same_municipality_are_asked_to_endorse_until_they_do(world):
    barrier = report(world)
    heimdal = organisation("NAV Heimdal", "nav", world.municipality)
    neighbour = add_member(world, heimdal, "nabo@test.no")
    [item] = _about(neighbour, barrier)
    assert item.kind == "barrier_endorsement" and item.url.endswith("#gjelder-oss")
    # Frøya's coordinator is in another municipality: not asked.
    assert _about(world.users["other_coordinator"], barrier) == []

    services.barrier_endorse(barrier=barrier, organisation=heimdal, user=neighbour)
    assert _about(neighbour, barrier) == []


def test_an_old_barrier_is_no_longer_offered_for_endorsement(world):
    barrier = report(world)
    services_date = timezone.now() - timedelta(days=45)
    type(barrier).objects.filter(pk=barrier.pk).update(created_at=services_date)
    neighbour = add_member(
        world, organisation("NAV Heimdal", "nav", world.municipality), "nabo@test.no"
    )
    assert _about(neighbour, barrier) == []
