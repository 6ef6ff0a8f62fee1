"""Support hours: the hours of support a municipality has had, against its yearly budget."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.services import save_validated
from fellesloft.experiments.models import (
    DEFAULT_SUPPORT_HOURS,
    Experiment,
    SupportBudget,
    SupportEntry,
    SupportKind,
)
from fellesloft.experiments.services._common import _actor, _person, _screen
from fellesloft.organisations.models import Municipality
from fellesloft.organisations.rules import is_mission_lead

SUPPORT_WARNING_SHARE = Decimal("0.8")


def parse_hours(value) -> Decimal:
    """Hours as a positive number with at most one decimal (a comma is accepted)."""
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ServiceError(_("Timer må være et tall, for eksempel 1,5."), field="hours") from None
    if not hours.is_finite():
        raise ServiceError(_("Timer må være et tall, for eksempel 1,5."), field="hours")
    if hours <= 0:
        raise ServiceError(_("Timer må være mer enn null."), field="hours")
    if hours != hours.quantize(Decimal("0.1")):
        raise ServiceError(_("Oppgi timer med høyst én desimal."), field="hours")
    if hours > Decimal("1000"):
        raise ServiceError(_("Så mange timer i én registrering er ikke mulig."), field="hours")
    return hours


def support_budget_hours(*, municipality: Municipality) -> Decimal:
    budget = SupportBudget.objects.filter(municipality=municipality).first()
    return budget.hours if budget else DEFAULT_SUPPORT_HOURS


@transaction.atomic
def support_budget_set(*, municipality: Municipality, hours, by) -> SupportBudget:
    if not is_mission_lead(by):
        raise ServiceError(
            _("Bare oppdragsleder kan sette støttebudsjettet."), code="forbidden", field="hours"
        )
    try:
        value = Decimal(str(hours).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ServiceError(_("Timer må være et tall, for eksempel 50."), field="hours") from None
    if not value.is_finite() or value < 0:
        raise ServiceError(_("Budsjettet kan ikke være negativt."), field="hours")
    with _actor(by):
        budget, _created = SupportBudget.objects.select_for_update().get_or_create(
            municipality=municipality, defaults={"hours": value, "updated_by": by}
        )
        budget.hours = value
        budget.updated_by = by
        return save_validated(budget)


@transaction.atomic
def support_entry_log(
    *,
    municipality: Municipality,
    date: date,
    hours,
    kind: str,
    by,
    given_by_person=None,
    given_by_organisation=None,
    notes: str = "",
    experiment: Experiment | None = None,
    override: bool = False,
    override_reason: str = "",
) -> SupportEntry:
    """Logs support given to a municipality. Past the budget only with the mission lead's
    explicit override and a reason; the override is kept on the entry and in the audit log."""
    hours = parse_hours(hours)
    if kind not in SupportKind.values:
        raise ServiceError(_("Velg hvilken type støtte det var."), field="kind")
    if given_by_person is None and given_by_organisation is None:
        raise ServiceError(
            _("Velg hvem som ga støtten: en person, en organisasjon eller begge."),
            field="given_by_person",
            code="required",
        )
    if date is None:
        raise ServiceError(_("Oppgi dato."), field="date", code="required")
    if date > timezone.localdate():
        raise ServiceError(_("Støtte kan ikke registreres fram i tid."), field="date")
    if experiment is not None and experiment.municipality_id != municipality.pk:
        raise ServiceError(_("Forsøket hører til en annen kommune."), field="experiment")
    _screen(notes=notes, override_reason=override_reason)
    # Lock the budget row so two entries logged at once cannot both slip under the limit.
    budget, _created = SupportBudget.objects.select_for_update().get_or_create(
        municipality=municipality
    )
    used = SupportEntry.objects.filter(municipality=municipality).aggregate(total=Sum("hours"))[
        "total"
    ] or Decimal("0")
    over_budget = used + hours > budget.hours
    if over_budget:
        if not override:
            raise ServiceError(
                _(
                    "%(municipality)s har %(left)s timer igjen av %(budget)s. Å gå over "
                    "budsjettet krever at oppdragsleder godkjenner det uttrykkelig."
                )
                % {
                    "municipality": municipality.name,
                    "left": _format_hours(max(budget.hours - used, Decimal("0"))),
                    "budget": _format_hours(budget.hours),
                },
                field="hours",
                code="over_budget",
            )
        if not is_mission_lead(by):
            raise ServiceError(
                _("Bare oppdragsleder kan godkjenne timer over budsjettet."),
                field="override",
                code="forbidden",
            )
        if not override_reason.strip():
            raise ServiceError(_("Skriv hvorfor budsjettet overskrides."), field="override_reason")
    with _actor(by):
        return save_validated(
            SupportEntry(
                municipality=municipality,
                experiment=experiment,
                date=date,
                hours=hours,
                kind=kind,
                given_by_person=given_by_person,
                given_by_organisation=given_by_organisation,
                notes=notes.strip(),
                over_budget_override=over_budget,
                override_reason=override_reason.strip() if over_budget else "",
                created_by=_person(by),
            )
        )


@transaction.atomic
def support_entry_delete(*, entry: SupportEntry, by) -> None:
    with _actor(by):
        entry.delete()


def _format_hours(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")
