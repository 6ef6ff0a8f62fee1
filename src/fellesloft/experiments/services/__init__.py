"""Every write to experiments, sprints, support hours and learning cards, one module a topic.

Each function checks the domain's rules and raises ServiceError with a Norwegian message
when one says no; nothing is half-written (each runs in one transaction). Permission checks
(who may call) are the caller's job through rules.py, except where the rule is part of the
domain itself (going past the support budget needs the mission lead).

Callers import from this package (`from fellesloft.experiments import services`); the
submodules import `_common` and never each other, so the graph has no cycle.
"""

from fellesloft.experiments.services.experiments import (
    EDITABLE_FIELDS,
    MINIMUM_SECTORS_TO_START,
    RELATION_FIELDS,
    TEXT_FIELDS_SCREENED,
    TRANSITIONS,
    experiment_change_status,
    experiment_create,
    experiment_partner_add,
    experiment_sectors,
    experiment_team_member_add,
    experiment_team_remove,
    experiment_update,
    team_memberships_forget,
)
from fellesloft.experiments.services.learning_cards import (
    CARD_FIELDS,
    CARD_TEXT_FIELDS,
    learning_card_create,
    learning_card_publish,
    learning_card_unpublish,
    learning_card_update,
)
from fellesloft.experiments.services.sprints import (
    SPRINT_DO_FIELDS,
    SPRINT_FIELDS,
    SPRINT_PLAN_FIELDS,
    SPRINT_TEXT_FIELDS,
    SUGGESTED_SPRINT_DAYS,
    barrier_note_mark_converted,
    sprint_barrier_note_add,
    sprint_create,
    sprint_evaluate,
    sprint_length_advice,
    sprint_update,
)
from fellesloft.experiments.services.support import (
    SUPPORT_WARNING_SHARE,
    parse_hours,
    support_budget_hours,
    support_budget_set,
    support_entry_delete,
    support_entry_log,
)

__all__ = [
    "team_memberships_forget",
    "CARD_FIELDS",
    "CARD_TEXT_FIELDS",
    "EDITABLE_FIELDS",
    "MINIMUM_SECTORS_TO_START",
    "RELATION_FIELDS",
    "SPRINT_DO_FIELDS",
    "SPRINT_FIELDS",
    "SPRINT_PLAN_FIELDS",
    "SPRINT_TEXT_FIELDS",
    "SUGGESTED_SPRINT_DAYS",
    "SUPPORT_WARNING_SHARE",
    "TEXT_FIELDS_SCREENED",
    "TRANSITIONS",
    "barrier_note_mark_converted",
    "experiment_change_status",
    "experiment_create",
    "experiment_partner_add",
    "experiment_sectors",
    "experiment_team_member_add",
    "experiment_team_remove",
    "experiment_update",
    "learning_card_create",
    "learning_card_publish",
    "learning_card_unpublish",
    "learning_card_update",
    "parse_hours",
    "sprint_barrier_note_add",
    "sprint_create",
    "sprint_evaluate",
    "sprint_length_advice",
    "sprint_update",
    "support_budget_hours",
    "support_budget_set",
    "support_entry_delete",
    "support_entry_log",
]
