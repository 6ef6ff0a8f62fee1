"""Deleting participant data: once a dialog's retention period is over, or when a participant
asks for it from their device («Slett mine svar»)."""

import functools
from datetime import datetime, timedelta

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from fellesloft.dialogs.models import (
    Dialog,
    OutcomeSubscription,
    Participant,
    Statement,
    StatementState,
    Vote,
)
from fellesloft.dialogs.services.analyses import request_analysis

# --- privacy --------------------------------------------------------------------------------------


@transaction.atomic
def participants_purge_expired(*, now: datetime | None = None) -> int:
    """Deletes tokens, self-descriptions, account links and the e-mail addresses given for
    «Gi meg beskjed om hva som skjer» of participants in dialogs that closed more than
    `retention_days` ago. Statements and vote counts stay."""
    now = now or timezone.now()
    purged = 0
    closed = Dialog.objects.filter(
        closes_at__isnull=False, closes_at__lt=now, participant_data_purged_at__isnull=True
    )
    for dialog in closed:
        if dialog.closes_at + timedelta(days=dialog.retention_days) > now:
            continue
        OutcomeSubscription.objects.filter(participant__dialog=dialog).delete()
        purged += dialog.participants.update(token_hash=None, sector=None, age_band="", user=None)
        dialog.participant_data_purged_at = now
        dialog.save(update_fields=["participant_data_purged_at"])
    return purged


@transaction.atomic
def participant_forget(*, participant: Participant) -> int:
    """A participant deletes their answers: their votes, skips, self-description and
    statements that were not published go, and so does the participant with its token. Their
    published statements stay, anonymous (no longer tied to a participant). The analyses of
    the phases they took part in are recomputed. Returns how many statements stayed."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    statements = Statement.objects.filter(author=participant)
    phases = set(
        Vote.objects.filter(participant=participant).values_list("statement__phase", flat=True)
    )
    phases |= set(statements.values_list("phase", flat=True))
    # The audit trail would keep the deleted text in its entries: it records staff's changes,
    # not a participant's own deletion.
    with disable_auditlog():
        statements.exclude(state=StatementState.APPROVED).delete()
        kept = statements.update(author=None)
        # Votes, vote events and skips go with the participant (their foreign keys cascade).
        participant.delete()
    for phase in sorted(phases):
        transaction.on_commit(
            functools.partial(request_analysis, dialog_id=participant.dialog_id, phase=phase)
        )
    return kept
