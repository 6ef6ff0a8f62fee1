"""The experiments' sections on other pages. On a municipality's page: its experiments for the
network, its support hours for those who work there, and its published learning cards for
everyone. On a mission goal's page: the experiments serving the goal and their latest
evaluations."""

from django.utils.translation import gettext as _

from fellesloft.core.profile import ProfileSection
from fellesloft.experiments import selectors

SHOWN = 10


def municipality_section(*, municipality, user) -> ProfileSection | None:
    experiments = None
    experiment_count = 0
    if user.has_perm("experiments.view_experiment"):
        queryset = selectors.experiments_for_municipality(municipality=municipality, user=user)
        experiments = list(queryset[:SHOWN])
        experiment_count = queryset.count() if len(experiments) == SHOWN else len(experiments)
    support = (
        selectors.support_status(municipality=municipality)
        if user.has_perm("experiments.view_support", municipality)
        else None
    )
    cards = list(selectors.published_learning_cards(municipality=municipality)[:5])
    return ProfileSection(
        title=_("Forsøk og læring"),
        template="experiments/profile_section.html",
        context={
            "municipality": municipality,
            "experiments": experiments,
            "experiment_count": experiment_count,
            "support": support,
            "cards": cards,
        },
        order=30,
    )


def goal_section(*, goal, user) -> ProfileSection | None:
    return ProfileSection(
        title=_("Forsøk som skal bidra til målet"),
        template="experiments/goal_section.html",
        context={"goal": goal, "experiments": selectors.experiments_for_goal(goal=goal, user=user)},
        order=20,
    )
