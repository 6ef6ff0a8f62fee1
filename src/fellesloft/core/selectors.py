"""Reads of the core: the audit log as the mission lead sees it."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from fellesloft.core.numbers import format_number
from fellesloft.core.ordering import norwegian_key

# Never shown, whatever a model's registration says: a secret's hash or half is no one's
# business, also in entries written before a field was excluded.
SECRET_FIELDS = frozenset({"password", "key_hash", "link_nonce", "last_login"})

ACTIONS = {
    LogEntry.Action.CREATE: _("Opprettet"),
    LogEntry.Action.UPDATE: _("Endret"),
    LogEntry.Action.DELETE: _("Slettet"),
    LogEntry.Action.ACCESS: _("Åpnet"),
}


ONE_SIDE = {LogEntry.Action.CREATE: "after", LogEntry.Action.DELETE: "before"}


def audited_types() -> list[tuple[str, str]]:
    """(`app_label.model`, the kind's name) of every model in the audit log, by name."""
    kinds = [
        (f"{model._meta.app_label}.{model._meta.model_name}", capfirst(model._meta.verbose_name))
        for model in auditlog.get_models()
    ]
    return sorted(kinds, key=lambda kind: norwegian_key(kind[1]))


def audit_log_entries(
    *, content_type: ContentType | None = None, object_pk: str = "", actor_email: str = ""
) -> QuerySet[LogEntry]:
    """Newest first; by kind of object, one object of that kind, and who made the change."""
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if content_type is not None:
        entries = entries.filter(content_type=content_type)
        if object_pk:
            entries = entries.filter(object_pk=object_pk)
    if actor_email:
        entries = entries.filter(actor__email__iexact=actor_email)
    return entries


# A value longer than this is folded: its first words in the row, all of it one click away.
LONG_VALUE = 120


@dataclass
class Change:
    """One changed field. `added`/`removed`: the objects a many-to-many change linked or
    unlinked (then `before` and `after` are empty)."""

    field: str
    before: str
    after: str
    added: str = ""
    removed: str = ""
    # An object created or deleted has one side only: its value then, not «– → value».
    one_side: str = ""

    @property
    def value(self) -> str:
        """The one value of a creation (after) or a deletion (before)."""
        return self.after if self.one_side == "after" else self.before

    @property
    def is_long(self) -> bool:
        return max(len(self.before), len(self.after)) > LONG_VALUE


@dataclass
class AuditRow:
    entry: LogEntry
    action: str
    kind: str
    type_key: str
    changes: list[Change] = field(default_factory=list)


def audit_log_rows(entries: Iterable[LogEntry]) -> list[AuditRow]:
    """The entries as rows to show: the kind's name, the action in words, and each changed
    field by its name with readable values (a choice by its label, a related object by its
    name). Secret and excluded fields are left out. Related objects are read with one query
    per kind of object, whatever the number of entries."""
    entries = list(entries)
    pending: list[tuple[Change, models.Field, str, str]] = []
    wanted: dict[type[models.Model], set] = defaultdict(set)
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        row = AuditRow(
            entry=entry,
            action=str(ACTIONS.get(entry.action, entry.get_action_display())),
            kind=str(model._meta.verbose_name) if model else entry.content_type.model,
            type_key=f"{entry.content_type.app_label}.{entry.content_type.model}",
        )
        rows.append(row)
        for name, values in (entry.changes or {}).items():
            model_field = _shown_field(model, name)
            if model_field is None:
                continue
            change = Change(
                field=str(model_field.verbose_name),
                before="",
                after="",
                one_side=ONE_SIDE.get(entry.action, ""),
            )
            if isinstance(values, dict):  # a many-to-many change, objects by their names
                objects = ", ".join(str(value) for value in values.get("objects", []))
                if values.get("operation") == "add":
                    change.added = objects
                else:
                    change.removed = objects
            else:
                before, after = (list(values) + ["", ""])[:2]
                for side, value in (("before", before), ("after", after)):
                    if model_field.is_relation and _is_value(value):
                        wanted[model_field.related_model].add(value)
                        pending.append((change, model_field, side, value))
                    setattr(change, side, _readable(model_field, value))
            row.changes.append(change)
    names = {
        related: _names(related, keys) for related, keys in wanted.items() if related is not None
    }
    for change, model_field, side, value in pending:
        name = names.get(model_field.related_model, {}).get(str(value))
        if name is not None:
            setattr(change, side, name)
    return rows


def _shown_field(model, name: str) -> models.Field | None:
    """The model's field when its changes may be shown, else None: only fields of a model
    that is still in the audit log, never a secret, never one its registration leaves out."""
    if model is None or name in SECRET_FIELDS or not auditlog.contains(model):
        return None
    registration = auditlog.get_model_fields(model)
    if name in registration["exclude_fields"]:
        return None
    if registration["include_fields"] and name not in registration["include_fields"]:
        return None
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if getattr(model_field, "primary_key", False):  # the row already says «nr. …»
        return None
    return model_field if model_field.concrete or model_field.many_to_many else None


def _is_value(value) -> bool:
    return value not in (None, "", "None")


def _readable(model_field: models.Field, value) -> str:
    if not _is_value(value):
        return "–"
    choices = dict(model_field.flatchoices) if model_field.choices else None
    if choices:
        return str(choices.get(value, value))
    if isinstance(model_field, models.BooleanField):
        return str(_("ja")) if str(value) in ("True", "true", "1") else str(_("nei"))
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is not None:
            if timezone.is_naive(moment):  # auditlog writes UTC without the offset
                moment = timezone.make_aware(moment, datetime.UTC)
            return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    elif isinstance(model_field, models.DateField):
        day = parse_date(str(value))
        if day is not None:
            return formats.date_format(day, "SHORT_DATE_FORMAT")
    elif isinstance(model_field, models.DecimalField | models.FloatField):
        return format_number(value)
    return str(value)


def _names(model: type[models.Model], keys: set) -> dict[str, str]:
    """The objects' names by key (as text), in one query; deleted ones are left out."""
    valid = []
    for key in keys:
        # An old entry's value may be no key any more.
        with suppress(ValidationError):
            valid.append(model._meta.pk.to_python(key))
    return {str(pk): str(obj) for pk, obj in model._default_manager.in_bulk(valid).items()}
