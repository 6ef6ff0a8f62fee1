"""Who may do what with measures.

The landscape is public: anyone may read it. A measure is kept up to date by its provider's
members and by the coordinators of the municipalities it is offered in (they map the whole
landscape, NAV and volunteers included); the mission lead may do everything. Registering a
measure (by hand or by import) is bounded by `Scope`: the user's own organisations as
provider, or any provider for a measure offered only where the user coordinates.
"""

from dataclasses import dataclass

import rules

from fellesloft.core.policy import field, field_in_user, user_has, visibility
from fellesloft.measures.models import Measure
from fellesloft.organisations.rules import (
    anyone,
    coordinated_municipality_ids_of,
    is_member_of,
    is_member_of_any_organisation,
    is_mission_lead,
    organisation_ids_of,
)

is_member_of_provider = field_in_user(
    "provider_id", organisation_ids_of, name="is_member_of_provider"
)
coordinates_in_municipality_of = field_in_user(
    "municipalities", coordinated_municipality_ids_of, name="coordinates_in_municipality_of"
)
is_municipal_coordinator = user_has(
    "is_municipal_coordinator",
    lambda user: user.is_authenticated and coordinated_municipality_ids_of(user).exists(),
)
# The object is a measure import.
is_own_import = field_in_user("created_by_id", lambda user: [user.pk], name="is_own_import")
# The object is an organisation the user may name as a measure's provider: their own, one in
# a municipality where they coordinate, or one that is not local (NAV, the county, volunteers).
may_name_as_provider = (
    is_mission_lead
    | is_member_of
    | field_in_user("municipality_id", coordinated_municipality_ids_of)
    | field("municipality__isnull", True, name="is_not_local")
)

visibility(Measure, "measures.view_measure", anyone)
rules.add_perm("measures.add_measure", is_mission_lead | is_member_of_any_organisation)
rules.add_perm(
    "measures.change_measure",
    is_mission_lead | is_member_of_provider | coordinates_in_municipality_of,
)
rules.add_perm("measures.import_measures", is_mission_lead | is_municipal_coordinator)
# An import's preview, confirmation and cancellation: the one who uploaded it, while they may
# still import, and the mission lead.
rules.add_perm(
    "measures.handle_import", is_mission_lead | (is_municipal_coordinator & is_own_import)
)


@dataclass(frozen=True)
class Scope:
    """Which measures a user may register: any, those of their own organisations, or any
    measure offered only in municipalities where they coordinate. Checked for every row of
    an import, so it is read once per user, not asked per row."""

    everything: bool = False
    provider_ids: frozenset[int] = frozenset()
    municipality_ids: frozenset[int] = frozenset()

    def allows(self, *, provider_id: int, municipality_ids) -> bool:
        if self.everything or provider_id in self.provider_ids:
            return True
        wanted = set(municipality_ids)
        return bool(wanted) and wanted <= self.municipality_ids


def user_scope(*, user) -> Scope:
    if not user.is_authenticated:
        return Scope()
    if is_mission_lead(user):
        return Scope(everything=True)
    return Scope(
        provider_ids=frozenset(organisation_ids_of(user)),
        municipality_ids=frozenset(coordinated_municipality_ids_of(user)),
    )
