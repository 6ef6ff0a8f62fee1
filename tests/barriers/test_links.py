"""Links to experiments, sprints and dialogs; the report's «what the experiments observed»;
a barrier noted in a sprint evaluation reported from the barriers app."""

import datetime

import pytest
from django.urls import reverse

from fellesloft.barriers import selectors, services
from fellesloft.barriers.models import Barrier
from fellesloft.experiments.models import Experiment, Sprint, SprintBarrierNote
from tests.barriers.helpers import category, report

pytestmark = pytest.mark.django_db


def make_experiment_with_sprint(world, *, observation: str = "Ungdommene kom tilbake."):
    experiment = Experiment.objects.create(
        municipality=world.municipality,
        owner_organisation=world.organisation,
        title="Felles ungdomslos i Trondheim",
        challenge="Unge som faller ut mellom skole og NAV.",
        hypothesis_change="én fast kontakt",
        hypothesis_target_group="unge 16–20 år som har sluttet",
        hypothesis_effect="færre som blir borte",
        hypothesis_evidence="flere er i aktivitet etter tre måneder",
    )
    sprint = Sprint.objects.create(
        experiment=experiment,
        number=1,
        start_date=datetime.date(2026, 1, 5),
        end_date=datetime.date(2026, 2, 13),
        do_observations=observation,
    )
    return experiment, sprint


def test_a_linked_sprint_links_its_experiment_and_the_report_shows_the_observation(world):
    experiment, sprint = make_experiment_with_sprint(
        world, observation="Taushetsplikten stoppet oss to ganger."
    )
    barrier = report(world)
    services.barrier_set_links(barrier=barrier, sprints=[sprint])
    assert list(barrier.experiments.all()) == [experiment]
    groups = selectors.barrier_report(user=world.users["mission_lead"])
    row = groups[0].rows[0]
    assert [(e.title, e.observation) for e in row.experiments] == [
        ("Felles ungdomslos i Trondheim – Sprint 1", "Taushetsplikten stoppet oss to ganger.")
    ]


def test_an_experiment_without_a_linked_sprint_shows_its_latest_observation(world):
    experiment, _sprint = make_experiment_with_sprint(world, observation="Første observasjon.")
    Sprint.objects.create(
        experiment=experiment,
        number=2,
        start_date=datetime.date(2026, 2, 16),
        end_date=datetime.date(2026, 3, 27),
        do_observations="Siste observasjon.",
    )
    barrier = report(world)
    services.barrier_set_links(barrier=barrier, experiments=[experiment])
    row = selectors.barrier_report(user=world.users["mission_lead"])[0].rows[0]
    assert row.experiments[0].observation == "Siste observasjon."


def test_links_page_saves_links(client_as, world):
    experiment, sprint = make_experiment_with_sprint(world)
    barrier = report(world)
    client = client_as("member")
    response = client.post(
        reverse("barriers:links", args=[barrier.pk]),
        {"experiments": [experiment.pk], "sprints": [sprint.pk]},
    )
    assert response.status_code == 302
    assert list(barrier.sprints.all()) == [sprint]
    page = client.get(reverse("barriers:detail", args=[barrier.pk])).content.decode()
    assert "Felles ungdomslos i Trondheim – Sprint 1" in page


def test_a_sprint_note_becomes_a_barrier_linked_to_its_sprint(client_as, world):
    experiment, sprint = make_experiment_with_sprint(world)
    note = SprintBarrierNote.objects.create(
        sprint=sprint, text="Vi fikk ikke dele plan med NAV.\nFagsystemene snakker ikke sammen."
    )
    client = client_as("member")
    listing = client.get(reverse("barriers:list")).content.decode()
    assert f"?sprintnotat={note.pk}" in listing
    url = reverse("barriers:create") + f"?sprintnotat={note.pk}"
    form = client.get(url)
    assert form.context["form"].initial["title"] == "Vi fikk ikke dele plan med NAV."
    response = client.post(
        url,
        {
            "organisation": world.organisation.pk,
            "title": "Fagsystemene kan ikke dele plan",
            "description": note.text,
            "level": "national",
            "category": category("ikt-systemer-og-data").pk,
        },
    )
    barrier = Barrier.objects.get(title="Fagsystemene kan ikke dele plan")
    assert response.status_code == 302
    assert list(barrier.sprints.all()) == [sprint]
    assert list(barrier.experiments.all()) == [experiment]
    note.refresh_from_db()
    assert note.converted_at is not None
    assert note.converted_reference == reverse("barriers:detail", args=[barrier.pk])
    assert f"?sprintnotat={note.pk}" not in client.get(reverse("barriers:list")).content.decode()
