"""Who may do what in the learning network.

- Resources (webinars, reports) and network meetings are public; the notes, the
  registrations and the tasks of a meeting are for people with a role in the mission.
- A discussion (an organisation's answers to a resource's questions) is seen by the members
  of that organisation, and – when it is shared with the network – by everyone with a role.

Each condition is both the object predicate and the queryset filter (core.policy): the
resource page lists discussions with `visible(...)`, never a filter of its own.
"""

import rules

from fellesloft.core.policy import field, field_in_user, visibility
from fellesloft.learning.models import Discussion, DiscussionVisibility, NetworkMeeting, Resource
from fellesloft.organisations.rules import (
    anyone,
    is_coordinator_of_any_organisation,
    is_member_of_any_organisation,
    is_mission_lead,
    is_staff_user,
    is_superuser,
    organisation_ids_of,
)

is_member_of_discussion_organisation = field_in_user(
    "organisation_id", organisation_ids_of, name="is_member_of_discussion_organisation"
)
is_shared_discussion = field("visibility", DiscussionVisibility.SHARED, name="is_shared_discussion")
# A task is the user's when it is assigned to them or to one of their organisations.
is_task_owner = field_in_user("owner_id", lambda user: [user.pk], name="is_task_owner") | (
    field_in_user("organisation_id", organisation_ids_of, name="is_task_organisation_member")
)


visibility(Resource, "learning.view_resource", anyone)
rules.add_perm("learning.add_resource", is_mission_lead)
rules.add_perm("learning.change_resource", is_mission_lead)

rules.add_perm("learning.add_discussion", is_member_of_any_organisation)
visibility(
    Discussion,
    "learning.view_discussion",
    is_superuser | is_member_of_discussion_organisation | (is_shared_discussion & is_staff_user),
)
rules.add_perm("learning.change_discussion", is_member_of_discussion_organisation)

visibility(NetworkMeeting, "learning.view_meeting", anyone)
rules.add_perm("learning.view_meeting_notes", is_staff_user)
rules.add_perm("learning.add_meeting", is_mission_lead)
rules.add_perm("learning.change_meeting", is_mission_lead)
rules.add_perm("learning.register_meeting", is_staff_user)
# A coordinator assigns tasks from a meeting to people in the network, as the mission lead does.
rules.add_perm("learning.add_meeting_task", is_mission_lead | is_coordinator_of_any_organisation)
rules.add_perm("learning.add_meeting_question", is_mission_lead)
rules.add_perm("learning.record_attendance", is_mission_lead)
# The groups at a meeting write their answers: anyone with a role in the network.
rules.add_perm("learning.add_group_answer", is_staff_user)
rules.add_perm("learning.change_meeting_task", is_mission_lead | is_task_owner)
