"""The experiments' sections on other pages. On a municipality's page: its experiments for the
network, its support hours for those who work there, and its published learning cards for
everyone. On a mission goal's page: the experiments serving the goal and their latest
evaluations."""

from django.utils.translation import gettext as _

from fellesloft.core.profile import PersonalRecords, ProfileSection, first_and_count
from fellesloft.experiments import selectors, services
from fellesloft.experiments.models import (
    Experiment,
    ExperimentStatusChange,
    ExperimentTeamMember,
    LearningCard,
    Sprint,
    SprintBarrierNote,
    SupportBudget,
    SupportEntry,
)

SHOWN = 10


def municipality_section(*, municipality, user) -> ProfileSection | None:
    experiments = None
    experiment_count = 0
    if user.has_perm("experiments.view_experiment"):
        queryset = selectors.experiments_for_municipality(municipality=municipality, user=user)
        experiments, experiment_count = first_and_count(queryset, SHOWN)
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


PERSONAL_DATA = (
    PersonalRecords(
        "experiments_created",
        Experiment,
        "created_by",
        columns=("id", "title", "status", "created_at"),
    ),
    PersonalRecords(
        "team_memberships",
        ExperimentTeamMember,
        "user",
        columns=("experiment_id", "experiment__title", "name", "organisation__name", "role"),
    ),
    PersonalRecords(
        "status_changes",
        ExperimentStatusChange,
        "changed_by",
        columns=("experiment__title", "from_status", "to_status", "reason", "changed_at"),
    ),
    PersonalRecords(
        "sprints_evaluated",
        Sprint,
        "evaluated_by",
        columns=("experiment__title", "number", "evaluated_at"),
    ),
    PersonalRecords(
        "sprint_barrier_notes",
        SprintBarrierNote,
        "noted_by",
        columns=("sprint__experiment__title", "text", "noted_at"),
    ),
    PersonalRecords(
        "support_budgets_updated",
        SupportBudget,
        "updated_by",
        columns=("municipality__name", "hours", "updated_at"),
    ),
    PersonalRecords(
        "support_entries",
        SupportEntry,
        "created_by",
        columns=(
            "municipality__name",
            "experiment__title",
            "date",
            "hours",
            "kind",
            "given_by_person__email",
            "given_by_organisation__name",
            "notes",
            "created_at",
        ),
    ),
    PersonalRecords(
        "support_given",
        SupportEntry,
        "given_by_person",
        columns=("municipality__name", "experiment__title", "date", "hours", "kind"),
    ),
    PersonalRecords(
        "learning_cards_as_contact_person", LearningCard, "contact_person", columns=("id", "title")
    ),
    PersonalRecords(
        "learning_cards_created",
        LearningCard,
        "created_by",
        columns=("id", "title", "status", "created_at"),
    ),
    PersonalRecords(
        "learning_cards_published",
        LearningCard,
        "published_by",
        columns=("id", "title", "published_at"),
    ),
)


def forget_user(*, user) -> None:
    """Before the account is deleted on the person's request (see `core.profile`)."""
    services.team_memberships_forget(user=user)
