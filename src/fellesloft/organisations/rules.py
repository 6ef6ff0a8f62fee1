"""Who may do what with organisations and memberships.

The predicates at the top are shared by every app's rules.py: import them from here.
Organisations are public (the list, the page, the API); who is a member is not.
"""

import rules
from django.db.models import Q, QuerySet

from fellesloft.accounts.models import GlobalRole
from fellesloft.core.policy import EVERYTHING, Condition, field_in_user, user_has, visibility
from fellesloft.organisations.models import MembershipRole, Organisation

# --- Which memberships count --------------------------------------------------------------
# A membership gives its rights while it is active and its person's account is: a coordinator
# deactivates a membership, the mission lead a whole account, and either way the person loses
# the organisation's rights at the next request. Every question about who belongs to an
# organisation comes through here; nothing else filters memberships by hand.


def membership_counts(path: str = "") -> Q:
    """The memberships that count, seen from a model that reaches them through `path`
    (e.g. `"memberships"` from an organisation; empty from a membership)."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}is_active": True, f"{prefix}user__is_active": True})


def counting_memberships(memberships: QuerySet) -> QuerySet:
    return memberships.filter(membership_counts())


def organisation_ids_of(user):
    """The user's organisations, as a subquery the database folds into a filter."""
    return counting_memberships(user.memberships.all()).values_list("organisation_id", flat=True)


def coordinated_organisation_ids_of(user):
    return (
        counting_memberships(user.memberships.all())
        .filter(role=MembershipRole.COORDINATOR)
        .values_list("organisation_id", flat=True)
    )


def organisations_of(user) -> QuerySet[Organisation]:
    """The organisations the user is a member of (none for a visitor)."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=organisation_ids_of(user))


def municipality_ids_of(user):
    """The municipalities of the user's organisations, as a subquery."""
    return (
        Organisation.objects.filter(pk__in=organisation_ids_of(user), municipality__isnull=False)
        .values_list("municipality_id", flat=True)
        .distinct()
    )


def coordinated_municipality_ids_of(user):
    """The municipalities of the organisations the user coordinates, as a subquery."""
    return (
        Organisation.objects.filter(
            pk__in=coordinated_organisation_ids_of(user), municipality__isnull=False
        )
        .values_list("municipality_id", flat=True)
        .distinct()
    )


def is_member(user, organisation) -> bool:
    """Whether the user acts for `organisation` (a member, coordinators included)."""
    if user is None or not user.is_authenticated or organisation is None:
        return False
    return organisation_ids_of(user).filter(organisation_id=organisation.pk).exists()


def has_any_membership(user) -> bool:
    """Whether the user belongs to any organisation. A caller that asks many rules at once may
    prefetch `memberships` (search does): the same rule is then read from the loaded rows."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    loaded = getattr(user, "_prefetched_objects_cache", {}).get("memberships")
    if loaded is not None:
        return any(membership.is_active for membership in loaded)
    return organisation_ids_of(user).exists()


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
is_member_of_any_organisation = user_has("is_member_of_any_organisation", has_any_membership)
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
# Closing or opening a whole account (all its organisations) is the mission lead's.
rules.add_perm("organisations.manage_accounts", is_mission_lead)
rules.add_perm("core.view_auditlog", is_mission_lead)
rules.add_perm("accounts.use_api_tokens", is_staff_user)
rules.add_perm("accounts.process_deletion_requests", is_mission_lead)
