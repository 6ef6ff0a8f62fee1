"""Who may do what with organisations and memberships.

The predicates at the top are shared by every app's rules.py: import them from here.
"""

import rules

from fellesloft.accounts.models import GlobalRole
from fellesloft.organisations.models import MembershipRole


@rules.predicate
def is_mission_lead(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.global_role == GlobalRole.MISSION_LEAD
    )


@rules.predicate
def is_moderator(user) -> bool:
    return user.is_authenticated and user.global_role == GlobalRole.MODERATOR


@rules.predicate
def is_national_partner(user) -> bool:
    return user.is_authenticated and user.global_role == GlobalRole.NATIONAL_PARTNER


@rules.predicate
def is_member_of_any_organisation(user) -> bool:
    return user.is_authenticated and user.memberships.exists()


@rules.predicate
def is_member_of(user, organisation) -> bool:
    if not user.is_authenticated or organisation is None:
        return False
    return user.memberships.filter(organisation=organisation).exists()


@rules.predicate
def is_coordinator_of(user, organisation) -> bool:
    if not user.is_authenticated or organisation is None:
        return False
    return user.memberships.filter(
        organisation=organisation, role=MembershipRole.COORDINATOR
    ).exists()


is_staff_user = is_mission_lead | is_moderator | is_national_partner | is_member_of_any_organisation

rules.add_perm("organisations.view_organisation", rules.always_allow)
rules.add_perm("organisations.add_organisation", is_mission_lead)
rules.add_perm("organisations.change_organisation", is_mission_lead | is_coordinator_of)
rules.add_perm("organisations.manage_members", is_mission_lead | is_coordinator_of)
rules.add_perm("organisations.view_members", is_mission_lead | is_member_of)
rules.add_perm("core.view_auditlog", is_mission_lead)
rules.add_perm("accounts.use_api_tokens", is_staff_user)
