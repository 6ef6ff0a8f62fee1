"""Experiments, their sprints and learning cards in the site-wide search
(see fellesloft.search.registry).

- Experiments: the network's working space (experiments.view_experiment).
- A sprint is a part of its experiment's page: seen by whoever may see the experiment.
- Learning cards: by experiments.view_learning_card; only published cards are indexed
  (drafts stay with the team).
"""

from django.utils.translation import gettext_lazy as _

from fellesloft.experiments.models import (
    Experiment,
    LearningCard,
    LearningCardStatus,
    Sprint,
)
from fellesloft.experiments.services.experiments import DESCRIPTION_FIELDS
from fellesloft.search import SearchSource

EXPERIMENT_FIELDS = [
    *DESCRIPTION_FIELDS,
    lambda experiment: experiment.owner_organisation.name,
    lambda experiment: experiment.municipality.name,
    lambda experiment: experiment.get_status_display(),
]

SPRINT_FIELDS = [
    "plan_change",
    "plan_prediction",
    "plan_data",
    "do_what_happened",
    "do_observations",
    "act_notes",
    "what_worked",
    "what_to_adjust",
    "what_to_take_forward",
]


def _sprint_title(sprint: Sprint) -> str:
    return str(
        _("Sprint %(number)s: %(experiment)s")
        % {"number": sprint.number, "experiment": sprint.experiment.title}
    )


def _sprint_summary(sprint: Sprint) -> str:
    for name in ("what_to_take_forward", "what_worked", "do_what_happened", "plan_change"):
        if getattr(sprint, name):
            return getattr(sprint, name)
    return ""


SOURCES = [
    SearchSource(
        key="experiment",
        model=Experiment,
        label=_("Forsøk"),
        fields=EXPERIMENT_FIELDS,
        permission="experiments.view_experiment",
        municipality=lambda experiment: experiment.municipality_id,
        themes=lambda experiment: experiment.need_themes.all(),
        date=lambda experiment: experiment.updated_at,
        summary=lambda experiment: experiment.challenge,
        queryset=lambda: Experiment.objects.select_related(
            "municipality", "owner_organisation"
        ).prefetch_related("need_themes"),
    ),
    SearchSource(
        key="sprint",
        model=Sprint,
        label=_("Sprinter"),
        fields=SPRINT_FIELDS,
        title=_sprint_title,
        url=lambda sprint: f"{sprint.experiment.get_absolute_url()}#sprint-{sprint.number}",
        permission="experiments.view_experiment",
        visible_through="experiment",
        municipality=lambda sprint: sprint.experiment.municipality_id,
        themes=lambda sprint: sprint.experiment.need_themes.all(),
        date=lambda sprint: sprint.updated_at,
        summary=_sprint_summary,
        queryset=lambda: Sprint.objects.select_related("experiment").prefetch_related(
            "experiment__need_themes"
        ),
        depends_on={Experiment: lambda experiment: experiment.sprints.all()},
    ),
    SearchSource(
        key="learning_card",
        model=LearningCard,
        label=_("Læringskort"),
        fields=[
            "hypothesis",
            "observation",
            "learning",
            "decision",
            lambda card: card.experiment.title,
        ],
        permission="experiments.view_learning_card",
        include=lambda card: card.status == LearningCardStatus.PUBLISHED,
        municipality=lambda card: card.experiment.municipality_id,
        themes=lambda card: card.experiment.need_themes.all(),
        date=lambda card: card.published_at or card.updated_at,
        feed_date=lambda card: card.published_at,
        summary=lambda card: card.learning,
        queryset=lambda: LearningCard.objects.select_related("experiment").prefetch_related(
            "experiment__need_themes"
        ),
        depends_on={Experiment: lambda experiment: experiment.learning_cards.all()},
    ),
]
