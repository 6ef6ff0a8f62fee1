"""Deleting participant data once a dialog's retention period is over."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from fellesloft.dialogs.models import Dialog, OutcomeSubscription

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
