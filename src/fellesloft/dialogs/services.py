"""Every write to dialogs goes through these functions (keyword-only, one transaction each)."""

import csv
import functools
import io
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.screening import (
    describe_findings,
    describe_personal_data,
    find_personal_data,
)
from fellesloft.core.slugs import unique_slug
from fellesloft.core.text import clean_text, is_blank
from fellesloft.dialogs import participation, ratelimit
from fellesloft.dialogs.models import (
    WORKSHOP_PHASES,
    AgeBand,
    Analysis,
    Dialog,
    ModerationMode,
    Participant,
    Phase,
    Skip,
    Statement,
    StatementState,
    Vote,
    VoteEvent,
    VoteValue,
)
from fellesloft.dialogs.signals import analysis_requested, purge_due
from fellesloft.organisations.models import Sector

logger = logging.getLogger(__name__)

MAX_SEED_STATEMENTS = 500
MAX_SEED_CSV_BYTES = 512 * 1024


class DialogClosed(ServiceError):
    def __init__(self) -> None:
        super().__init__(_("Dialogen er ikke åpen for deltakelse nå."), code="dialog_closed")


class VoteRateLimited(ServiceError):
    """The participant votes faster than the rate limit lets them; `retry_after` in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            _("Du stemmer veldig raskt. Vent litt og prøv igjen."), code="rate_limited"
        )
        self.retry_after = retry_after


class UnknownStatement(ServiceError):
    def __init__(self) -> None:
        super().__init__(
            _("Utsagnet finnes ikke i denne dialogen, eller det er ikke publisert."),
            field="statement",
            code="unknown_statement",
        )


# --- helpers ---------------------------------------------------------------------------------


def normalise_statement_text(text: str) -> str:
    """Case, spacing and punctuation removed: «Mer  tid, takk!» == «mer tid takk»."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())[: participation.STATEMENT_MAX_LENGTH]


def unique_dialog_slug(title: str) -> str:
    return unique_slug(Dialog, title, fallback="dialog", max_length=60)


def _clean_text(text: str, *, max_length: int, field: str = "text") -> str:
    """One line of visible text: a statement from a form, the API, a CSV file or an import."""
    text = " ".join(clean_text(text or "").split())
    if is_blank(text):
        raise ServiceError(_("Skriv et utsagn."), field=field, code="empty")
    if len(text) > max_length:
        raise ServiceError(
            _("Utsagnet er for langt: %(length)d tegn. Grensen er %(max)d tegn.")
            % {"length": len(text), "max": max_length},
            field=field,
            code="too_long",
        )
    return text


# --- dialogs ---------------------------------------------------------------------------------

# What the dialog form edits (its Meta.fields, in this order) and the services accept.
DIALOG_FIELDS = (
    "title",
    "question",
    "description",
    "kind",
    "critique_prompt",
    "fantasy_prompt",
    "realisation_prompt",
    "audience",
    "organisation",
    "municipality",
    "statement_max_length",
    "moderation_mode",
    "participants_may_add",
    "ask_sector",
    "ask_age_band",
    "results_public",
    "opens_at",
    "closes_at",
    "retention_days",
    "join_limit_per_hour",
)


def _validate_dialog(dialog: Dialog) -> None:
    if dialog.opens_at and dialog.closes_at and dialog.closes_at <= dialog.opens_at:
        raise ServiceError(_("Dialogen må stenge etter at den åpner."), field="closes_at")
    if dialog.is_future_workshop and dialog.current_phase not in WORKSHOP_PHASES:
        dialog.current_phase = Phase.CRITIQUE
    if not dialog.is_future_workshop:
        dialog.current_phase = Phase.NONE
    dialog.full_clean(exclude=["slug"])


@transaction.atomic
def dialog_create(*, created_by, experiments: Iterable | None = None, **fields) -> Dialog:
    """`experiments`: the experiments the dialog feeds into (the link lives on Experiment)."""
    unknown = set(fields) - set(DIALOG_FIELDS)
    if unknown:
        raise TypeError(f"Unknown dialog fields: {sorted(unknown)}")
    dialog = Dialog(created_by=created_by, **fields)
    dialog.title = dialog.title.strip()
    dialog.slug = unique_dialog_slug(dialog.title)
    _validate_dialog(dialog)
    dialog.save()
    if experiments is not None:
        dialog.experiments.set(experiments)
    _schedule_purge_on_commit(dialog)
    return dialog


