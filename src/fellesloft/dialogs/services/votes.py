"""Votes and skips: the vote write (the product's hot path) and the one decision on a
submitted vote, whichever way it came in."""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.dialogs import participation, ratelimit
from fellesloft.dialogs.models import Dialog, Participant, Skip, Statement, Vote, VoteValue
from fellesloft.dialogs.services._common import DialogClosed, UnknownStatement, VoteRateLimited
from fellesloft.dialogs.services.analyses import request_analysis
from fellesloft.dialogs.services.participants import NewParticipant, participant_create
from fellesloft.organisations.models import Sector

# --- votes ---------------------------------------------------------------------------------------


def _votable_statement_id(*, dialog: Dialog, statement_id) -> int:
    try:
        statement_id = int(statement_id)
    except (TypeError, ValueError):
        raise UnknownStatement from None
    found = Statement.objects.filter(participation.votable_filter(dialog), pk=statement_id).exists()
    if not found:
        raise UnknownStatement
    return statement_id


@dataclass(frozen=True)
class TokenVote:
    """A vote as a participant's client sends it: the dialog's slug, the hash of the
    participant's token, the statement and the value (a `VoteValue`)."""

    dialog_slug: str
    token_hash: str
    statement_id: int
    value: int


# The vote write in SQL (the product's hot path). A vote is written only when the token belongs
# to a participant of that dialog, the dialog is open and the statement can be voted on (both
# as `participation` defines them, built into the SQL by `participation.vote_target_sql` for
# both databases) and the value differs from the participant's earlier vote; every write also
# appends to the event log. On PostgreSQL one statement writes a whole batch (a data-modifying
# CTE over arrays: atomic without BEGIN/COMMIT, one round trip and one commit for all of
# them). SQLite has no such CTEs, so there each vote is a few statements in one transaction.
_VOTE_TARGET = participation.vote_target_sql(dialog="d", statement="s")
VOTES_POSTGRESQL_SQL = f"""
    WITH incoming AS (
      SELECT * FROM unnest(%(slugs)s::text[], %(token_hashes)s::text[],
                           %(statements)s::bigint[], %(values)s::smallint[])
        AS i(slug, token_hash, statement_id, value)
    ),
    votable AS (
      SELECT d.id AS dialog_id, d.current_phase AS phase, p.id AS participant_id,
             p.token_hash, s.id AS statement_id, i.value
      FROM incoming i
      JOIN dialogs_participant p ON p.token_hash = i.token_hash
      JOIN dialogs_dialog d ON d.id = p.dialog_id AND d.slug = i.slug
      JOIN dialogs_statement s ON s.id = i.statement_id
      WHERE {_VOTE_TARGET}
    ),
    written AS (
      INSERT INTO dialogs_vote
        (dialog_id, participant_id, statement_id, value, created_at, updated_at)
      SELECT dialog_id, participant_id, statement_id, value, %(now)s, %(now)s FROM votable
      ON CONFLICT (participant_id, statement_id) DO UPDATE
        SET value = excluded.value, updated_at = excluded.updated_at
        WHERE dialogs_vote.value <> excluded.value
      RETURNING dialog_id, participant_id, statement_id, value
    ),
    logged AS (
      INSERT INTO dialogs_voteevent (dialog_id, participant_id, statement_id, value, created_at)
      SELECT dialog_id, participant_id, statement_id, value, %(now)s FROM written
    )
    SELECT v.token_hash, v.statement_id, v.dialog_id, v.phase
    FROM written w JOIN votable v USING (participant_id, statement_id)"""  # noqa: S608 – constants only
VOTE_SQLITE_VOTABLE_SQL = f"""
    SELECT d.id, d.current_phase, p.id
    FROM dialogs_participant p
    JOIN dialogs_dialog d ON d.id = p.dialog_id
    JOIN dialogs_statement s ON s.id = %(statement)s
    WHERE p.token_hash = %(token_hash)s AND d.slug = %(slug)s AND {_VOTE_TARGET}"""  # noqa: S608 – constants only
