"""Dialogs imported from another platform's conversation (polis.py reads the files)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from fellesloft.core.screening import describe_findings, find_personal_data
from fellesloft.dialogs.models import (
    Dialog,
    ModerationMode,
    Participant,
    Statement,
    StatementState,
    Vote,
    VoteEvent,
)
from fellesloft.dialogs.services._common import (
    normalise_statement_text,
    unique_dialog_slug,
    unique_short_code,
)


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
        short_code=unique_short_code(),
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
