"""No double entry: a learning card made «from sprint N» starts from that sprint's answers and
may name a contact person who chose to be one; the support hours are on the experiment's page,
and «gitt av» is chosen, not typed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesloft.core.exceptions import ServiceError
from fellesloft.experiments import services
from fellesloft.experiments.models import LearningCard, SupportEntry
from tests.experiments.factories import evaluate, past_sprint, running_experiment

pytestmark = pytest.mark.django_db


def test_a_card_from_a_sprint_starts_with_the_sprints_three_answers(world, client_as):
    experiment = running_experiment(world)
    sprint = past_sprint(experiment)
    evaluate(sprint)
    client = client_as("coordinator")
    detail = client.get(reverse("experiments:detail", kwargs={"pk": experiment.pk}))
    link = reverse("experiments:card_create", kwargs={"pk": experiment.pk}) + "?sprint=1"
    assert link.replace("&", "&amp;") in detail.content.decode()

    page = client.get(link).content.decode()
    assert "fylt ut fra evalueringen av sprint 1" in page
    assert "Elevene møtte opp." in page  # what worked → the observation
    assert "Møtetidspunktet." in page  # what to adjust → the learning
    assert "Juster. Fast kontaktperson." in page  # the decision and what to take forward
    assert f'<option value="{sprint.pk}" selected>' in page

    # A sprint of another experiment, or none by that number: the plain start.
    plain = client.get(
        reverse("experiments:card_create", kwargs={"pk": experiment.pk}) + "?sprint=9"
    ).content.decode()
    assert "fylt ut fra evalueringen" not in plain


def test_only_oneself_can_be_the_contact_person_and_the_network_sees_it(world, client_as):
    experiment = running_experiment(world)
    coordinator = world.users["coordinator"]
    card = services.learning_card_create(
        experiment=experiment,
        title="Fast kontaktperson",
        hypothesis="Vi tror …",
        observation="Vi så …",
        learning="Vi lærte …",
        decision="Ta i bruk",
        by=coordinator,
        contact_me=True,
    )
    assert card.contact_person == coordinator
    # Another team member unticking «me» leaves the coordinator's consent alone…
    services.learning_card_update(card=card, by=world.users["mission_lead"], contact_me=False)
    assert card.contact_person == coordinator
    # …while the coordinator may withdraw it.
    services.learning_card_update(card=card, by=coordinator, contact_me=False)
    assert card.contact_person is None
    services.learning_card_update(card=card, by=coordinator, contact_me=True)
    services.learning_card_publish(card=card, by=world.users["mission_lead"])

    url = reverse("experiments:card_detail", kwargs={"pk": card.pk})
    network = client_as("member").get(url).content.decode()
    assert coordinator.email in network and "Kontaktperson" in network
    public = client_as("anonymous").get(url).content.decode()
    assert "Fast kontaktperson" in public
    assert coordinator.email not in public

    with pytest.raises(ServiceError):
        services.learning_card_create(
            experiment=experiment,
            title="Uten innlogging",
            hypothesis="a",
            observation="b",
            learning="c",
            decision="d",
            by=None,
            contact_me=True,
        )
    assert LearningCard.objects.count() == 1


def test_the_experiment_page_shows_its_support_hours_and_links_to_log_them(world, client_as):
    experiment = running_experiment(world)
    services.support_entry_log(
        municipality=world.municipality,
        experiment=experiment,
        date=timezone.localdate(),
        hours="3",
        kind="guidance",
        given_by_person=world.users["mission_lead"],
        given_by_organisation=world.other_organisation,
        by=world.users["mission_lead"],
    )
    page = client_as("coordinator").get(reverse("experiments:detail", kwargs={"pk": experiment.pk}))
    body = page.content.decode()
    assert "3 av 50 timer brukt – 47 timer igjen." in body
    assert f"{world.users['mission_lead']} ({world.other_organisation})" in body
    log_link = reverse("experiments:support", args=[world.municipality.number])
    assert f"{log_link}?forsok={experiment.pk}#registrer" in body
    form = client_as("coordinator").get(f"{log_link}?forsok={experiment.pk}").content.decode()
    assert f'<option value="{experiment.pk}" selected>' in form


def test_who_gave_the_support_is_chosen_not_typed(world, client_as):
    with pytest.raises(ServiceError, match="Velg hvem som ga støtten"):
        services.support_entry_log(
            municipality=world.municipality,
            date=timezone.localdate(),
            hours="1",
            kind="guidance",
            by=world.users["mission_lead"],
        )
    url = reverse("experiments:support", args=[world.municipality.number])
    data = {"date": timezone.localdate().isoformat(), "hours": "1", "kind": "guidance"}
    page = client_as("coordinator").post(url, {**data, "given_by_person": "99999"})
    assert page.status_code == 200
    assert not SupportEntry.objects.exists()
    response = client_as("coordinator").post(
        url, {**data, "given_by_person": world.users["mission_lead"].pk}
    )
    assert response.status_code == 302
    assert SupportEntry.objects.get().given_by_person == world.users["mission_lead"]
