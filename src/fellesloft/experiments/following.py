"""Experiments and learning cards may be followed and commented on («so another municipality
can ask»); their own policy decides who sees them, the team answers the comments."""

from fellesloft.experiments.models import Experiment, LearningCard
from fellesloft.experiments.selectors import experiment_team_users
from fellesloft.notifications.registry import followable

followable(
    Experiment,
    permission="experiments.view_experiment",
    commentable=True,
    team=experiment_team_users,
)
followable(
    LearningCard,
    permission="experiments.view_learning_card",
    commentable=True,
    team=lambda card: experiment_team_users(card.experiment),
)
