"""The thread from goal to learning: experiments name the mission goals and indicators they
serve, the portfolio is seen by goal, and a goal's page lists its experiments with their
latest evaluations."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fellesloft.experiments import selectors, services
from fellesloft.mission.models import Goal, Indicator, Mission, Region
from tests.experiments.factories import evaluate, experiment, past_sprint, running_experiment
from tests.mission.helpers import ensure_initial_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def goals(world):
    ensure_initial_dataset()
    mission = Mission.objects.first()
    region = Region.objects.get(code="50")

    def goal(title, code):
        return Goal.objects.create(
            mission=mission,
            title=title,
            indicator=Indicator.objects.get(code=code),
            region=region,
            baseline_value=Decimal("10"),
            baseline_year=2020,
            target_value=Decimal("8"),
            target_year=2030,
        )

    return goal("Færre unge utenfor (test)", "neet-andel-15-29"), goal(
        "Flere fullfører (test)", "ikke-fullfort-vgs"
    )


def test_an_experiment_names_the_goals_and_indicators_it_serves(world, goals):
    neet, school = goals
    item = experiment(world)
    services.experiment_update(
        experiment=item,
        by=world.users["mission_lead"],
        goals=[neet],
        indicators=[school.indicator],
    )
    assert list(item.goals.all()) == [neet]
    assert list(item.indicators.all()) == [school.indicator]
    assert list(selectors.portfolio_experiments(user=world.users["mission_lead"], goal=neet)) == [
        item
    ]
    assert not selectors.portfolio_experiments(user=world.users["mission_lead"], goal=school)


def test_the_edit_form_offers_goals_and_saves_them(client_as, world, goals):
    neet, _school = goals
    item = experiment(world)
    client = client_as("mission_lead")
    page = client.get(reverse("experiments:edit", kwargs={"pk": item.pk})).content.decode()
    assert "Færre unge utenfor (test)" in page
    data = {
        "title": item.title,
        "challenge": item.challenge,
        "hypothesis_change": item.hypothesis_change,
        "hypothesis_target_group": item.hypothesis_target_group,
        "hypothesis_effect": item.hypothesis_effect,
        "hypothesis_evidence": item.hypothesis_evidence,
        "age_band": item.age_band,
        "goals": [neet.pk],
        "indicators": [neet.indicator.pk],
    }
    response = client.post(reverse("experiments:edit", kwargs={"pk": item.pk}), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(item.goals.all()) == [neet]
    detail = client.get(reverse("experiments:detail", kwargs={"pk": item.pk})).content.decode()
    assert reverse("mission:goal_detail", kwargs={"pk": neet.pk}) in detail


def test_a_goals_page_lists_its_experiments_and_their_latest_evaluation(
    client_as, world, goals, django_assert_max_num_queries
):
    neet, school = goals
    serving = running_experiment(world, title="Fraværsteam")
    sprint_one = past_sprint(serving, weeks_ago=12)
    evaluate(sprint_one)
    sprint_two = past_sprint(serving, weeks_ago=6)
    services.sprint_evaluate(
        sprint=sprint_two,
        by=None,
        what_worked="Foreldrene ble med.",
        what_to_adjust="Færre møter.",
        what_to_take_forward="Ukentlig kontakt.",
        act_decision="adopt",
    )
    following = experiment(world, title="Følger tallet")
    elsewhere = experiment(world, title="Et annet mål")
    lead = world.users["mission_lead"]
    services.experiment_update(experiment=serving, by=lead, goals=[neet])
    services.experiment_update(experiment=following, by=lead, indicators=[neet.indicator])
    services.experiment_update(experiment=elsewhere, by=lead, goals=[school])

    url = reverse("mission:goal_detail", kwargs={"pk": neet.pk})
    client = client_as("member")
    with django_assert_max_num_queries(30) as captured:
        page = client.get(url).content.decode()
    few = len(captured.captured_queries)
    assert "Fraværsteam" in page and "Følger tallet" in page
    assert "Et annet mål" not in page
    # The latest evaluation, not the first.
    assert "Foreldrene ble med." in page and "Elevene møtte opp." not in page
    assert "følger indikatoren" in page

    for number in range(5):
        more = experiment(world, title=f"Flere {number}")
        services.experiment_update(experiment=more, by=lead, goals=[neet])
        evaluate(past_sprint(more))
    with django_assert_max_num_queries(few):
        client.get(url)

    # A visitor sees the goal, but not the network's experiments.
    anonymous = client_as("anonymous").get(url).content.decode()
    assert neet.title in anonymous
    assert "Fraværsteam" not in anonymous


def test_the_portfolio_shows_the_experiments_by_goal(client_as, world, goals):
    neet, school = goals
    lead = world.users["mission_lead"]
    services.experiment_update(experiment=running_experiment(world), by=lead, goals=[neet])
    services.experiment_update(experiment=experiment(world, title="Idé"), by=lead, goals=[neet])
    rows = dict(selectors.goal_experiment_counts(user=lead))
    assert rows[neet] == {"running": 1, "idea": 1}
    assert rows[school] == {}
    page = client_as("member").get(reverse("experiments:portfolio")).content.decode()
    assert "Forsøk etter mål i oppdraget" in page
    filtered = client_as("member").get(reverse("experiments:portfolio"), {"mal": neet.pk})
    assert filtered.status_code == 200
    assert "Idé" in filtered.content.decode()


def test_the_api_names_the_goals_and_indicators(client_as, world, goals):
    neet, _school = goals
    item = experiment(world)
    services.experiment_update(
        experiment=item, by=world.users["mission_lead"], goals=[neet], indicators=[neet.indicator]
    )
    data = client_as("member").get("/api/v1/experiments").json()
    items = data["items"] if isinstance(data, dict) else data
    found = next(row for row in items if row["id"] == item.pk)
    assert found["goals"] == [{"id": neet.pk, "title": neet.title}]
    assert found["indicators"] == ["neet-andel-15-29"]