@transaction.atomic
def dialog_update(*, dialog: Dialog, experiments: Iterable | None = None, **fields) -> Dialog:
    unknown = set(fields) - set(DIALOG_FIELDS)
    if unknown:
        raise TypeError(f"Unknown dialog fields: {sorted(unknown)}")
    kind_before = dialog.kind
    retention_before = (dialog.closes_at, dialog.retention_days)
    for name, value in fields.items():
        setattr(dialog, name, value)
    if dialog.kind != kind_before and dialog.statements.exists():
        raise ServiceError(
            _("Typen kan ikke endres når dialogen har utsagn."), field="kind", code="kind_locked"
        )
    _validate_dialog(dialog)
    dialog.save()
    if experiments is not None:
        dialog.experiments.set(experiments)
    if (dialog.closes_at, dialog.retention_days) != retention_before:
        _schedule_purge_on_commit(dialog)
    return dialog


@transaction.atomic
def dialog_phase_set(*, dialog: Dialog, phase: str) -> Dialog:
    if not dialog.is_future_workshop:
        raise ServiceError(_("Bare fremtidsverksteder har faser."), code="no_phases")
    if phase not in WORKSHOP_PHASES:
        raise ServiceError(_("Ukjent fase."), field="phase")
    dialog.current_phase = phase
    dialog.save(update_fields=["current_phase", "updated_at"])
    return dialog


@transaction.atomic
def dialog_close(*, dialog: Dialog, now: datetime | None = None) -> Dialog:
    now = now or timezone.now()
    if not dialog.closes_at or dialog.closes_at > now:
        dialog.closes_at = now
        dialog.save(update_fields=["closes_at", "updated_at"])
        _schedule_purge_on_commit(dialog)
    return dialog


def _schedule_purge_on_commit(dialog: Dialog) -> None:
    """Asks the task worker to delete the participant data when the retention period is over,
    so nobody has to remember a cron job (`fellesloft dialogs_purge` does the same by hand).
    The purge checks the dates itself, so a task left over from an earlier close time is
    harmless."""
    if dialog.closes_at is None:
        return
    run_after = dialog.closes_at + timedelta(days=dialog.retention_days, minutes=1)
    transaction.on_commit(lambda: purge_due.send(sender=Dialog, run_after=run_after))


def previous_phase(phase: str) -> str | None:
    """The workshop phase before `phase` (None for the first phase and for plain dialogs)."""
    if phase not in WORKSHOP_PHASES or phase == WORKSHOP_PHASES[0]:
        return None
    return WORKSHOP_PHASES[WORKSHOP_PHASES.index(phase) - 1]


# --- seed statements --------------------------------------------------------------------------


def parse_seed_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def parse_seed_csv(data: bytes) -> list[str]:
    """Statements from a CSV file: the first column, or the column named «utsagn»/«text».

    Raises ServiceError naming the row when the file cannot be used."""
    if len(data) > MAX_SEED_CSV_BYTES:
        raise ServiceError(_("Filen er for stor (maks 512 kB)."), field="csv_file")
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError(
            _("Filen er ikke en CSV-fil i UTF-8. Lagre den som «CSV UTF-8» og prøv igjen."),
            field="csv_file",
        ) from None
    if "\x00" in content:
        raise ServiceError(_("Filen ser ikke ut som en CSV-fil."), field="csv_file")
    try:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(content), dialect))
    except csv.Error as error:
        raise ServiceError(
            _("CSV-filen kan ikke leses: %(error)s") % {"error": error}, field="csv_file"
        ) from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ServiceError(_("CSV-filen er tom."), field="csv_file")
    column, start = 0, 0
    header = [cell.strip().casefold() for cell in rows[0]]
    for name in ("utsagn", "text", "statement", "tekst"):
        if name in header:
            column, start = header.index(name), 1
            break
    texts = []
    for number, row in enumerate(rows[start:], start=start + 1):
        if column >= len(row) or not row[column].strip():
            raise ServiceError(
                _("Rad %(row)d i CSV-filen mangler utsagnet.") % {"row": number},
                field="csv_file",
            )
        texts.append(row[column].strip())
    return texts