VOTE_SQLITE_UPSERT_SQL = """
    INSERT INTO dialogs_vote
      (dialog_id, participant_id, statement_id, value, created_at, updated_at)
    VALUES (%(dialog)s, %(participant)s, %(statement)s, %(value)s, %(now)s, %(now)s)
    ON CONFLICT (participant_id, statement_id) DO UPDATE
      SET value = excluded.value, updated_at = excluded.updated_at
      WHERE dialogs_vote.value <> excluded.value
    RETURNING statement_id"""
VOTE_SQLITE_EVENT_SQL = """
    INSERT INTO dialogs_voteevent (dialog_id, participant_id, statement_id, value, created_at)
    VALUES (%(dialog)s, %(participant)s, %(statement)s, %(value)s, %(now)s)"""


def votes_write(*, votes: list[TokenVote], now: datetime | None = None) -> list[bool]:
    """Writes the votes that may be written (see above) and tells for each whether it was.

    Nothing says why a vote was not written: a caller that needs to know asks the slower
    questions (`participant_for_token`, `vote_cast`) – which is only needed for errors and
    repeated votes. The analyses of the dialogs that got votes are scheduled on commit."""
    if not votes:
        return []
    now = now or timezone.now()
    connection = connections[router.db_for_write(Vote)]
    at = connection.ops.adapt_datetimefield_value(now)
    params = participation.vote_target_params(at)
    if connection.vendor == "postgresql":
        rows = _votes_write_postgresql(connection, votes, params)
    else:
        rows = _votes_write_sqlite(connection, votes, params)
    written = {(token_hash, statement_id) for token_hash, statement_id, _d, _p in rows}
    for dialog_id, phase in {(dialog_id, phase) for _t, _s, dialog_id, phase in rows}:
        transaction.on_commit(
            functools.partial(request_analysis, dialog_id=dialog_id, phase=phase),
            using=connection.alias,
        )
    return [(vote.token_hash, vote.statement_id) in written for vote in votes]


def _votes_write_postgresql(connection, votes: list[TokenVote], params: dict) -> list[tuple]:
    """(token hash, statement, dialog, phase) of each vote written."""
    rows = []
    for batch in _without_repeats(votes):
        batch_params = {
            **params,
            "slugs": [vote.dialog_slug for vote in batch],
            "token_hashes": [vote.token_hash for vote in batch],
            "statements": [vote.statement_id for vote in batch],
            "values": [vote.value for vote in batch],
        }
        rows += _execute_prepared(connection, VOTES_POSTGRESQL_SQL, batch_params)
    return rows


def _votes_write_sqlite(connection, votes: list[TokenVote], params: dict) -> list[tuple]:
    rows = []
    with connection.cursor() as cursor:
        for vote in votes:
            with transaction.atomic(using=connection.alias):
                vote_params = {
                    **params,
                    "token_hash": vote.token_hash,
                    "slug": vote.dialog_slug,
                    "statement": vote.statement_id,
                    "value": vote.value,
                }
                cursor.execute(VOTE_SQLITE_VOTABLE_SQL, vote_params)
                found = cursor.fetchone()
                if found is None:
                    continue
                dialog_id, phase, participant_id = found
                vote_params.update(dialog=dialog_id, participant=participant_id)
                cursor.execute(VOTE_SQLITE_UPSERT_SQL, vote_params)
                if cursor.fetchone() is None:
                    continue
                cursor.execute(VOTE_SQLITE_EVENT_SQL, vote_params)
                rows.append((vote.token_hash, vote.statement_id, dialog_id, phase))
    return rows


def _execute_prepared(connection, sql: str, params: dict) -> list[tuple]:
    """Runs the statement with the parameters bound on the server, prepared once per database
    connection: Django's cursors bind on the client, which costs the hot path more in
    quoting the arrays than the statement costs PostgreSQL, and parses and plans it anew
    each time. (Django's query log and execute wrappers do not see this statement.)"""
    import psycopg

    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchall()


def _without_repeats(votes: list[TokenVote]) -> Iterable[list[TokenVote]]:
    """The votes in batches in which no participant votes twice on one statement (one
    statement cannot upsert a row twice); in practice one batch, in the order they came."""
    while votes:
        batch, later, seen = [], [], set()
        for vote in votes:
            key = (vote.token_hash, vote.statement_id)
            (later if key in seen else batch).append(vote)
            seen.add(key)
        yield batch
        votes = later


