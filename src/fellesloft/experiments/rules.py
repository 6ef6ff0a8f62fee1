"""Who may do what with experiments, sprints, support hours and learning cards.

The team of an experiment is everyone who is a member of the owner organisation or of a
partner organisation, plus the people listed in the team with a user account. The team
writes sprints and learning cards; the owner's coordinator moves the status and publishes;
the mission lead may do everything and alone sets budgets and approves going past them.
"""

import rules

from fellesloft.organisations.models import Membership, MembershipRole
from fellesloft.organisations.rules import (
    is_mission_lead,
    is_national_partner,
    is_staff_user,
)


def _team_organisation_ids(experiment) -> list[int]:
    ids = {experiment.owner_organisation_id}
    ids.update(partner.organisation_id for partner in experiment.partners.all())
    return list(ids)


@rules.predicate
def is_experiment_team_member(user, experiment) -> bool:
    if not user.is_authenticated or experiment is None:
        return False
    if Membership.objects.filter(
        user=user, organisation_id__in=_team_organisation_ids(experiment)
    ).exists():
        return True
    return experiment.team_members.filter(user=user).exists()


@rules.predicate
def is_experiment_owner_coordinator(user, experiment) -> bool:
    if not user.is_authenticated or experiment is None:
        return False
    return Membership.objects.filter(
        user=user,
        organisation_id=experiment.owner_organisation_id,
        role=MembershipRole.COORDINATOR,
    ).exists()


@rules.predicate
def works_in_municipality(user, municipality) -> bool:
    if not user.is_authenticated or municipality is None:
        return False
    return Membership.objects.filter(user=user, organisation__municipality=municipality).exists()


@rules.predicate
def coordinates_in_municipality(user, municipality) -> bool:
    if not user.is_authenticated or municipality is None:
        return False
    return Membership.objects.filter(
        user=user, organisation__municipality=municipality, role=MembershipRole.COORDINATOR
    ).exists()


@rules.predicate
def is_published_card(user, card) -> bool:
    return card is not None and card.status == "published"


@rules.predicate
def is_card_team_member(user, card) -> bool:
    return card is not None and is_experiment_team_member(user, card.experiment)


@rules.predicate
def is_card_owner_coordinator(user, card) -> bool:
    return card is not None and is_experiment_owner_coordinator(user, card.experiment)


# Experiments and the portfolio are the network's working space: everyone logged in with a
# role in the mission sees them; learning cards are the public face.
rules.add_perm("experiments.view_experiment", is_staff_user)
rules.add_perm("experiments.view_portfolio", is_staff_user)
rules.add_perm("experiments.add_experiment", is_staff_user & ~is_national_partner)
rules.add_perm("experiments.change_experiment", is_mission_lead | is_experiment_team_member)
rules.add_perm("experiments.manage_team", is_mission_lead | is_experiment_owner_coordinator)
rules.add_perm("experiments.change_status", is_mission_lead | is_experiment_owner_coordinator)
rules.add_perm("experiments.write_sprint", is_mission_lead | is_experiment_team_member)
rules.add_perm("experiments.add_learning_card", is_mission_lead | is_experiment_team_member)
rules.add_perm("experiments.view_learning_card", is_published_card | is_card_team_member)
rules.add_perm("experiments.change_learning_card", is_mission_lead | is_card_team_member)
rules.add_perm("experiments.publish_learning_card", is_mission_lead | is_card_owner_coordinator)
rules.add_perm("experiments.view_support", is_mission_lead | works_in_municipality)
rules.add_perm("experiments.log_support", is_mission_lead | coordinates_in_municipality)
rules.add_perm("experiments.set_support_budget", is_mission_lead)
rules.add_perm("experiments.override_support_budget", is_mission_lead)
# Hours used and left per municipality are part of the portfolio the network follows; the
# log itself (who gave what, notes) stays with the municipality and the mission lead.
rules.add_perm("experiments.view_support_overview", is_staff_user)
