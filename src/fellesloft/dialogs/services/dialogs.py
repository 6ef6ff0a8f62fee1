"""Creating, editing, closing dialogs and setting a future workshop's phase."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.dialogs import participation
from fellesloft.dialogs.models import WORKSHOP_PHASES, Dialog, Phase
from fellesloft.dialogs.services._common import unique_dialog_slug, unique_short_code
from fellesloft.dialogs.signals import outcomes_changed, purge_due
from fellesloft.notifications import services as notifications

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
    "moderation_policy",
    "moderation_reminder_hours",
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
    dialog.short_code = unique_short_code()
    _validate_dialog(dialog)
    # Nobody follows a new dialog yet: what it is now needs no announcement.
    dialog.announced_state = ANNOUNCED_OPEN if dialog.is_open() else ""
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
    results_were_public = dialog.results_public
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
    _announce_opening_or_closing(dialog)
    if dialog.results_public and not results_were_public:
        _tell_followers(
            dialog,
            lambda: _("Resultatene fra dialogen «%(title)s» er publisert.") % {"title": dialog},
        )
        # Outcomes held back while the results were not public may now be e-mailed.
        dialog_id = dialog.pk
        transaction.on_commit(lambda: outcomes_changed.send(sender=Dialog, dialog_id=dialog_id))
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
        _announce_opening_or_closing(dialog, now)
    return dialog


ANNOUNCED_OPEN = "open"
ANNOUNCED_CLOSED = "closed"


def _announce_opening_or_closing(dialog: Dialog, now: datetime | None = None) -> bool:
    """Tells the followers that the dialog has opened, or closed after being open, unless
    they were told already – whether a person changed its dates or the time simply came
    (`dialogs_announce_opening_and_closing`, from the worker's clock). The mark on the
    dialog, claimed with one conditional UPDATE, makes each change told once."""
    now = now or timezone.now()
    if dialog.is_open(now):
        state = ANNOUNCED_OPEN
    elif dialog.has_closed(now) and dialog.announced_state == ANNOUNCED_OPEN:
        state = ANNOUNCED_CLOSED
    else:
        return False
    before = dialog.announced_state
    if state == before:
        return False
    claimed = Dialog.objects.filter(pk=dialog.pk, announced_state=before).update(
        announced_state=state
    )
    dialog.announced_state = state
    if not claimed:
        return False
    if state == ANNOUNCED_OPEN:
        _tell_followers(dialog, lambda: _("Dialogen «%(title)s» er åpnet.") % {"title": dialog})
    else:
        _tell_followers(dialog, lambda: _("Dialogen «%(title)s» er stengt.") % {"title": dialog})
    return True


def dialogs_announce_opening_and_closing(now: datetime | None = None) -> int:
    """The dialogs that opened or closed by their dates since the followers were last told;
    returns how many announcements were made. Run by the clock every few minutes."""
    now = now or timezone.now()
    due = Dialog.objects.filter(
        (participation.open_filter(now) & ~Q(announced_state=ANNOUNCED_OPEN))
        | (Q(announced_state=ANNOUNCED_OPEN) & participation.closed_filter(now))
    ).order_by("pk")
    told = 0
    for dialog in due:
        with transaction.atomic():
            told += _announce_opening_or_closing(dialog, now)
    return told


def _tell_followers(dialog: Dialog, text) -> None:
    """The dialog's followers who may still see it hear of it (closed: its moderators, or
    everybody once the results are public – its policy decides)."""
    notifications.notify_followers(about=dialog, text=notifications.in_site_language(text))


def _schedule_purge_on_commit(dialog: Dialog) -> None:
    """Asks the task worker to delete the participant data when the retention period is over,
    so nobody has to remember a cron job (`fellesloft dialogs_purge` does the same by hand).
    The purge checks the dates itself, so a task left over from an earlier close time is
    harmless."""
    if dialog.closes_at is None:
        return
    run_after = dialog.closes_at + timedelta(days=dialog.retention_days, minutes=1)
    transaction.on_commit(lambda: purge_due.send(sender=Dialog, run_after=run_after))
