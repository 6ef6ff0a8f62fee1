"""Who may do what with organisations and memberships.

The predicates at the top are shared by every app's rules.py: import them from here.
Organisations are public (the list, the page, the API); who is a member is not.
"""

import rules

from fellesloft.accounts.models import GlobalRole
from fellesloft.core.policy import EVERYTHING, Condition, field_in_user, user_has, visibility
from fellesloft.organisations.models import MembershipRole, Organisation


def organisation_ids_of(user):
    """The user's organisations, as a subquery the database folds into a filter."""
    return user.memberships.values_list("organisation_id", flat=True)


def coordinated_organisation_ids_of(user):
    return user.memberships.filter(role=MembershipRole.COORDINATOR).values_list(
        "organisation_id", flat=True
    )


def _has_role(role: GlobalRole):
    return lambda user: user.is_authenticated and user.global_role == role


# Every visitor, logged in or not, and a reader who is nobody in particular (`user=None`).
anyone = Condition(lambda user, obj: True, lambda user: EVERYTHING, "anyone")
is_authenticated = user_has("is_authenticated", lambda user: user.is_authenticated)
# Django grants an active superuser every permission before asking any rule; a list that
# should show a superuser what the detail page opens says the same with this.
is_superuser = user_has(
    "is_superuser", lambda user: user.is_authenticated and user.is_active and user.is_superuser
)
# The role itself is defined once, on the user (`User.is_mission_lead`): forms and services
# that ask a user directly read the same property.
is_mission_lead = user_has(
    "is_mission_lead", lambda user: user.is_authenticated and user.is_mission_lead
)
is_moderator = user_has("is_moderator", _has_role(GlobalRole.MODERATOR))
is_national_partner = user_has("is_national_partner", _has_role(GlobalRole.NATIONAL_PARTNER))
is_member_of_any_organisation = user_has(
    "is_member_of_any_organisation",
    lambda user: user.is_authenticated and user.memberships.exists(),
)
is_coordinator_of_any_organisation = user_has(
    "is_coordinator_of_any_organisation",
    lambda user: user.is_authenticated and coordinated_organisation_ids_of(user).exists(),
)
# The object is an organisation.
is_member_of = field_in_user("pk", organisation_ids_of, name="is_member_of")
is_coordinator_of = field_in_user("pk", coordinated_organisation_ids_of, name="is_coordinator_of")


is_staff_user = is_mission_lead | is_moderator | is_national_partner | is_member_of_any_organisation

visibility(Organisation, "organisations.view_organisation", anyone)
rules.add_perm("organisations.add_organisation", is_mission_lead)
rules.add_perm("organisations.change_organisation", is_mission_lead | is_coordinator_of)
rules.add_perm("organisations.manage_members", is_mission_lead | is_coordinator_of)
rules.add_perm("organisations.view_members", is_mission_lead | is_member_of)
rules.add_perm("core.view_auditlog", is_mission_lead)
rules.add_perm("accounts.use_api_tokens", is_staff_user)
rules.add_perm("accounts.process_deletion_requests", is_mission_lead)