@transaction.atomic
def seed_statements_add(
    *,
    dialog: Dialog,
    texts: list[str],
    phase: str | None = None,
    source: str = "line",
    builds_on: Statement | None = None,
) -> list[Statement]:
    """Adds the facilitator's starting statements – all of them, or none when one is invalid.

    In a future workshop they may build on a statement of the phase before (a fantasy typed
    in from the wall of post-its, answering one critique), which links them in the report."""
    phase = dialog.current_phase if phase is None else phase
    if dialog.is_future_workshop and phase not in WORKSHOP_PHASES:
        raise ServiceError(_("Velg en fase for utsagnene."), field="phase")
    if not dialog.is_future_workshop:
        phase = Phase.NONE
    if builds_on is not None:
        earlier = previous_phase(phase)
        if (
            earlier is None
            or builds_on.dialog_id != dialog.pk
            or builds_on.phase != earlier
            or builds_on.state != StatementState.APPROVED
        ):
            raise ServiceError(
                _("Utsagnene kan bare bygge på et publisert utsagn fra fasen før."),
                field="builds_on",
            )
    if not texts:
        raise ServiceError(_("Skriv minst ett utsagn."), field="texts")
    if len(texts) > MAX_SEED_STATEMENTS:
        raise ServiceError(
            _("Du kan legge inn høyst %(max)d utsagn om gangen.") % {"max": MAX_SEED_STATEMENTS},
            field="texts",
        )
    field = "csv_file" if source == "csv" else "texts"
    label = _("Rad") if source == "csv" else _("Linje")
    existing = set(
        dialog.statements.exclude(state=StatementState.REJECTED).values_list(
            "normalised_text", flat=True
        )
    )
    now = timezone.now()
    statements = []
    for number, raw in enumerate(texts, start=1):
        try:
            text = _clean_text(raw, max_length=dialog.statement_max_length, field=field)
        except ServiceError as error:
            raise ServiceError(f"{label} {number}: {error.message}", field=field) from None
        findings = find_personal_data(text)
        if findings:
            raise ServiceError(
                _("%(label)s %(number)d inneholder personopplysninger (%(what)s).")
                % {"label": label, "number": number, "what": describe_findings(findings)},
                field=field,
            )
        normalised = normalise_statement_text(text)
        if normalised in existing:
            continue  # the same statement twice is one statement
        existing.add(normalised)
        statements.append(
            Statement(
                dialog=dialog,
                phase=phase,
                text=text,
                normalised_text=normalised,
                is_seed=True,
                state=StatementState.APPROVED,
                builds_on=builds_on,
                created_at=now,
            )
        )
    # The search index sees bulk writes itself (fellesloft.search.indexing).
    return Statement.objects.bulk_create(statements)


# --- participants -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewParticipant:
    participant: Participant
    token: str


def _self_description(
    dialog: Dialog, sector: Sector | str | None, age_band: str | None
) -> tuple[Sector | None, str]:
    if isinstance(sector, str):
        found = Sector.objects.filter(slug=sector).first() if sector else None
        if sector and found is None:
            raise ServiceError(_("Ukjent rolle eller sektor."), field="sector")
        sector = found
    age_band = age_band or ""
    if age_band and age_band not in AgeBand.values:
        raise ServiceError(_("Ukjent aldersgruppe."), field="age_band")
    if not dialog.ask_sector:
        sector = None
    if not dialog.ask_age_band:
        age_band = ""
    return sector, age_band


