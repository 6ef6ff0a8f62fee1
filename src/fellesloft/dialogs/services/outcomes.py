"""«Dette skjedde videre»: what came of a dialog, and the participants who asked to be told.

The experiment and the barrier an outcome links to are reached through the model's links (the
apps above build on dialogs, so dialogs does not import them); which of them a facilitator may
choose is what they may see (`core.policy.visible`).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.policy import visible
from fellesloft.core.services import refuse_personal_data
from fellesloft.core.text import clean_text, is_blank
from fellesloft.dialogs.models import (
    Analysis,
    Dialog,
    DialogOutcome,
    OutcomeKind,
    OutcomeSubscription,
    Participant,
    Statement,
    StatementState,
)
from fellesloft.dialogs.signals import outcomes_changed

OUTCOME_FIELDS = (
    "kind",
    "experiment",
    "barrier",
    "title",
    "text",
    "decided_on",
    "statements",
    "group_labels",
)
TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 2000
EMAIL_MAX_LENGTH = 254


@dataclass(frozen=True)
class _TargetLink:
    """What an outcome of one kind links to: the outcome's field, and what to say when none is
    chosen or the chosen one is not there for the user."""

    field: str
    missing: str
    not_found: str

    @property
    def model(self):
        return DialogOutcome._meta.get_field(self.field).related_model


# The kinds of outcome that link to an experiment or a barrier.
_TARGET_LINKS = {
    OutcomeKind.EXPERIMENT: _TargetLink(
        "experiment",
        gettext_lazy("Velg forsøket som ble startet."),
        gettext_lazy("Forsøket finnes ikke, eller du har ikke tilgang til det."),
    ),
    OutcomeKind.BARRIER: _TargetLink(
        "barrier",
        gettext_lazy("Velg systembarrieren som ble meldt."),
        gettext_lazy("Systembarrieren finnes ikke, eller du har ikke tilgang til den."),
    ),
}


def outcome_target_model(kind: str):
    """The model an outcome of this kind links to (Experiment, Barrier), or None."""
    link = _TARGET_LINKS.get(kind)
    return None if link is None else link.model


def group_labels_of(dialog: Dialog) -> list[str]:
    """The labels of the opinion groups in the dialog's latest analyses («A», «B» …)."""
    labels: list[str] = []
    for summary in Analysis.objects.filter(dialog=dialog).values_list("summary", flat=True):
        for group in (summary or {}).get("groups", []):
            label = str(group.get("label", ""))
            if label and label not in labels:
                labels.append(label)
    return sorted(labels)


def _one_line(value: str | None, *, field: str, max_length: int, required_message: str) -> str:
    text = " ".join(clean_text(value or "").split())
    if is_blank(text):
        raise ServiceError(required_message, field=field)
    return _within(text, max_length=max_length, field=field)


def _free_text(value: str | None) -> str:
    text = clean_text(value or "").strip()
    if is_blank(text):
        return ""
    return _within(text, max_length=TEXT_MAX_LENGTH, field="text")


def _within(text: str, *, max_length: int, field: str) -> str:
    if len(text) > max_length:
        raise ServiceError(
            _("Teksten er for lang: %(length)d tegn. Grensen er %(max)d tegn.")
            % {"length": len(text), "max": max_length},
            field=field,
        )
    return text


def _target(kind: str, value, *, user, kept=None):
    """The experiment or barrier an outcome links to: one the user may see (or the one the
    outcome has already, `kept`), or an error."""
    link = _TARGET_LINKS.get(kind)
    if link is None:
        return None
    if kept is not None and value is not None and _pk(value) == kept.pk:
        return kept
    if value is None:
        raise ServiceError(str(link.missing), field=link.field)
    pk = _pk(value)
    found = visible(link.model.objects.filter(pk=pk), user).first() if isinstance(pk, int) else None
    if found is None:
        raise ServiceError(str(link.not_found), field=link.field)
    return found


def _pk(value):
    return value.pk if hasattr(value, "pk") else value


def _statements(dialog: Dialog, statements: Iterable) -> list[Statement]:
    ids = {statement.pk if hasattr(statement, "pk") else statement for statement in statements}
    if not ids:
        return []
    if not all(isinstance(pk, int) for pk in ids):
        raise ServiceError(_("Ukjent utsagn."), field="statements")
    found = list(Statement.objects.filter(pk__in=ids, dialog=dialog, state=StatementState.APPROVED))
    if len(found) != len(ids):
        raise ServiceError(_("Velg bare publiserte utsagn fra denne dialogen."), field="statements")
    return found


def _group_labels(dialog: Dialog, labels: Iterable[str]) -> list[str]:
    labels = sorted({str(label) for label in labels or ()})
    unknown = set(labels) - set(group_labels_of(dialog))
    if unknown:
        raise ServiceError(
            _("Ukjent meningsgruppe: %(labels)s") % {"labels": ", ".join(sorted(unknown))},
            field="group_labels",
        )
    return labels


