"""The experiments' section on a municipality's page: its experiments for the network,
its support hours for those who work there, and its published learning cards for everyone."""

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
