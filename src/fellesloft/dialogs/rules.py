"""Who may do what with dialogs.

Facilitators are the members of the organisation that runs the dialog. Moderators (global role)
and the mission lead moderate every dialog. Anybody may take part in an open dialog.

- The dialog list shows the open dialogs to everybody and every dialog to those who moderate
  it (`view_dialog`). The participation page itself is reached by its link, open or not.
- Results and the report: those who moderate the dialog, and everybody once the facilitators
  made the results public (`may_see_results`, also the flag on lists of dialogs).
- «Dette skjedde videre» (the dialog's outcomes) is part of its results: seen by whoever may
  see the results (the pages, the report and the API ask `dialogs.view_results`; lists of
  outcomes, e.g. on an experiment's page, `visible()` with the same rule through the dialog).
  Those who manage the dialog add, change and delete them.
"""

import rules

from fellesloft.core.policy import field, field_in_user, related, visibility
from fellesloft.dialogs.models import Dialog, DialogOutcome
from fellesloft.dialogs.participation import IS_OPEN
from fellesloft.organisations.rules import (
    is_member_of_any_organisation,
    is_mission_lead,
    is_moderator,
    organisation_ids_of,
)

is_facilitator = field_in_user("organisation_id", organisation_ids_of, name="is_facilitator")
results_are_public = field("results_public", True, name="results_are_public")
is_open = IS_OPEN

may_manage = is_mission_lead | is_facilitator
may_moderate = may_manage | is_moderator
may_see_results = may_moderate | results_are_public

visibility(Dialog, "dialogs.view_dialog", is_open | may_moderate)
rules.add_perm("dialogs.add_dialog", is_mission_lead | is_member_of_any_organisation)
rules.add_perm("dialogs.change_dialog", may_manage)
rules.add_perm("dialogs.moderate_dialog", may_moderate)
rules.add_perm(
    "dialogs.use_moderation_queue", is_moderator | is_mission_lead | is_member_of_any_organisation
)
rules.add_perm("dialogs.view_results", may_see_results)
rules.add_perm("dialogs.view_report", may_see_results)
visibility(
    DialogOutcome,
    "dialogs.view_dialogoutcome",
    related("dialog", may_see_results, name="outcome_dialog_results_visible"),
)
rules.add_perm("dialogs.manage_outcomes", may_manage)
# «Følg» (the notifications app asks this before it tells a follower anything): while the
# dialog is open, and afterwards for whoever may see its results.
rules.add_perm("dialogs.follow_dialog", is_open | may_see_results)
