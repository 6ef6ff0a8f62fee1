"""Who may see and do what with system barriers.

- Escalated barriers are public (the status page), without internal notes.
- A barrier that is not escalated yet is seen by people in the mission's organisations, so
  they can say «gjelder oss også»; not by visitors or users without an organisation.
- A barrier held for personal data is seen only by the mission lead and the reporting
  organisation until the mission lead releases it.
- Internal notes: the mission lead, the reporting organisation and – once escalated – the
  national partners.
"""

import rules

from fellesloft.organisations.rules import (
    is_member_of_any_organisation,
    is_mission_lead,
    is_national_partner,
)


@rules.predicate
def is_member_of_reporting_organisation(user, barrier) -> bool:
    if not user.is_authenticated or barrier is None:
        return False
    return user.memberships.filter(organisation_id=barrier.reporting_organisation_id).exists()


@rules.predicate
def is_public_barrier(user, barrier) -> bool:
    return barrier is not None and barrier.is_public


@rules.predicate
def is_held(user, barrier) -> bool:
    return barrier is not None and barrier.is_held


@rules.predicate
def was_escalated(user, barrier) -> bool:
    return barrier is not None and barrier.was_escalated


@rules.predicate
def is_open(user, barrier) -> bool:
    return barrier is not None and barrier.is_open


@rules.predicate
def is_still_reported(user, barrier) -> bool:
    return barrier is not None and barrier.status == "reported"


@rules.predicate
def is_authenticated(user) -> bool:
    return user.is_authenticated


can_view_barrier = (
    is_mission_lead
    | is_public_barrier
    | is_member_of_reporting_organisation
    | (~is_held & is_member_of_any_organisation)
)

rules.add_perm("barriers.view_barrier", can_view_barrier)
rules.add_perm(
    "barriers.view_internal_notes",
    is_mission_lead | is_member_of_reporting_organisation | (is_national_partner & was_escalated),
)
rules.add_perm("barriers.add_note", is_mission_lead | is_member_of_reporting_organisation)
rules.add_perm("barriers.add_barrier", is_member_of_any_organisation)
rules.add_perm(
    "barriers.change_barrier",
    is_mission_lead | (is_member_of_reporting_organisation & is_still_reported),
)
rules.add_perm(
    "barriers.link_barrier", is_mission_lead | (is_member_of_reporting_organisation & is_open)
)
rules.add_perm("barriers.endorse_barrier", is_member_of_any_organisation & ~is_held & is_open)
rules.add_perm("barriers.manage_barrier", is_mission_lead)
rules.add_perm("barriers.manage_themes", is_mission_lead)
rules.add_perm("barriers.manage_categories", is_mission_lead)
rules.add_perm(
    "barriers.view_report", is_mission_lead | is_national_partner | is_member_of_any_organisation
)
rules.add_perm("barriers.view_notifications", is_authenticated)
