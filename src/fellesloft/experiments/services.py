"""Every write to experiments, sprints, support hours and learning cards.

Each function checks the domain's rules and raises ServiceError with a Norwegian message
when one says no; nothing is half-written (each runs in one transaction). Permission checks
(who may call) are the caller's job through rules.py, except where the rule is part of the
domain itself (going past the support budget needs the mission lead).
"""

from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date
from decimal import Decimal, InvalidOperation

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.screening import describe_findings, find_personal_data
from fellesloft.experiments.models import (
    DEFAULT_SUPPORT_HOURS,
    AgeBand,
    Experiment,
    ExperimentOutcome,
    ExperimentPartner,
    ExperimentStatus,
    ExperimentStatusChange,
    ExperimentTeamMember,
    LearningCard,
    LearningCardStatus,
    PdsaDecision,
    Sprint,
    SprintBarrierNote,
    SupportBudget,
    SupportEntry,
    SupportKind,
)
from fellesloft.organisations.models import Membership, Municipality, Organisation

MINIMUM_SECTORS_TO_START = 2
SUGGESTED_SPRINT_DAYS = (14, 42)
SUPPORT_WARNING_SHARE = Decimal("0.8")

# The allowed moves of the status; every other move is refused.
TRANSITIONS: dict[str, set[str]] = {
    ExperimentStatus.IDEA: {ExperimentStatus.PLANNING, ExperimentStatus.STOPPED},
    ExperimentStatus.PLANNING: {
        ExperimentStatus.IDEA,
        ExperimentStatus.RUNNING,
        ExperimentStatus.STOPPED,
    },
    ExperimentStatus.RUNNING: {ExperimentStatus.COMPLETED, ExperimentStatus.STOPPED},
    ExperimentStatus.COMPLETED: set(),
    ExperimentStatus.STOPPED: set(),
}

TEXT_FIELDS_SCREENED = {
    "title",
    "challenge",
    "hypothesis_change",
    "hypothesis_target_group",
    "hypothesis_effect",
    "hypothesis_evidence",
    "youth_involvement",
}


@contextmanager
def _actor(user):
    """Names the person in the audit log also outside a web request (API token, CLI)."""
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    with set_actor(user):
        yield


def _screen(**texts: str) -> None:
    """The platform holds no personal data about young people: refuse free text with any."""
    for field, text in texts.items():
        findings = find_personal_data(text or "")
        if findings:
            raise ServiceError(
                _(
                    "Teksten ser ut til å inneholde personopplysninger (%(kinds)s). "
                    "Fjern dem før du lagrer – forsøk beskriver tiltak, ikke enkeltpersoner."
                )
                % {"kinds": describe_findings(findings)},
                field=field,
                code="personal_data",
            )


def _is_mission_lead(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_mission_lead)


# --- Experiments -----------------------------------------------------------------------------


def experiment_sectors(*, experiment: Experiment) -> set[int]:
    """The ids of the sectors in the team: the owner's, the partners' and the people's."""
    sector_ids = {experiment.owner_organisation.sector_id}
    sector_ids.update(
        ExperimentPartner.objects.filter(experiment=experiment).values_list(
            "organisation__sector_id", flat=True
        )
    )
    sector_ids.update(
        ExperimentTeamMember.objects.filter(experiment=experiment).values_list(
            "organisation__sector_id", flat=True
        )
    )
    return sector_ids


