"""What taking part in a dialog is – written once, for every way in.

The fast lane (`intake.py`), the JSON API (`api.py`), the HTML form (`views.py`), the services
and the vote write's SQL all take from here: when a dialog is open, which statements can be
voted on, the vote values, the lengths and the participant's token. Each rule is a small
definition below from which its forms are built – the test on an object, the queryset filter
and, for the vote write, the SQL condition (the same text for PostgreSQL and SQLite).

The module sits beneath the models (they take the vote values, the statement states and the
open test from here), so it imports nothing of `dialogs`. What a submitted vote comes to –
rate limit, vote or skip – is decided in one place, `services.vote_submit` (its batch form
`services.votes_submit` is the fast lane's).
"""

import hashlib
import operator
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fellesloft.core.policy import Condition, field

# --- the participant's token ------------------------------------------------------------------

TOKEN_BYTES = 32  # `secrets.token_urlsafe`: 43 characters of A–Z, a–z, 0–9, «-» and «_»
# The longest token a client may send: anything longer is refused before it is hashed or
# looked up (every way in, and `services.participant_for_token`).
MAX_TOKEN_LENGTH = 200


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


# A dialog's short code, to type from a poster or a slide: six characters without the ones
# that are easily mixed up (0/O, 1/I/L).
SHORT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SHORT_CODE_LENGTH = 6


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


def normalise_short_code(code: str) -> str:
    """What a person typed, as the stored code: spaces and dashes out, upper case."""
    return "".join((code or "").split()).replace("-", "").upper()[:20]


def token_is_well_formed(token: str | None) -> bool:
    return bool(token) and len(token) <= MAX_TOKEN_LENGTH


def hash_token(token: str) -> str:
    """Only the hash of a token is stored (`Participant.token_hash`)."""
    return hashlib.sha256(token.encode()).hexdigest()


# --- statement lengths ------------------------------------------------------------------------

STATEMENT_MAX_LENGTH = 500  # the stored text; a dialog's own limit is at most this
STATEMENT_MIN_LIMIT = 20  # the shortest limit a dialog may set
STATEMENT_DEFAULT_LIMIT = 140
# What the API reads of a submitted text before it is cleaned and held to the dialog's limit.
STATEMENT_INPUT_MAX_LENGTH = 2000


# --- the vote values --------------------------------------------------------------------------


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("Enig")
    DISAGREE = -1, _("Uenig")
    PASS = 0, _("Vet ikke")


# A client names the value as the enum does, in lower case: «agree», «disagree», «pass».
VOTE_BY_NAME = {value.name.lower(): value for value in VoteValue}
NAME_BY_VOTE = {value: name for name, value in VOTE_BY_NAME.items()}
SKIP = "skip"  # not a vote: the statement is noted as skipped and not shown again
CHOICES = (*VOTE_BY_NAME, SKIP)  # what a submitted vote may say, in every way in


def choice_labels() -> list[tuple[str, str]]:
    """(name, label) of each of `CHOICES`, in that order: the voting page's buttons."""
    return [*((name, value.label) for name, value in VOTE_BY_NAME.items()), (SKIP, _("Hopp over"))]


# --- when a dialog is open --------------------------------------------------------------------


@dataclass(frozen=True)
class _Bound:
    """One end of the dialog's open window: a date field, empty for no bound, and how it
    compares with now while the dialog is open."""

    field: str
    lookup: str  # the Django lookup: "lte" (the field <= now) or "gt" (the field > now)


OPENS = _Bound("opens_at", "lte")  # open from `opens_at` on, and
CLOSES = _Bound("closes_at", "gt")  # until (not at) `closes_at`
_PYTHON = {"lte": operator.le, "gt": operator.gt}
_SQL = {"lte": "<=", "gt": ">"}


def _within(bound: _Bound, dialog, now: datetime) -> bool:
    value = getattr(dialog, bound.field)
    return value is None or _PYTHON[bound.lookup](value, now)


def _within_filter(bound: _Bound, now: datetime, prefix: str) -> Q:
    field = prefix + bound.field
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__{bound.lookup}": now})


def _within_sql(bound: _Bound, table: str, now: str) -> str:
    column = f"{table}.{bound.field}"
    return f"({column} IS NULL OR {column} {_SQL[bound.lookup]} {now})"


def has_opened(dialog, now: datetime | None = None) -> bool:
    """False while the dialog is scheduled (its opening is still to come)."""
    return _within(OPENS, dialog, now or timezone.now())