def vote_cast(
    *, participant: Participant, statement_id: int, value: int, now: datetime | None = None
) -> bool:
    """Stores the participant's vote; a repeated vote replaces the earlier one.

    Returns True when something changed (a first vote or a different value); every change is
    also appended to the vote event log. The same vote again changes nothing."""
    if value not in VoteValue.values:
        raise ServiceError(_("Ugyldig stemme."), field="vote", code="invalid_vote")
    dialog = participant.dialog
    now = now or timezone.now()
    if not dialog.is_open(now) or not participant.token_hash:
        raise DialogClosed
    try:
        statement_id = int(statement_id)
    except (TypeError, ValueError):
        raise UnknownStatement from None
    vote = TokenVote(dialog.slug, participant.token_hash, statement_id, int(value))
    if votes_write(votes=[vote], now=now)[0]:
        return True
    # The same vote again (idempotent), or a statement that cannot be voted on.
    _votable_statement_id(dialog=dialog, statement_id=statement_id)
    return False


@transaction.atomic
def statement_skip(*, participant: Participant, statement_id: int) -> bool:
    """Notes that the participant skipped the statement; False when it was skipped already."""
    dialog = participant.dialog
    if not dialog.is_open():
        raise DialogClosed
    statement_id = _votable_statement_id(dialog=dialog, statement_id=statement_id)
    _skip, created = Skip.objects.get_or_create(participant=participant, statement_id=statement_id)
    return created


@transaction.atomic
def participant_join_with_vote(
    *,
    dialog: Dialog,
    statement_id,
    choice: str,
    user=None,
    sector: Sector | str | None = None,
    age_band: str | None = "",
) -> NewParticipant:
    """The page the link opens shows the first statement: one tap on it makes the newcomer a
    participant and records that answer – both or, when the answer is refused, neither."""
    created = participant_create(dialog=dialog, user=user, sector=sector, age_band=age_band)
    vote_submit(participant=created.participant, statement_id=statement_id, choice=choice)
    return created


# --- a submitted vote: the one decision for every way in ---------------------------------------

VOTE_LIMIT = "vote"  # the rate limit's scope; its key is the participant's token hash


def vote_submit(
    *, participant: Participant, statement_id, choice: str, counted: bool | None = None
) -> bool:
    """What a vote or skip a participant submitted comes to, whichever way it came in (the
    API, the HTML form, or the fast lane when it passes a vote on): first the rate limit –
    `counted` says whether the fast lane counted this vote already, and how it came out –
    then the skip or the vote (a choice that is neither is refused before it is counted, as
    the API's schema refuses it). Returns whether something changed; raises `VoteRateLimited`,
    `DialogClosed`, `UnknownStatement` or a `ServiceError` for a choice that is none of
    `participation.CHOICES`. `votes_submit` is the same decision for a batch of votes the fast
    lane checked itself."""
    if choice not in participation.CHOICES:  # a malformed request, not an attempt to vote
        raise ServiceError(
            _("Velg Enig, Uenig, Vet ikke eller Hopp over."), field="vote", code="invalid_vote"
        )
    key = str(participant.token_hash)
    allowed = ratelimit.hit(VOTE_LIMIT, key) if counted is None else counted
    if not allowed:
        raise VoteRateLimited(ratelimit.retry_after(VOTE_LIMIT, key))
    if choice == participation.SKIP:
        return statement_skip(participant=participant, statement_id=statement_id)
    return vote_cast(
        participant=participant,
        statement_id=statement_id,
        value=participation.VOTE_BY_NAME[choice],
    )


def votes_submit(*, votes: list[TokenVote]) -> list[tuple[bool, bool]]:
    """`vote_submit` for a batch of votes (no skips) from the fast lane: (allowed by the
    participant's rate limit, written) of each. The whole batch is counted with one round trip
    to the cache, and only the allowed votes are written; a vote that was not written is
    passed on by the fast lane and decided by `vote_submit`, told how it was counted."""
    allowed = ratelimit.hit_many(VOTE_LIMIT, [vote.token_hash for vote in votes])
    written = iter(votes_write(votes=[v for v, ok in zip(votes, allowed, strict=True) if ok]))
    return [(ok, ok and next(written)) for ok in allowed]