def _check_meeting_dates(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ServiceError(_("Sluttmøtet kan ikke være før startmøtet."), field="end_meeting_date")


@transaction.atomic
def experiment_create(
    *,
    municipality: Municipality,
    owner_organisation: Organisation,
    title: str,
    challenge: str,
    hypothesis_change: str,
    hypothesis_target_group: str,
    hypothesis_effect: str,
    hypothesis_evidence: str,
    created_by,
    main_challenges: Iterable = (),
    innovation_areas: Iterable = (),
    need_themes: Iterable = (),
    age_band: str = AgeBand.AGE_15_29,
    youth_involvement: str = "",
    start_meeting_date: date | None = None,
    end_meeting_date: date | None = None,
    partners: Iterable[Organisation] = (),
    youth_dialogs: Iterable = (),
) -> Experiment:
    if (
        not _is_mission_lead(created_by)
        and not Membership.objects.filter(user=created_by, organisation=owner_organisation).exists()
    ):
        raise ServiceError(
            _("Du kan bare opprette forsøk for en organisasjon du er medlem av."),
            field="owner_organisation",
            code="forbidden",
        )
    if age_band not in AgeBand.values:
        raise ServiceError(_("Ukjent aldersgruppe."), field="age_band")
    texts = {
        "title": title,
        "challenge": challenge,
        "hypothesis_change": hypothesis_change,
        "hypothesis_target_group": hypothesis_target_group,
        "hypothesis_effect": hypothesis_effect,
        "hypothesis_evidence": hypothesis_evidence,
        "youth_involvement": youth_involvement,
    }
    for field, text in texts.items():
        if field != "youth_involvement" and not (text or "").strip():
            raise ServiceError(_("Feltet må fylles ut."), field=field, code="required")
    _screen(**texts)
    _check_meeting_dates(start_meeting_date, end_meeting_date)
    with _actor(created_by):
        experiment = Experiment(
            municipality=municipality,
            owner_organisation=owner_organisation,
            age_band=age_band,
            start_meeting_date=start_meeting_date,
            end_meeting_date=end_meeting_date,
            created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
            **{field: (text or "").strip() for field, text in texts.items()},
        )
        experiment.full_clean()
        experiment.save()
        experiment.main_challenges.set(main_challenges)
        experiment.innovation_areas.set(innovation_areas)
        experiment.need_themes.set(need_themes)
        experiment.youth_dialogs.set(youth_dialogs)
        for organisation in partners:
            if organisation.pk != owner_organisation.pk:
                ExperimentPartner.objects.create(experiment=experiment, organisation=organisation)
    return experiment


EDITABLE_FIELDS = TEXT_FIELDS_SCREENED | {
    "age_band",
    "start_meeting_date",
    "end_meeting_date",
    "main_challenges",
    "innovation_areas",
    "need_themes",
    "youth_dialogs",
}
RELATION_FIELDS = ("main_challenges", "innovation_areas", "need_themes", "youth_dialogs")


@transaction.atomic
def experiment_update(*, experiment: Experiment, by, **fields) -> Experiment:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError(_("Disse feltene kan ikke endres her: %s") % ", ".join(sorted(unknown)))
    if experiment.status in (ExperimentStatus.COMPLETED, ExperimentStatus.STOPPED):
        raise ServiceError(_("Et avsluttet eller stoppet forsøk kan ikke endres."))
    texts = {name: value for name, value in fields.items() if name in TEXT_FIELDS_SCREENED}
    for name, value in texts.items():
        if name != "youth_involvement" and not (value or "").strip():
            raise ServiceError(_("Feltet må fylles ut."), field=name, code="required")
    _screen(**texts)
    _check_meeting_dates(
        fields.get("start_meeting_date", experiment.start_meeting_date),
        fields.get("end_meeting_date", experiment.end_meeting_date),
    )
    relations = {}
    with _actor(by):
        for name, value in fields.items():
            if name in RELATION_FIELDS:
                relations[name] = value
            else:
                setattr(experiment, name, value.strip() if isinstance(value, str) else value)
        experiment.full_clean()
        experiment.save()
        for name, value in relations.items():
            getattr(experiment, name).set(value)
    return experiment


@transaction.atomic
def experiment_partner_add(
    *, experiment: Experiment, organisation: Organisation, role: str = "", by
) -> ExperimentPartner:
    if organisation.pk == experiment.owner_organisation_id:
        raise ServiceError(_("Eieren er allerede med i teamet."), field="organisation")
    if ExperimentPartner.objects.filter(experiment=experiment, organisation=organisation).exists():
        raise ServiceError(_("Organisasjonen er allerede med i teamet."), field="organisation")
    with _actor(by):
        return ExperimentPartner.objects.create(
            experiment=experiment, organisation=organisation, role=role.strip()
        )


def _check_running_team_sectors(experiment: Experiment, *, field: str) -> None:
    """Called after a removal, inside its transaction: the error undoes the removal."""
    if (
        experiment.status == ExperimentStatus.RUNNING
        and len(experiment_sectors(experiment=experiment)) < MINIMUM_SECTORS_TO_START
    ):
        raise ServiceError(
            _(
                "Et forsøk som pågår må ha minst to sektorer i teamet. "
                "Legg til en annen sektor før du fjerner denne."
            ),
            field=field,
            code="too_few_sectors",
        )


@transaction.atomic
def experiment_partner_remove(*, partner: ExperimentPartner, by) -> None:
    # Fresh and locked: the status decides, and a status change must not slip in between.
    experiment = Experiment.objects.select_for_update().get(pk=partner.experiment_id)
    with _actor(by):
        partner.delete()
        _check_running_team_sectors(experiment, field="organisation")


@transaction.atomic
def experiment_team_member_add(
    *,
    experiment: Experiment,
    name: str,
    organisation: Organisation,
    role: str = "",
    email: str = "",
    by,
) -> ExperimentTeamMember:
    from fellesloft.accounts.models import User

    name = name.strip()
    if not name:
        raise ServiceError(_("Feltet må fylles ut."), field="name", code="required")
    user = None
    if email.strip():
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise ServiceError(
                _(
                    "Fant ingen bruker med denne e-postadressen. La feltet stå tomt, eller be "
                    "personen registrere seg først."
                ),
                field="email",
            )
        if experiment.team_members.filter(user=user).exists():
            raise ServiceError(_("Personen er allerede med i teamet."), field="email")
    with _actor(by):
        return ExperimentTeamMember.objects.create(
            experiment=experiment,
            name=name,
            organisation=organisation,
            role=role.strip(),
            user=user,
        )


@transaction.atomic
def experiment_team_member_remove(*, member: ExperimentTeamMember, by) -> None:
    experiment = Experiment.objects.select_for_update().get(pk=member.experiment_id)
    with _actor(by):
        member.delete()
        # A person's organisation counts for «på tvers» too.
        _check_running_team_sectors(experiment, field="name")


@transaction.atomic
def experiment_change_status(
    *, experiment: Experiment, to_status: str, by, outcome: str = "", reason: str = ""
) -> Experiment:
    """Moves an experiment along idé → planlegging → pågår → avsluttet (or stoppet)."""
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    current = experiment.status
    if to_status not in ExperimentStatus.values:
        raise ServiceError(_("Ukjent status."), field="status")
    if to_status not in TRANSITIONS[current]:
        raise ServiceError(
            _("Et forsøk med status «%(from)s» kan ikke få status «%(to)s».")
            % {
                "from": ExperimentStatus(current).label,
                "to": ExperimentStatus(to_status).label,
            },
            field="status",
            code="transition_not_allowed",
        )
    reason = reason.strip()
    if to_status == ExperimentStatus.RUNNING:
        sectors = experiment_sectors(experiment=experiment)
        if len(sectors) < MINIMUM_SECTORS_TO_START:
            raise ServiceError(
                _(
                    "Forsøket kan ikke starte før teamet har organisasjoner fra minst to "
                    "sektorer. Forsøk skal løse en utfordring på tvers – legg til en "
                    "samarbeidspartner fra en annen sektor."
                ),
                field="status",
                code="too_few_sectors",
            )
    if to_status == ExperimentStatus.COMPLETED:
        if outcome not in ExperimentOutcome.values:
            raise ServiceError(
                _("Velg utfallet: videreføres, skaleres eller avsluttes."), field="outcome"
            )
    elif outcome:
        raise ServiceError(_("Utfall settes bare når forsøket avsluttes."), field="outcome")
    if to_status == ExperimentStatus.STOPPED and not reason:
        raise ServiceError(_("Skriv hvorfor forsøket stoppes."), field="reason")
    _screen(reason=reason)
    with _actor(by):
        experiment.status = to_status
        experiment.outcome = outcome if to_status == ExperimentStatus.COMPLETED else ""
        if to_status == ExperimentStatus.STOPPED:
            experiment.stop_reason = reason
        experiment.status_changed_at = timezone.now()
        experiment.save(update_fields=["status", "outcome", "stop_reason", "status_changed_at"])
        ExperimentStatusChange.objects.create(
            experiment=experiment,
            from_status=current,
            to_status=to_status,
            outcome=experiment.outcome,
            reason=reason,
            changed_by=by if getattr(by, "is_authenticated", False) else None,
        )
    return experiment


# --- Sprints ---------------------------------------------------------------------------------

SPRINT_PLAN_FIELDS = ("plan_change", "plan_prediction", "plan_data", "plan_responsibilities")
SPRINT_DO_FIELDS = ("do_what_happened", "do_observations")
SPRINT_TEXT_FIELDS = SPRINT_PLAN_FIELDS + SPRINT_DO_FIELDS


def _check_sprint_dates(
    *,
    experiment: Experiment,
    start_date: date,
    end_date: date,
    exclude_pk: int | None = None,
    number: int | None = None,
) -> None:
    if start_date is None or end_date is None:
        raise ServiceError(_("Oppgi start- og sluttdato."), field="start_date")
    if end_date < start_date:
        raise ServiceError(
            _("Sprinten kan ikke slutte før den starter."), field="end_date", code="dates"
        )
    overlapping = (
        Sprint.objects.filter(
            experiment=experiment, start_date__lte=end_date, end_date__gte=start_date
        )
        .exclude(pk=exclude_pk)
        .order_by("number")
        .first()
    )
    if overlapping is not None:
        raise ServiceError(
            _(
                "Sprinten overlapper sprint %(number)s (%(start)s–%(end)s). En ny sprint må "
                "starte etter at den forrige er ferdig."
            )
            % {
                "number": overlapping.number,
                "start": date_format(overlapping.start_date, "SHORT_DATE_FORMAT"),
                "end": date_format(overlapping.end_date, "SHORT_DATE_FORMAT"),
            },
            field="start_date",
            code="overlap",
        )
    earlier_later = (
        Sprint.objects.filter(experiment=experiment, start_date__gt=end_date)
        .exclude(pk=exclude_pk)
        .exists()
    )
    if exclude_pk is None and earlier_later:
        raise ServiceError(
            _("En ny sprint må komme etter de sprintene som allerede er planlagt."),
            field="start_date",
            code="overlap",
        )
    if number is not None:
        # A sprint moved in time keeps its place: after the one before, before the next.
        out_of_order = (
            Sprint.objects.filter(experiment=experiment)
            .exclude(pk=exclude_pk)
            .filter(
                Q(number__lt=number, start_date__gt=start_date)
                | Q(number__gt=number, start_date__lt=start_date)
            )
            .exists()
        )
        if out_of_order:
            raise ServiceError(
                _(
                    "Sprint %(number)s må ligge mellom sprinten før og sprinten etter. "
                    "Velg datoer som holder rekkefølgen."
                )
                % {"number": number},
                field="start_date",
                code="order",
            )


def sprint_length_advice(*, start_date: date, end_date: date) -> str:
    """A sprint of 2–6 weeks is suggested; outside that the user is told, not stopped."""
    days = (end_date - start_date).days + 1
    if days < SUGGESTED_SPRINT_DAYS[0]:
        return _("Sprinten er kortere enn to uker. Det er ofte for kort til å se en endring.")
    if days > SUGGESTED_SPRINT_DAYS[1]:
        return _("Sprinten er lengre enn seks uker. Korte sprinter gir raskere læring.")
    return ""


def _check_experiment_open(experiment: Experiment) -> None:
    if experiment.status in (ExperimentStatus.COMPLETED, ExperimentStatus.STOPPED):
        raise ServiceError(
            _("Forsøket er %(status)s; sprinter kan ikke legges til eller endres.")
            % {"status": ExperimentStatus(experiment.status).label.lower()},
            code="closed",
        )


@transaction.atomic
def sprint_create(
    *, experiment: Experiment, start_date: date, end_date: date, by, **plan: str
) -> Sprint:
    unknown = set(plan) - set(SPRINT_TEXT_FIELDS)
    if unknown:
        raise ServiceError(_("Ukjente felt: %s") % ", ".join(sorted(unknown)))
    # Lock the experiment so that two sprints written at once get distinct numbers.
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    _check_experiment_open(experiment)
    _check_sprint_dates(experiment=experiment, start_date=start_date, end_date=end_date)
    _screen(**plan)
    number = (experiment.sprints.aggregate(last=Max("number"))["last"] or 0) + 1
    with _actor(by):
        sprint = Sprint(
            experiment=experiment,
            number=number,
            start_date=start_date,
            end_date=end_date,
            **{name: (value or "").strip() for name, value in plan.items()},
        )
        sprint.full_clean()
        sprint.save()
    return sprint


@transaction.atomic
def sprint_update(*, sprint: Sprint, by, **fields) -> Sprint:
    allowed = set(SPRINT_TEXT_FIELDS) | {"start_date", "end_date"}
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(_("Ukjente felt: %s") % ", ".join(sorted(unknown)))
    _check_experiment_open(sprint.experiment)
    start_date = fields.get("start_date", sprint.start_date)
    end_date = fields.get("end_date", sprint.end_date)
    _check_sprint_dates(
        experiment=sprint.experiment,
        start_date=start_date,
        end_date=end_date,
        exclude_pk=sprint.pk,
        number=sprint.number,
    )
    _screen(**{name: value for name, value in fields.items() if name in SPRINT_TEXT_FIELDS})
    with _actor(by):
        for name, value in fields.items():
            setattr(sprint, name, value.strip() if isinstance(value, str) else value)
        sprint.full_clean()
        sprint.save()
    return sprint


@transaction.atomic
def sprint_evaluate(
    *,
    sprint: Sprint,
    by,
    what_worked: str,
    what_to_adjust: str,
    what_to_take_forward: str,
    act_decision: str,
    act_notes: str = "",
    do_what_happened: str | None = None,
    do_observations: str | None = None,
    barrier_note: str = "",
) -> Sprint:
    """The sprint evaluation: the three questions (study) and the decision (act). A barrier
    noted here is kept as a SprintBarrierNote for the barriers app."""
    _check_experiment_open(sprint.experiment)
    answers = {
        "what_worked": what_worked,
        "what_to_adjust": what_to_adjust,
        "what_to_take_forward": what_to_take_forward,
    }
    for field, text in answers.items():
        if not (text or "").strip():
            raise ServiceError(
                _("Svar på alle de tre spørsmålene før du lagrer evalueringen."),
                field=field,
                code="required",
            )
    if act_decision not in PdsaDecision.values:
        raise ServiceError(
            _("Velg en beslutning: ta i bruk, juster eller forkast."), field="act_decision"
        )
    if sprint.start_date > timezone.localdate():
        raise ServiceError(
            _("Sprinten har ikke startet ennå og kan ikke evalueres."), field="what_worked"
        )
    texts = {
        **answers,
        "act_notes": act_notes,
        "barrier_note": barrier_note,
    }
    if do_what_happened is not None:
        texts["do_what_happened"] = do_what_happened
    if do_observations is not None:
        texts["do_observations"] = do_observations
    _screen(**texts)
    with _actor(by):
        for name, value in texts.items():
            if name != "barrier_note":
                setattr(sprint, name, (value or "").strip())
        sprint.act_decision = act_decision
        sprint.evaluated_at = timezone.now()
        sprint.evaluated_by = by if getattr(by, "is_authenticated", False) else None
        sprint.save()
        if barrier_note.strip():
            sprint_barrier_note_add(sprint=sprint, text=barrier_note, by=by)
    return sprint


@transaction.atomic
def sprint_barrier_note_add(*, sprint: Sprint, text: str, by) -> SprintBarrierNote:
    text = text.strip()
    if not text:
        raise ServiceError(_("Beskriv barrieren."), field="text", code="required")
    _screen(barrier_note=text)
    with _actor(by):
        return SprintBarrierNote.objects.create(
            sprint=sprint,
            text=text,
            noted_by=by if getattr(by, "is_authenticated", False) else None,
        )


@transaction.atomic
def barrier_note_mark_converted(*, note: SprintBarrierNote, reference: str) -> SprintBarrierNote:
    """Called by the barriers app once it has made a barrier of the note; `reference` is the
    barrier's URL or id, shown on the sprint so the trail can be followed."""
    note = SprintBarrierNote.objects.select_for_update().get(pk=note.pk)
    if note.converted_at is not None:
        raise ServiceError(_("Denne barrieren er allerede registrert."), code="already_converted")
    note.converted_at = timezone.now()
    note.converted_reference = reference[:200]
    note.save(update_fields=["converted_at", "converted_reference"])
    return note


# --- Support hours ---------------------------------------------------------------------------


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
    if not _is_mission_lead(by):
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
        budget.full_clean()
        budget.save()
    return budget


@transaction.atomic
def support_entry_log(
    *,
    municipality: Municipality,
    entry_date: date,
    hours,
    kind: str,
    given_by: str,
    by,
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
    if not given_by.strip():
        raise ServiceError(_("Skriv hvem som ga støtten."), field="given_by", code="required")
    if entry_date is None:
        raise ServiceError(_("Oppgi dato."), field="date", code="required")
    if entry_date > timezone.localdate():
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
        if not _is_mission_lead(by):
            raise ServiceError(
                _("Bare oppdragsleder kan godkjenne timer over budsjettet."),
                field="override",
                code="forbidden",
            )
        if not override_reason.strip():
            raise ServiceError(_("Skriv hvorfor budsjettet overskrides."), field="override_reason")
    with _actor(by):
        entry = SupportEntry(
            municipality=municipality,
            experiment=experiment,
            date=entry_date,
            hours=hours,
            kind=kind,
            given_by=given_by.strip(),
            notes=notes.strip(),
            over_budget_override=over_budget,
            override_reason=override_reason.strip() if over_budget else "",
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        entry.full_clean()
        entry.save()
    return entry


@transaction.atomic
def support_entry_delete(*, entry: SupportEntry, by) -> None:
    with _actor(by):
        entry.delete()


def _format_hours(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


# --- Learning cards --------------------------------------------------------------------------

CARD_TEXT_FIELDS = ("title", "hypothesis", "observation", "learning", "decision")


@transaction.atomic
def learning_card_create(
    *,
    experiment: Experiment,
    title: str,
    hypothesis: str,
    observation: str,
    learning: str,
    decision: str,
    by,
    sprint: Sprint | None = None,
) -> LearningCard:
    texts = {
        "title": title,
        "hypothesis": hypothesis,
        "observation": observation,
        "learning": learning,
        "decision": decision,
    }
    for field, text in texts.items():
        if not (text or "").strip():
            raise ServiceError(_("Feltet må fylles ut."), field=field, code="required")
    if sprint is not None and sprint.experiment_id != experiment.pk:
        raise ServiceError(_("Sprinten hører til et annet forsøk."), field="sprint")
    _screen(**texts)
    with _actor(by):
        card = LearningCard(
            experiment=experiment,
            sprint=sprint,
            created_by=by if getattr(by, "is_authenticated", False) else None,
            **{name: text.strip() for name, text in texts.items()},
        )
        card.full_clean()
        card.save()
    return card


@transaction.atomic
def learning_card_update(*, card: LearningCard, by, **fields) -> LearningCard:
    unknown = set(fields) - set(CARD_TEXT_FIELDS) - {"sprint"}
    if unknown:
        raise ServiceError(_("Ukjente felt: %s") % ", ".join(sorted(unknown)))
    texts = {name: value for name, value in fields.items() if name in CARD_TEXT_FIELDS}
    for field, text in texts.items():
        if not (text or "").strip():
            raise ServiceError(_("Feltet må fylles ut."), field=field, code="required")
    sprint = fields.get("sprint", card.sprint)
    if sprint is not None and sprint.experiment_id != card.experiment_id:
        raise ServiceError(_("Sprinten hører til et annet forsøk."), field="sprint")
    _screen(**texts)
    with _actor(by):
        for name, value in texts.items():
            setattr(card, name, value.strip())
        card.sprint = sprint
        card.full_clean()
        card.save()
    return card


@transaction.atomic
def learning_card_publish(*, card: LearningCard, by) -> LearningCard:
    """Publishes the card to the network (and the public learning feed)."""
    if card.status == LearningCardStatus.PUBLISHED:
        raise ServiceError(_("Læringskortet er allerede publisert."), code="already_published")
    _screen(**{name: getattr(card, name) for name in CARD_TEXT_FIELDS})
    with _actor(by):
        card.status = LearningCardStatus.PUBLISHED
        card.published_at = timezone.now()
        card.published_by = by if getattr(by, "is_authenticated", False) else None
        card.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return card


@transaction.atomic
def learning_card_unpublish(*, card: LearningCard, by) -> LearningCard:
    if card.status != LearningCardStatus.PUBLISHED:
        raise ServiceError(_("Læringskortet er ikke publisert."), code="not_published")
    with _actor(by):
        card.status = LearningCardStatus.DRAFT
        card.published_at = None
        card.published_by = None
        card.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return card
