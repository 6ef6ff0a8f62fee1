"""Who may do what with experiments, sprints, support hours and learning cards.

The team of an experiment is everyone who is a member of the owner organisation or of a
partner organisation, plus the people listed in the team with a user account. The team
writes sprints and learning cards; the owner's coordinator moves the status and publishes;
the mission lead may do everything and alone sets budgets and approves going past them.

Each condition below is both the object predicate and the queryset filter (core.policy):
the portfolio, «my experiments», the support overview's links and the card lists ask these,
never a filter of their own.
"""

import rules

from fellesloft.core.policy import field, field_in_user, related, visibility
from fellesloft.experiments.models import Experiment, LearningCard, LearningCardStatus
from fellesloft.organisations.rules import (
    coordinated_municipality_ids_of,
    coordinated_organisation_ids_of,
    is_mission_lead,
    is_national_partner,
    is_staff_user,
    municipality_ids_of,
    organisation_ids_of,
)


def _own_user_id(user) -> list[int]:
    return [user.pk]


# --- About an experiment ---------------------------------------------------------------------

is_experiment_team_member = (
    field_in_user("owner_organisation_id", organisation_ids_of)
    | field_in_user("partners__organisation_id", organisation_ids_of)
    | field_in_user("team_members__user_id", _own_user_id)
)
is_experiment_owner_coordinator = field_in_user(
    "owner_organisation_id",
    coordinated_organisation_ids_of,
    name="is_experiment_owner_coordinator",
)

# --- About a municipality (its support log) --------------------------------------------------

works_in_municipality = field_in_user("pk", municipality_ids_of, name="works_in_municipality")
coordinates_in_municipality = field_in_user(
    "pk", coordinated_municipality_ids_of, name="coordinates_in_municipality"
)

# --- About a learning card -------------------------------------------------------------------

is_published_card = field("status", LearningCardStatus.PUBLISHED, name="is_published_card")
is_card_team_member = related("experiment", is_experiment_team_member, name="is_card_team_member")
is_card_owner_coordinator = related(
    "experiment", is_experiment_owner_coordinator, name="is_card_owner_coordinator"
)


# Experiments and the portfolio are the network's working space: everyone logged in with a
# role in the mission sees them; learning cards are the public face.
can_view_experiment = visibility(Experiment, "experiments.view_experiment", is_staff_user)
rules.add_perm("experiments.view_portfolio", is_staff_user)
rules.add_perm("experiments.add_experiment", is_staff_user & ~is_national_partner)
rules.add_perm("experiments.change_experiment", is_mission_lead | is_experiment_team_member)
rules.add_perm("experiments.manage_team", is_mission_lead | is_experiment_owner_coordinator)
rules.add_perm("experiments.change_status", is_mission_lead | is_experiment_owner_coordinator)
rules.add_perm("experiments.write_sprint", is_mission_lead | is_experiment_team_member)
rules.add_perm("experiments.add_learning_card", is_mission_lead | is_experiment_team_member)
# A draft is seen by those who may write it: the team and the mission lead, who may also edit
# and publish it (the experiment page lists drafts to both).
can_view_learning_card = visibility(
    LearningCard,
    "experiments.view_learning_card",
    is_published_card | is_mission_lead | is_card_team_member,
)
rules.add_perm("experiments.change_learning_card", is_mission_lead | is_card_team_member)
rules.add_perm("experiments.publish_learning_card", is_mission_lead | is_card_owner_coordinator)
# A card's contact person is named to the network, not to every visitor of the public card.
rules.add_perm("experiments.see_card_contact", is_staff_user)
# One municipality's support log (who gave what, notes) stays with the municipality and the
# mission lead. The object is a Municipality, whose own visibility is the organisations app's,
# so this is a condition the overview filters its links with, not a declared visibility.
can_view_support_log = is_mission_lead | works_in_municipality
rules.add_perm("experiments.view_support", can_view_support_log)
rules.add_perm("experiments.log_support", is_mission_lead | coordinates_in_municipality)
rules.add_perm("experiments.set_support_budget", is_mission_lead)
rules.add_perm("experiments.override_support_budget", is_mission_lead)
# Hours used and left per municipality are part of the portfolio the network follows.
rules.add_perm("experiments.view_support_overview", is_staff_user)
