"""A sprint has one evaluation – the initiative's three questions (issue 17, item 13: an
evaluated sprint also showed an empty «Evaluere –» above its three answers)."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fellesloft.experiments.models import Sprint
from tests.experiments.factories import evaluate, past_sprint, running_experiment

BEFORE = [("experiments", "0003_actors_optional")]
AFTER = [("experiments", "0004_sprint_evaluation_three_questions_only")]


@pytest.mark.django_db
def test_an_evaluated_sprint_shows_its_three_answers_and_no_empty_evaluation(world, client_as):
    item = running_experiment(world)
    evaluate(past_sprint(item))
    page = client_as("member").get(item.get_absolute_url()).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Evaluert" in text
    assert "Evaluere –" not in text and "Evaluere" not in text.replace("Evaluert", "")
    for question, answer in [
        ("Hva fungerte?", "Elevene møtte opp."),
        ("Hva justerer vi?", "Møtetidspunktet."),
        ("Hva tar vi med videre?", "Fast kontaktperson."),
    ]:
        assert f"{question} {answer}" in text
    field_names = {field.name for field in Sprint._meta.get_fields()}
    assert not {"study_results", "study_learning"} & field_names


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_what_was_written_in_the_old_evaluation_fields(world):
    item = running_experiment(world)
    sprint = past_sprint(item)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps.get_model("experiments", "Sprint")
        old.objects.filter(pk=sprint.pk).update(
            what_worked="Oppmøtet",
            study_results="Flere kom enn vi trodde.",
            study_learning="Kveldstid passer best.",
        )
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
    sprint.refresh_from_db()
    assert sprint.what_worked == "Oppmøtet\n\nFlere kom enn vi trodde."
    assert sprint.what_to_take_forward == "Kveldstid passer best."