def _validated(
    *,
    dialog: Dialog,
    user,
    kind: str,
    title: str,
    text: str | None,
    decided_on: datetime.date | None,
    experiment,
    barrier,
    statements: Iterable,
    group_labels: Iterable[str],
    today: datetime.date,
    kept: dict | None = None,
) -> dict:
    kept = kept or {}
    if kind not in OutcomeKind.values:
        raise ServiceError(_("Velg hva som skjedde."), field="kind")
    title = _one_line(
        title,
        field="title",
        max_length=TITLE_MAX_LENGTH,
        required_message=_("Skriv en overskrift."),
    )
    text = _free_text(text)
    if kind == OutcomeKind.NOT_TAKEN_FURTHER and not text:
        raise ServiceError(
            _("Skriv hvorfor det ikke ble tatt videre. Deltakerne har krav på en begrunnelse."),
            field="text",
        )
    if kind == OutcomeKind.DECISION and not text:
        raise ServiceError(_("Skriv hva som ble vedtatt."), field="text")
    if kind == OutcomeKind.DECISION and decided_on is None:
        raise ServiceError(_("Skriv datoen for vedtaket."), field="decided_on")
    decided_on = decided_on or today
    if decided_on > today:
        raise ServiceError(_("Datoen kan ikke være fram i tid."), field="decided_on")
    for name, value in (("title", title), ("text", text)):
        refuse_personal_data(
            value,
            field=name,
            message=_("Teksten ser ut til å inneholde personopplysninger (%(what)s). Ta dem ut."),
        )
    return {
        "kind": kind,
        "title": title,
        "text": text,
        "decided_on": decided_on,
        "experiment": _target(
            OutcomeKind.EXPERIMENT, experiment, user=user, kept=kept.get("experiment")
        )
        if kind == OutcomeKind.EXPERIMENT
        else None,
        "barrier": _target(OutcomeKind.BARRIER, barrier, user=user, kept=kept.get("barrier"))
        if kind == OutcomeKind.BARRIER
        else None,
        "statements": _statements(dialog, statements),
        "group_labels": _group_labels(dialog, group_labels),
    }


def _announce(dialog: Dialog) -> None:
    dialog_id = dialog.pk
    transaction.on_commit(lambda: outcomes_changed.send(sender=Dialog, dialog_id=dialog_id))


@transaction.atomic
def outcome_create(
    *,
    dialog: Dialog,
    user,
    kind: str,
    title: str,
    text: str = "",
    decided_on: datetime.date | None = None,
    experiment=None,
    barrier=None,
    statements: Iterable = (),
    group_labels: Iterable[str] = (),
    now: datetime.datetime | None = None,
) -> DialogOutcome:
    """Links what followed to the dialog (and to some of its statements or groups); those who
    asked to be told get an e-mail in the background."""
    now = now or timezone.now()
    data = _validated(
        dialog=dialog,
        user=user,
        kind=kind,
        title=title,
        text=text,
        decided_on=decided_on,
        experiment=experiment,
        barrier=barrier,
        statements=statements,
        group_labels=group_labels,
        today=timezone.localdate(now),
    )
    linked = data.pop("statements")
    outcome = DialogOutcome.objects.create(
        dialog=dialog,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        created_at=now,
        **data,
    )
    outcome.statements.set(linked)
    _announce(dialog)
    return outcome


@transaction.atomic
def outcome_update(*, outcome: DialogOutcome, user, **fields) -> DialogOutcome:
    """Changes an outcome; the fields not given stay as they are."""
    unknown = set(fields) - set(OUTCOME_FIELDS)
    if unknown:
        raise TypeError(f"Unknown outcome fields: {sorted(unknown)}")
    outcome = DialogOutcome.objects.select_for_update().select_related("dialog").get(pk=outcome.pk)
    current = {
        "kind": outcome.kind,
        "title": outcome.title,
        "text": outcome.text,
        "decided_on": outcome.decided_on,
        "experiment": outcome.experiment,
        "barrier": outcome.barrier,
        "statements": list(outcome.statements.all()),
        "group_labels": outcome.group_labels,
    }
    data = _validated(
        dialog=outcome.dialog,
        user=user,
        today=timezone.localdate(),
        # A link kept as it was need not be one the editor may see (a colleague chose it).
        kept={"experiment": outcome.experiment, "barrier": outcome.barrier},
        **{**current, **fields},
    )
    linked = data.pop("statements")
    for name, value in data.items():
        setattr(outcome, name, value)
    outcome.save()
    outcome.statements.set(linked)
    _announce(outcome.dialog)
    return outcome


@transaction.atomic
def outcome_delete(*, outcome: DialogOutcome) -> None:
    outcome.delete()


# --- «Gi meg beskjed om hva som skjer» ---------------------------------------------------------


def _clean_email(email: str | None) -> str:
    email = " ".join(clean_text(email or "").split())
    if not email:
        raise ServiceError(_("Skriv e-postadressen din."), field="email")
    if len(email) > EMAIL_MAX_LENGTH:
        raise ServiceError(_("E-postadressen er for lang."), field="email")
    try:
        validate_email(email)
    except ValidationError:
        raise ServiceError(
            _("Det ser ikke ut som en e-postadresse. Skriv den slik: navn@eksempel.no"),
            field="email",
        ) from None
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


@transaction.atomic
def outcome_subscription_set(
    *, participant: Participant, email: str, now: datetime.datetime | None = None
) -> OutcomeSubscription:
    """Stores (or changes) the address a participant wants to be told at. What was added
    before is on the page already: only what comes after is e-mailed."""
    email = _clean_email(email)
    now = now or timezone.now()
    subscription, created = OutcomeSubscription.objects.select_for_update().get_or_create(
        participant=participant,
        defaults={"email": email, "created_at": now, "notified_until": now},
    )
    if not created and subscription.email != email:
        subscription.email = email
        subscription.save(update_fields=["email"])
    return subscription


@transaction.atomic
def outcome_subscription_delete(*, subscription_id: int) -> bool:
    """Unsubscribes: the address is deleted, not kept as «unsubscribed»."""
    deleted, _rows = OutcomeSubscription.objects.filter(pk=subscription_id).delete()
    return bool(deleted)


@transaction.atomic
def outcome_subscription_mark_notified(
    *, subscription: OutcomeSubscription, until: datetime.datetime
) -> None:
    OutcomeSubscription.objects.filter(pk=subscription.pk).update(notified_until=until)