@transaction.atomic
def participant_create(
    *,
    dialog: Dialog,
    user=None,
    sector: Sector | str | None = None,
    age_band: str | None = "",
    now: datetime | None = None,
) -> NewParticipant:
    """A new anonymous participant with a fresh random token (only its hash is kept).

    A logged-in person takes part as themselves: their earlier participant is reused and gets
    a new token."""
    if not dialog.is_open(now):
        raise DialogClosed
    sector, age_band = _self_description(dialog, sector, age_band)
    token = participation.new_token()
    participant = None
    if user is not None and user.is_authenticated:
        participant = (
            Participant.objects.select_for_update().filter(dialog=dialog, user=user).first()
        )
    if participant is None:
        participant = Participant(
            dialog=dialog, user=user if user and user.is_authenticated else None
        )
    participant.token_hash = participation.hash_token(token)
    participant.sector = sector
    participant.age_band = age_band
    participant.save()
    return NewParticipant(participant=participant, token=token)


# Every request of a participant starts by finding them from their token. Plain SQL over both
# tables' columns, turned into model instances with the backend's own converters, costs a
# fraction of compiling the same select_related query through the ORM on every request.
@functools.cache
def _participant_lookup(alias: str):
    connection = connections[alias]
    models_and_fields = []
    columns = []
    for model, table_alias in ((Participant, "p"), (Dialog, "d")):
        fields = model._meta.concrete_fields
        columns += [f"{table_alias}.{connection.ops.quote_name(field.column)}" for field in fields]
        converters = []
        for field in fields:
            column = field.get_col(table_alias)
            converters.append(
                (
                    connection.ops.get_db_converters(column) + column.get_db_converters(connection),
                    column,
                )
            )
        models_and_fields.append((model, [field.attname for field in fields], converters))
    sql = (
        f"SELECT {', '.join(columns)} FROM {Participant._meta.db_table} p "  # noqa: S608
        f"JOIN {Dialog._meta.db_table} d ON d.id = p.dialog_id WHERE p.token_hash = %s"
    )
    return sql, models_and_fields


def participant_for_token(*, dialog: Dialog | None, token: str | None) -> Participant | None:
    """The participant (with its dialog) that holds this token, or None."""
    if not participation.token_is_well_formed(token):
        return None
    alias = router.db_for_read(Participant)
    connection = connections[alias]
    sql, models_and_fields = _participant_lookup(alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, [participation.hash_token(token)])
        row = cursor.fetchone()
    if row is None:
        return None
    instances, start = [], 0
    for model, attnames, converters in models_and_fields:
        values = []
        for value, (functions, column) in zip(
            row[start : start + len(attnames)], converters, strict=True
        ):
            for function in functions:
                value = function(value, column, connection)
            values.append(value)
        instances.append(model.from_db(alias, attnames, values))
        start += len(attnames)
    participant, found_dialog = instances
    Participant.dialog.field.set_cached_value(participant, found_dialog)
    if dialog is not None and participant.dialog_id != dialog.pk:
        return None
    return participant


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


# --- statements from participants -----------------------------------------------------------


def statement_submitted_message(statement: Statement) -> str:
    """What the participant is told once their statement is in (the API and the form)."""
    if statement.state == StatementState.APPROVED:
        return _("Takk! Utsagnet ditt er publisert.")
    if statement.hold_reason:
        return _("Takk! En moderator ser på utsagnet før det publiseres: %(reason)s") % {
            "reason": statement.hold_reason
        }
    return _("Takk! Utsagnet publiseres når en moderator har godkjent det.")


