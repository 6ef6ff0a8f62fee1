"""Who may see and do what with system barriers.

- Escalated barriers are public (the status page), without internal notes.
- A barrier that is not escalated yet is seen by people in the mission's organisations, so
  they can say «gjelder oss også»; not by visitors or users without an organisation.
- A barrier held for personal data is seen only by the mission lead and the reporting
  organisation until the mission lead releases it.
- Internal notes: the mission lead, the reporting organisation and – once escalated – the
  national partners.
- A trial application under forsøksloven (TrialApplication) is seen by whoever sees its
  barrier; it is drafted by the reporting organisation's members, for a barrier that is a rule
  (the mission lead assessed it as regulation, its category is a rule, or it was marked as a
  candidate for a trial) and is still open.
"""

import rules

from fellesloft.barriers.models import IS_PUBLIC, OPEN_STATUSES, Assessment, Barrier, Status
from fellesloft.barriers.reference import RULE_CATEGORY_SLUGS
from fellesloft.core.policy import field, field_in_user, visibility
from fellesloft.organisations.rules import (
    is_member_of_any_organisation,
    is_mission_lead,
    is_national_partner,
    organisation_ids_of,
)

is_member_of_reporting_organisation = field_in_user(
    "reporting_organisation_id", organisation_ids_of, name="is_member_of_reporting_organisation"
)
was_escalated = field("escalated_on__isnull", False, name="was_escalated")
is_held = field("is_held", True, name="is_held")
is_public_barrier = IS_PUBLIC
is_open = field("status__in", OPEN_STATUSES, name="is_open")
is_still_reported = field("status", Status.REPORTED, name="is_still_reported")
concerns_rule = (
    field("assessment__in", (Assessment.REGULATION, Assessment.CONFIDENTIALITY))
    | field("category__slug__in", RULE_CATEGORY_SLUGS)
    | field("trial_act_candidate", True)
)

can_view_barrier = (
    is_mission_lead
    | is_public_barrier
    | is_member_of_reporting_organisation
    | (~is_held & is_member_of_any_organisation)
)

# Who acts on a barrier: the mission lead moves it through every status (review, escalate,
# register the answer, resolve); an organisation that meets it too endorses it. «Mitt
# arbeid» (work.py) lists what waits for a user by these same conditions.
may_manage_barrier = is_mission_lead
may_endorse_barrier = is_member_of_any_organisation & ~is_held & is_open

visibility(Barrier, "barriers.view_barrier", can_view_barrier)
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
rules.add_perm("barriers.endorse_barrier", may_endorse_barrier)
rules.add_perm("barriers.manage_barrier", may_manage_barrier)
rules.add_perm("barriers.manage_themes", is_mission_lead)
rules.add_perm(
    "barriers.view_report", is_mission_lead | is_national_partner | is_member_of_any_organisation
)
# The object of the trial application's permissions is its barrier.
rules.add_perm(
    "barriers.draft_trial_application",
    is_member_of_reporting_organisation & concerns_rule & ~is_held & is_open,
)
