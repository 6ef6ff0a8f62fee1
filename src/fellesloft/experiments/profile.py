"""The experiments' sections on other pages. On a municipality's page: its experiments for the
network, its support hours for those who work there, and its published learning cards for
everyone. On a mission goal's page: the experiments serving the goal and their latest
evaluations."""

from django.utils.translation import gettext as _

from fellesloft.core.profile import ProfileSection, records
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


PERSONAL_DATA_FIELDS = (
    "experiments.Experiment.created_by",
    "experiments.ExperimentTeamMember.user",
    "experiments.ExperimentStatusChange.changed_by",
    "experiments.Sprint.evaluated_by",
    "experiments.SprintBarrierNote.noted_by",
    "experiments.SupportBudget.updated_by",
    "experiments.SupportEntry.created_by",
    "experiments.LearningCard.published_by",
    "experiments.LearningCard.created_by",
    "experiments.LearningCard.contact_person",
    "experiments.SupportEntry.given_by_person",
)


def personal_data(*, user) -> dict:

    return {
        "experiments_created": records(
            Experiment.objects.filter(created_by=user), "id", "title", "status", "created_at"
        ),
        "team_memberships": records(
            ExperimentTeamMember.objects.filter(user=user),
            "experiment_id",
            "experiment__title",
            "name",
            "organisation__name",
            "role",
        ),
        "status_changes": records(
            ExperimentStatusChange.objects.filter(changed_by=user),
            "experiment__title",
            "from_status",
            "to_status",
            "reason",
            "changed_at",
        ),
        "sprints_evaluated": records(
            Sprint.objects.filter(evaluated_by=user), "experiment__title", "number", "evaluated_at"
        ),
        "sprint_barrier_notes": records(
            SprintBarrierNote.objects.filter(noted_by=user),
            "sprint__experiment__title",
            "text",
            "noted_at",
        ),
        "support_budgets_updated": records(
            SupportBudget.objects.filter(updated_by=user),
            "municipality__name",
            "hours",
            "updated_at",
        ),
        "support_entries": records(
            SupportEntry.objects.filter(created_by=user),
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
        "support_given": records(
            SupportEntry.objects.filter(given_by_person=user),
            "municipality__name",
            "experiment__title",
            "date",
            "hours",
            "kind",
        ),
        "learning_cards_as_contact_person": records(
            LearningCard.objects.filter(contact_person=user), "id", "title"
        ),
        "learning_cards_created": records(
            LearningCard.objects.filter(created_by=user), "id", "title", "status", "created_at"
        ),
        "learning_cards_published": records(
            LearningCard.objects.filter(published_by=user), "id", "title", "published_at"
        ),
    }


def forget_user(*, user) -> None:
    """Before the account is deleted on the person's request (see `core.profile`)."""
    services.team_memberships_forget(user=user)