def find_near_duplicate(*, dialog: Dialog, normalised: str, phase: str) -> Statement | None:
    return (
        dialog.statements.filter(normalised_text=normalised, phase=phase)
        .exclude(state=StatementState.REJECTED)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def statement_submit(
    *,
    participant: Participant,
    text: str,
    builds_on_id: int | None = None,
    now: datetime | None = None,
) -> Statement:
    """A participant's own statement: screened for personal data and near-duplicates, then
    published or held for moderation as the dialog's moderation mode says."""
    dialog = participant.dialog
    if not dialog.is_open(now):
        raise DialogClosed
    if not dialog.participants_may_add:
        raise ServiceError(
            _("I denne dialogen kan deltakerne ikke skrive egne utsagn."), code="not_allowed"
        )
    text = _clean_text(text, max_length=dialog.statement_max_length)
    builds_on = None
    if builds_on_id:
        earlier = previous_phase(dialog.current_phase)
        builds_on = (
            dialog.statements.filter(
                pk=builds_on_id, state=StatementState.APPROVED, phase=earlier
            ).first()
            if earlier and isinstance(builds_on_id, int)
            else None
        )
        if builds_on is None:
            raise ServiceError(_("Ukjent utsagn å bygge på."), field="builds_on")
    normalised = normalise_statement_text(text)
    reasons = []
    findings = find_personal_data(text)
    if findings:
        reasons.append(
            _("Mulige personopplysninger: %(what)s.") % {"what": describe_findings(findings)}
        )
    duplicate = find_near_duplicate(
        dialog=dialog, normalised=normalised, phase=dialog.current_phase
    )
    if duplicate is not None:
        reasons.append(
            _("Nesten likt et utsagn som finnes fra før (nr. %(id)d).") % {"id": duplicate.pk}
        )
    publish = dialog.moderation_mode == ModerationMode.AFTER and not reasons
    statement = Statement.objects.create(
        dialog=dialog,
        phase=dialog.current_phase,
        text=text,
        normalised_text=normalised,
        author=participant,
        state=StatementState.APPROVED if publish else StatementState.PENDING,
        hold_reason=" ".join(str(reason) for reason in reasons),
        duplicate_of=duplicate,
        builds_on=builds_on,
        created_at=now or timezone.now(),
    )
    if publish:
        phase = dialog.current_phase
        transaction.on_commit(lambda: request_analysis(dialog_id=dialog.pk, phase=phase))
    return statement


@transaction.atomic
def statement_moderate(
    *,
    statement: Statement,
    moderator,
    approve: bool,
    reason: str = "",
    personal_data: bool = False,
    confirmed: bool = False,
) -> Statement:
    """Approves or rejects a statement.

    `personal_data`: rejected because it holds personal data; the text is deleted, whether or
    not the screening found any. `confirmed`: the moderator has confirmed that a statement the
    screening flags may be published anyway; without it such a statement is not approved."""
    reason = " ".join((reason or "").split())
    if not approve and personal_data and not reason:
        reason = _("Personopplysninger")
    if not approve and not reason:
        raise ServiceError(_("Skriv en begrunnelse for avvisningen."), field="reason")
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    finding = describe_personal_data(statement.text)  # as the screening finds it today
    if approve and finding and not confirmed:
        raise ServiceError(
            _(
                "Utsagnet kan inneholde personopplysninger (%(what)s). Bekreft at det ikke gjør "
                "det før du godkjenner, eller avvis det."
            )
            % {"what": finding},
            field="confirm",
            code="needs_confirmation",
        )
    statement.state = StatementState.APPROVED if approve else StatementState.REJECTED
    statement.rejection_reason = "" if approve else reason[:300]
    statement.moderated_by = moderator
    statement.moderated_at = timezone.now()
    # Personal data must not live on in a rejected text that nobody will see again.
    if not approve and (personal_data or finding):
        statement.text = _("[Fjernet: inneholdt personopplysninger]")
        statement.normalised_text = ""
    statement.save()
    dialog_id, phase = statement.dialog_id, statement.phase
    transaction.on_commit(lambda: request_analysis(dialog_id=dialog_id, phase=phase))
    return statement


# --- privacy --------------------------------------------------------------------------------------


@transaction.atomic
def participants_purge_expired(*, now: datetime | None = None) -> int:
    """Deletes tokens, self-descriptions and account links of participants in dialogs that
    closed more than `retention_days` ago. Statements and vote counts stay."""
    now = now or timezone.now()
    purged = 0
    closed = Dialog.objects.filter(
        closes_at__isnull=False, closes_at__lt=now, participant_data_purged_at__isnull=True
    )
    for dialog in closed:
        if dialog.closes_at + timedelta(days=dialog.retention_days) > now:
            continue
        purged += dialog.participants.update(token_hash=None, sector=None, age_band="", user=None)
        dialog.participant_data_purged_at = now
        dialog.save(update_fields=["participant_data_purged_at"])
    return purged


# --- analysis ---------------------------------------------------------------------------------


def request_analysis(*, dialog_id: int, phase: str) -> None:
    """Asks for a recompute (tasks.py schedules it, debounced)."""
    analysis_requested.send(sender=Dialog, dialog_id=dialog_id, phase=phase)


# --- analysis results and imports (not part of voting) ------------------------------------------


@transaction.atomic
def analysis_save(
    *,
    dialog: Dialog,
    phase: str,
    computed_at: datetime,
    votes_counted: int,
    last_event_id: int,
    duration_ms: int,
    summary: dict,
    priorities: dict,
) -> Analysis:
    """Stores a computed analysis (analysis.compute_analysis), replacing the phase's last one."""
    analysis, _created = Analysis.objects.update_or_create(
        dialog=dialog,
        phase=phase,
        defaults={
            "computed_at": computed_at,
            "votes_counted": votes_counted,
            "last_event_id": last_event_id,
            "duration_ms": duration_ms,
            "summary": summary,
            "priorities": priorities,
        },
    )
    return analysis


@dataclass(frozen=True)
class ImportedStatement:
    """A statement of a conversation from another platform; `key` is its id there."""

    key: int
    text: str
    rejected: bool
    author: int | None
    created_at: datetime


@dataclass(frozen=True)
class ImportedVote:
    """A vote from another platform: participant and statement by their ids there."""

    participant: int
    statement: int
    value: int
    created_at: datetime


@transaction.atomic
def dialog_import(
    *,
    topic: str,
    description: str,
    imported_from: str,
    organisation,
    statements: list[ImportedStatement],
    votes: list[ImportedVote],
    now: datetime,
    created_by=None,
) -> Dialog:
    """A closed dialog made from another platform's conversation (polis.py reads the files).

    `votes` in the order they were cast: a participant's last vote on a statement counts, from
    the time of their first. Statements that may hold personal data wait for a moderator; the
    others were moderated on the platform already."""
    dialog = Dialog.objects.create(
        slug=unique_dialog_slug(topic),
        title=topic[:200],
        question=topic[:300],
        description=description,
        moderation_mode=ModerationMode.BEFORE,
        statement_max_length=500,
        organisation=organisation,
        created_by=created_by,
        imported_from=imported_from[:300],
        opens_at=None,
        closes_at=now,
    )
    keys = {item.author for item in statements if item.author is not None}
    keys |= {vote.participant for vote in votes}
    participants = {key: Participant(dialog=dialog) for key in sorted(keys)}
    Participant.objects.bulk_create(list(participants.values()), batch_size=2000)

    rows: dict[int, Statement] = {}
    for item in sorted(statements, key=lambda item: item.key):
        state = StatementState.REJECTED if item.rejected else StatementState.APPROVED
        hold_reason = ""
        findings = find_personal_data(item.text)
        if findings and state != StatementState.REJECTED:
            state = StatementState.PENDING
            hold_reason = _("Mulige personopplysninger: %(what)s.") % {
                "what": describe_findings(findings)
            }
        rows[item.key] = Statement(
            dialog=dialog,
            text=item.text,
            normalised_text=normalise_statement_text(item.text),
            state=state,
            hold_reason=hold_reason,
            is_seed=False,
            author=participants[item.author] if item.author is not None else None,
            moderated_at=None if state == StatementState.PENDING else now,
            created_at=item.created_at,
        )
    Statement.objects.bulk_create(list(rows.values()), batch_size=2000)

    latest: dict[tuple[int, int], tuple] = {}
    events = []
    for vote in votes:
        key = (vote.participant, vote.statement)
        first = latest.get(key, (vote.created_at,))[0]
        latest[key] = (first, vote.created_at, vote.value)
        events.append(
            VoteEvent(
                dialog=dialog,
                participant=participants[vote.participant],
                statement=rows[vote.statement],
                value=vote.value,
                created_at=vote.created_at,
            )
        )
    VoteEvent.objects.bulk_create(events, batch_size=5000)
    Vote.objects.bulk_create(
        [
            Vote(
                dialog=dialog,
                participant=participants[participant],
                statement=rows[statement],
                value=value,
                created_at=first,
                updated_at=last,
            )
            for (participant, statement), (first, last, value) in latest.items()
        ],
        batch_size=5000,
    )
    return dialog
