"""Every write to barriers, one module a topic. Keyword-only, typed, one transaction each.

Permission checks belong to the caller (views and API check `has_perm`); these functions
enforce the domain's rules: the state machine, the screening for personal data, who may
endorse, what a merge moves.

Callers import from this package (`from fellesloft.barriers import services`). Inside it the
imports go one way: `_common` imports no sibling, `notifications` only `_common` (and the
notifications app's services), and
`reporting`, `transitions` and `linking` build on those, so the graph has no cycle;
`trial_applications` (forsøkssøknader) imports only `_common`; `follow_up` builds on
`_common` and `notifications`.
"""

from fellesloft.barriers.services.endorsements import barrier_endorse, endorsement_withdraw
from fellesloft.barriers.services.follow_up import barrier_follow_up_reminders
from fellesloft.barriers.services.linking import barrier_report_from_sprint_note, barrier_set_links
from fellesloft.barriers.services.notifications import (
    followers,
    mission_leads,
)
from fellesloft.barriers.services.reporting import (
    TITLE_MAX,
    barrier_release,
    barrier_report,
    barrier_update,
)
from fellesloft.barriers.services.themes import (
    barrier_note_add,
    barrier_set_theme,
    theme_save,
    theme_set_barriers,
)
from fellesloft.barriers.services.transitions import (
    PACKAGE_STATUSES,
    barrier_answer,
    barrier_close,
    barrier_escalate,
    barrier_merge,
    barrier_resolve,
    barrier_review,
    barrier_transition,
    theme_escalate,
)
from fellesloft.barriers.services.trial_applications import (
    APPLICATION_FIELDS,
    EVIDENCE_FIELDS,
    trial_application_save,
    trial_application_set_step,
    trial_deviation_add,
    trial_deviation_remove,
)

__all__ = [
    "APPLICATION_FIELDS",
    "EVIDENCE_FIELDS",
    "PACKAGE_STATUSES",
    "TITLE_MAX",
    "barrier_answer",
    "barrier_close",
    "barrier_endorse",
    "barrier_follow_up_reminders",
    "barrier_escalate",
    "barrier_merge",
    "barrier_note_add",
    "barrier_release",
    "barrier_report",
    "barrier_report_from_sprint_note",
    "barrier_resolve",
    "barrier_review",
    "barrier_set_links",
    "barrier_set_theme",
    "barrier_transition",
    "barrier_update",
    "endorsement_withdraw",
    "followers",
    "mission_leads",
    "theme_escalate",
    "theme_save",
    "theme_set_barriers",
    "trial_application_save",
    "trial_application_set_step",
    "trial_deviation_add",
    "trial_deviation_remove",
]