def has_closed(dialog, now: datetime | None = None) -> bool:
    return not _within(CLOSES, dialog, now or timezone.now())


def is_open(dialog, now: datetime | None = None) -> bool:
    """Whether people may join and vote (`Dialog.is_open`)."""
    now = now or timezone.now()
    return _within(OPENS, dialog, now) and _within(CLOSES, dialog, now)


class DialogStatus(models.TextChoices):
    """Where a dialog stands in its open window, by its dates."""

    SCHEDULED = "scheduled", _("Åpner snart")
    OPEN = "open", _("Åpen")
    CLOSED = "closed", _("Stengt")


def window_status(dialog, now: datetime | None = None) -> DialogStatus:
    now = now or timezone.now()
    if has_closed(dialog, now):
        return DialogStatus.CLOSED
    return DialogStatus.OPEN if has_opened(dialog, now) else DialogStatus.SCHEDULED


def open_filter(now: datetime | None = None, *, prefix: str = "") -> Q:
    """`is_open` as a filter on dialogs (`prefix`: the path to the dialog, e.g. "dialog__")."""
    now = now or timezone.now()
    return _within_filter(OPENS, now, prefix) & _within_filter(CLOSES, now, prefix)


def closed_filter(now: datetime | None = None, *, prefix: str = "") -> Q:
    """`has_closed` as a filter on dialogs."""
    return ~_within_filter(CLOSES, now or timezone.now(), prefix)


def open_condition(now=timezone.now) -> Condition:
    """`is_open` as a policy Condition (object test and filter at once), for the rules: who
    may see a dialog (`dialogs.rules`). `now` is a moment or a callable giving one."""

    def within(bound: _Bound) -> Condition:
        return field(f"{bound.field}__isnull", True) | field(f"{bound.field}__{bound.lookup}", now)

    return within(OPENS) & within(CLOSES)


# Open now, evaluated at each check.
IS_OPEN = open_condition()


def open_sql(table: str, *, now: str = "%(now)s") -> str:
    """`is_open` as an SQL condition on the dialog table `table`, at the parameter `now`."""
    return f"{_within_sql(OPENS, table, now)} AND {_within_sql(CLOSES, table, now)}"


# --- which statements can be voted on ---------------------------------------------------------


class StatementState(models.TextChoices):
    """A statement's moderation states (`Statement.state`): here since they decide what is
    votable."""

    PENDING = "pending", _("Venter på moderering")
    APPROVED = "approved", _("Publisert")
    REJECTED = "rejected", _("Avvist")


# A statement can be voted on when it is approved and belongs to the dialog and to its current
# phase: each pair is (the statement's field, the dialog's attribute it must equal).
_SAME_AS_DIALOG = (("dialog_id", "pk"), ("phase", "current_phase"))
VOTABLE_STATE = StatementState.APPROVED
_DIALOG_COLUMNS = {"pk": "id"}  # the attribute's column where their names differ


def votable_filter(dialog) -> Q:
    """The statements of `dialog` that can be voted on (`selectors.votable_statements`)."""
    return Q(
        state=VOTABLE_STATE,
        **{field: getattr(dialog, attribute) for field, attribute in _SAME_AS_DIALOG},
    )


def vote_target_sql(*, dialog: str, statement: str, now: str = "%(now)s") -> str:
    """The whole condition of a vote's target in SQL – the dialog open at `now`, the statement
    votable in it – on the tables `dialog` and `statement`, for both databases. The parameter
    `%(approved)s` carries `VOTABLE_STATE` (see `vote_target_params`)."""
    same = " AND ".join(
        f"{statement}.{field} = {dialog}.{_DIALOG_COLUMNS.get(attribute, attribute)}"
        for field, attribute in _SAME_AS_DIALOG
    )
    return f"{same} AND {statement}.state = %(approved)s AND {open_sql(dialog, now=now)}"


def vote_target_params(now) -> dict:
    """The parameters of `vote_target_sql` (`now` as the database adapts it)."""
    return {"approved": VOTABLE_STATE.value, "now": now}


# Waiting for a moderator: held statements, and in publish-first mode the participants'
# statements that went live without anybody having looked at them yet.
TO_REVIEW = Q(state=StatementState.PENDING) | Q(
    state=StatementState.APPROVED, is_seed=False, moderated_at__isnull=True
)
