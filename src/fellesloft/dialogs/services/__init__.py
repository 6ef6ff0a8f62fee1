"""Every write to dialogs goes through these functions (keyword-only, one transaction each),
one module a concern.

Callers import from this package (`from fellesloft.dialogs import services`). Inside it the
imports go one way: `_common` (errors and helpers), `analyses` and `outcomes` import no
sibling, and the others build on those only – except `votes`, which also builds on
`participants` (a newcomer joins with their first answer), and `statements`, which writes
through `votes` (an author agrees with their own statement) – so the graph has no cycle.
"""

from fellesloft.dialogs.services._common import (
    DialogClosed,
    UnknownStatement,
    VoteRateLimited,
    normalise_statement_text,
    previous_phase,
    unique_dialog_slug,
)
from fellesloft.dialogs.services.analyses import analysis_save, request_analysis
from fellesloft.dialogs.services.dialogs import (
    DIALOG_FIELDS,
    dialog_close,
    dialog_create,
    dialog_phase_set,
    dialog_update,
    dialogs_announce_opening_and_closing,
)
from fellesloft.dialogs.services.imports import ImportedStatement, ImportedVote, dialog_import
from fellesloft.dialogs.services.outcomes import (
    OUTCOME_FIELDS,
    group_labels_of,
    outcome_create,
    outcome_delete,
    outcome_subscription_delete,
    outcome_subscription_mark_notified,
    outcome_subscription_set,
    outcome_target_model,
    outcome_update,
)
from fellesloft.dialogs.services.participants import (
    NewParticipant,
    participant_create,
    participant_describe,
    participant_for_token,
)
from fellesloft.dialogs.services.purges import participant_forget, participants_purge_expired
from fellesloft.dialogs.services.statements import (
    MAX_SEED_CSV_BYTES,
    MAX_SEED_STATEMENTS,
    dialogs_remind_moderators,
    find_near_duplicate,
    parse_seed_csv,
    parse_seed_lines,
    seed_statements_add,
    statement_moderate,
    statement_submit,
    statement_submitted_message,
    statements_reject_near_duplicates,
)
from fellesloft.dialogs.services.votes import (
    VOTE_LIMIT,
    VOTE_SQLITE_EVENT_SQL,
    VOTE_SQLITE_UPSERT_SQL,
    VOTE_SQLITE_VOTABLE_SQL,
    VOTES_POSTGRESQL_SQL,
    TokenVote,
    participant_join_with_vote,
    statement_skip,
    vote_cast,
    vote_submit,
    votes_submit,
    votes_write,
)

__all__ = [
    "participant_forget",
    "DIALOG_FIELDS",
    "DialogClosed",
    "ImportedStatement",
    "ImportedVote",
    "MAX_SEED_CSV_BYTES",
    "MAX_SEED_STATEMENTS",
    "NewParticipant",
    "OUTCOME_FIELDS",
    "TokenVote",
    "UnknownStatement",
    "VOTES_POSTGRESQL_SQL",
    "VOTE_LIMIT",
    "VOTE_SQLITE_EVENT_SQL",
    "VOTE_SQLITE_UPSERT_SQL",
    "VOTE_SQLITE_VOTABLE_SQL",
    "VoteRateLimited",
    "analysis_save",
    "dialog_close",
    "dialogs_announce_opening_and_closing",
    "dialog_create",
    "dialog_import",
    "dialog_phase_set",
    "dialog_update",
    "find_near_duplicate",
    "group_labels_of",
    "normalise_statement_text",
    "outcome_create",
    "outcome_delete",
    "outcome_subscription_delete",
    "outcome_subscription_mark_notified",
    "outcome_subscription_set",
    "outcome_target_model",
    "outcome_update",
    "parse_seed_csv",
    "parse_seed_lines",
    "participant_create",
    "participant_describe",
    "participant_for_token",
    "participant_join_with_vote",
    "participants_purge_expired",
    "previous_phase",
    "request_analysis",
    "seed_statements_add",
    "statement_moderate",
    "statements_reject_near_duplicates",
    "dialogs_remind_moderators",
    "statement_skip",
    "statement_submit",
    "statement_submitted_message",
    "unique_dialog_slug",
    "vote_cast",
    "vote_submit",
    "votes_submit",
    "votes_write",
]
