"""Asking for an analysis and storing a computed one."""

from datetime import datetime

from django.db import transaction

from fellesloft.dialogs.models import Analysis, Dialog
from fellesloft.dialogs.signals import analysis_requested

# --- analysis ---------------------------------------------------------------------------------


def request_analysis(*, dialog_id: int, phase: str) -> None:
    """Asks for a recompute (tasks.py schedules it, debounced)."""
    analysis_requested.send(sender=Dialog, dialog_id=dialog_id, phase=phase)


# --- analysis results (not part of voting) ------------------------------------------------------


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
    engine_state: dict | None = None,
    positions: dict | None = None,
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
            "engine_state": engine_state or {},
            "positions": positions or {},
        },
    )
    return analysis
