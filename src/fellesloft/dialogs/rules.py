"""Who may do what with dialogs.

Facilitators are the members of the organisation that runs the dialog. Moderators (global role)
and the mission lead moderate every dialog. Anybody may take part in an open dialog.
"""

import rules

from fellesloft.organisations.rules import (
    is_member_of_any_organisation,
    is_mission_lead,
    is_moderator,
)


@rules.predicate
def is_facilitator(user, dialog) -> bool:
    if not user.is_authenticated or dialog is None:
        return False
    return user.memberships.filter(organisation_id=dialog.organisation_id).exists()


@rules.predicate
def results_are_public(user, dialog) -> bool:
    return dialog is not None and dialog.results_public


may_manage = is_mission_lead | is_facilitator
may_moderate = may_manage | is_moderator

rules.add_perm("dialogs.add_dialog", is_mission_lead | is_member_of_any_organisation)
rules.add_perm("dialogs.change_dialog", may_manage)
rules.add_perm("dialogs.moderate_dialog", may_moderate)
rules.add_perm(
    "dialogs.use_moderation_queue", is_moderator | is_mission_lead | is_member_of_any_organisation
)
rules.add_perm("dialogs.view_results", may_moderate | results_are_public)
rules.add_perm("dialogs.view_report", may_moderate | results_are_public)
