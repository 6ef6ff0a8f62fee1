"""Who may do what with measures.

The landscape is public: anyone may read it. A measure is kept up to date by its provider's
members and by the coordinators of the municipalities it is offered in (they map the whole
landscape, NAV and volunteers included); the mission lead may do everything.
"""

import rules

from fellesloft.organisations.models import MembershipRole
from fellesloft.organisations.rules import is_member_of_any_organisation, is_mission_lead


@rules.predicate
def is_member_of_provider(user, measure) -> bool:
    if not user.is_authenticated or measure is None:
        return False
    return user.memberships.filter(organisation_id=measure.provider_id).exists()


@rules.predicate
def coordinates_in_municipality_of(user, measure) -> bool:
    if not user.is_authenticated or measure is None:
        return False
    return user.memberships.filter(
        role=MembershipRole.COORDINATOR,
        organisation__municipality__in=measure.municipalities.all(),
    ).exists()


@rules.predicate
def is_municipal_coordinator(user) -> bool:
    return (
        user.is_authenticated
        and user.memberships.filter(
            role=MembershipRole.COORDINATOR, organisation__municipality__isnull=False
        ).exists()
    )


rules.add_perm("measures.view_measure", rules.always_allow)
rules.add_perm("measures.add_measure", is_mission_lead | is_member_of_any_organisation)
rules.add_perm(
    "measures.change_measure",
    is_mission_lead | is_member_of_provider | coordinates_in_municipality_of,
)
rules.add_perm("measures.import_measures", is_mission_lead | is_municipal_coordinator)
