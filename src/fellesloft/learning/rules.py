"""Who may do what in the learning network."""

import rules

from fellesloft.organisations.rules import (
    is_member_of,
    is_member_of_any_organisation,
    is_mission_lead,
    is_staff_user,
)


@rules.predicate
def is_member_of_discussion_organisation(user, discussion) -> bool:
    return discussion is not None and is_member_of(user, discussion.organisation)


@rules.predicate
def is_shared_discussion(user, discussion) -> bool:
    return discussion is not None and discussion.is_shared


@rules.predicate
def is_task_owner(user, task) -> bool:
    return task is not None and user.is_authenticated and task.owner_id == user.pk


rules.add_perm("learning.view_resource", rules.always_allow)
rules.add_perm("learning.add_resource", is_mission_lead)
rules.add_perm("learning.change_resource", is_mission_lead)

rules.add_perm("learning.add_discussion", is_member_of_any_organisation)
rules.add_perm(
    "learning.view_discussion",
    is_member_of_discussion_organisation | (is_shared_discussion & is_staff_user),
)
rules.add_perm("learning.change_discussion", is_member_of_discussion_organisation)

rules.add_perm("learning.view_meeting", rules.always_allow)
rules.add_perm("learning.view_meeting_notes", is_staff_user)
rules.add_perm("learning.add_meeting", is_mission_lead)
rules.add_perm("learning.change_meeting", is_mission_lead)
rules.add_perm("learning.register_meeting", is_staff_user)
rules.add_perm("learning.add_meeting_task", is_mission_lead)
rules.add_perm("learning.change_meeting_task", is_mission_lead | is_task_owner)
