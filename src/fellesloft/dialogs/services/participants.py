"""Participants: joining a dialog and finding a participant from their token."""

import functools
from dataclasses import dataclass
from datetime import datetime

from django.db import connections, router, transaction
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.dialogs import participation
from fellesloft.dialogs.models import AgeBand, Dialog, Participant
from fellesloft.dialogs.services._common import DialogClosed
from fellesloft.organisations.models import Sector

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


@transaction.atomic
def participant_describe(
    *, participant: Participant, sector: Sector | str | None = None, age_band: str | None = ""
) -> Participant:
    """The optional self-description, given after the first votes rather than before them;
    the same checks as when joining, and an empty answer leaves an earlier one alone."""
    if not participant.dialog.is_open():
        raise DialogClosed
    sector, age_band = _self_description(participant.dialog, sector, age_band)
    if sector is not None:
        participant.sector = sector
    if age_band:
        participant.age_band = age_band
    participant.save(update_fields=["sector", "age_band"])
    return participant


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
