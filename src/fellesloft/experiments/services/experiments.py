"""Experiments: creating and editing one, its team (partners and people) and its status."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.services import apply_fields, refuse_unknown_fields, save_validated
from fellesloft.experiments.models import (
    AgeBand,
    Experiment,
    ExperimentOutcome,
    ExperimentPartner,
    ExperimentStatus,
    ExperimentStatusChange,
    ExperimentTeamMember,
)
from fellesloft.experiments.services._common import (
    _actor,
    _person,
    _require,
    _screen,
    _tell_followers,
)
from fellesloft.organisations.models import Municipality, Organisation
from fellesloft.organisations.rules import is_member, is_mission_lead

MINIMUM_SECTORS_TO_START = 2

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

# The free texts that describe an experiment: screened here, searched in experiments.search.
DESCRIPTION_FIELDS = (
    "challenge",
    "hypothesis_change",
    "hypothesis_target_group",
    "hypothesis_effect",
    "hypothesis_evidence",
    "youth_involvement",
)
TEXT_FIELDS_SCREENED = {"title", *DESCRIPTION_FIELDS}
OPTIONAL_TEXT_FIELDS = ("youth_involvement",)


def experiment_sectors(*, experiment: Experiment) -> set[int]:
    """The ids of the sectors in the team: the owner's, the partners' and the people's."""
    sector_ids = {experiment.owner_organisation.sector_id}
    for team in (ExperimentPartner, ExperimentTeamMember):
        sector_ids.update(
            team.objects.filter(experiment=experiment).values_list(
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
    goals: Iterable = (),
    indicators: Iterable = (),
) -> Experiment:
    if not is_mission_lead(created_by) and not is_member(created_by, owner_organisation):
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
    _require(texts, optional=OPTIONAL_TEXT_FIELDS)
    _screen(**texts)
    _check_meeting_dates(start_meeting_date, end_meeting_date)
    with _actor(created_by):
        experiment = save_validated(
            Experiment(
                municipality=municipality,
                owner_organisation=owner_organisation,
                age_band=age_band,
                start_meeting_date=start_meeting_date,
                end_meeting_date=end_meeting_date,
                created_by=_person(created_by),
                **{field: (text or "").strip() for field, text in texts.items()},
            )
        )
        experiment.main_challenges.set(main_challenges)
        experiment.innovation_areas.set(innovation_areas)
        experiment.need_themes.set(need_themes)
        experiment.youth_dialogs.set(youth_dialogs)
        experiment.goals.set(goals)
        experiment.indicators.set(indicators)
        for organisation in partners:
            if organisation.pk != owner_organisation.pk:
                ExperimentPartner.objects.create(experiment=experiment, organisation=organisation)
    return experiment


RELATION_FIELDS = (
    "main_challenges",
    "innovation_areas",
    "need_themes",
    "youth_dialogs",
    "goals",
    "indicators",
)
EDITABLE_FIELDS = TEXT_FIELDS_SCREENED | {
    "age_band",
    "start_meeting_date",
    "end_meeting_date",
    *RELATION_FIELDS,
}


@transaction.atomic
def experiment_update(*, experiment: Experiment, by, **fields) -> Experiment:
    refuse_unknown_fields(
        fields, EDITABLE_FIELDS, message=_("Disse feltene kan ikke endres her: %(fields)s")
    )
    if experiment.status in (ExperimentStatus.COMPLETED, ExperimentStatus.STOPPED):
        raise ServiceError(_("Et avsluttet eller stoppet forsøk kan ikke endres."))
    texts = {name: value for name, value in fields.items() if name in TEXT_FIELDS_SCREENED}
    _require(texts, optional=OPTIONAL_TEXT_FIELDS)
    _screen(**texts)
    _check_meeting_dates(
        fields.get("start_meeting_date", experiment.start_meeting_date),
        fields.get("end_meeting_date", experiment.end_meeting_date),
    )
    relations = {name: value for name, value in fields.items() if name in RELATION_FIELDS}
    with _actor(by):
        apply_fields(
            experiment,
            {name: value for name, value in fields.items() if name not in RELATION_FIELDS},
        )
        save_validated(experiment)
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


@transaction.atomic
def experiment_team_remove(*, team_row: ExperimentPartner | ExperimentTeamMember, by) -> None:
    """Removes a partner or a person. A running experiment must keep two sectors in the team
    (a person's organisation counts for «på tvers» too); if it would not, nothing is removed."""
    field = "organisation" if isinstance(team_row, ExperimentPartner) else "name"
    # Fresh and locked: the status decides, and a status change must not slip in between.
    experiment = Experiment.objects.select_for_update().get(pk=team_row.experiment_id)
    with _actor(by):
        team_row.delete()
        # Checked after the removal, inside its transaction: the error undoes the removal.
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
    _require({"name": name})
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
def team_memberships_forget(*, user) -> int:
    """When a person's account is deleted on their request: they leave every team (the row
    holds their name). Returns how many."""
    count, _by_model = ExperimentTeamMember.objects.filter(user=user).delete()
    return count


@transaction.atomic
def experiment_change_status(
    *, experiment: Experiment, status: str, by, outcome: str = "", reason: str = ""
) -> Experiment:
    """Moves an experiment along idé → planlegging → pågår → avsluttet (or stoppet)."""
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    current = experiment.status
    if status not in ExperimentStatus.values:
        raise ServiceError(_("Ukjent status."), field="status")
    if status not in TRANSITIONS[current]:
        raise ServiceError(
            _("Et forsøk med status «%(from)s» kan ikke få status «%(to)s».")
            % {
                "from": ExperimentStatus(current).label,
                "to": ExperimentStatus(status).label,
            },
            field="status",
            code="transition_not_allowed",
        )
    reason = reason.strip()
    if status == ExperimentStatus.RUNNING:
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
    if status == ExperimentStatus.COMPLETED:
        if outcome not in ExperimentOutcome.values:
            raise ServiceError(
                _("Velg utfallet: videreføres, skaleres eller avsluttes."), field="outcome"
            )
    elif outcome:
        raise ServiceError(_("Utfall settes bare når forsøket avsluttes."), field="outcome")
    if status == ExperimentStatus.STOPPED and not reason:
        raise ServiceError(_("Skriv hvorfor forsøket stoppes."), field="reason")
    _screen(reason=reason)
    with _actor(by):
        experiment.status = status
        experiment.outcome = outcome if status == ExperimentStatus.COMPLETED else ""
        if status == ExperimentStatus.STOPPED:
            experiment.stop_reason = reason
        experiment.status_changed_at = timezone.now()
        experiment.save(update_fields=["status", "outcome", "stop_reason", "status_changed_at"])
        ExperimentStatusChange.objects.create(
            experiment=experiment,
            from_status=current,
            to_status=status,
            outcome=experiment.outcome,
            reason=reason,
            changed_by=_person(by),
        )
    _tell_followers(
        experiment,
        by=by,
        text=lambda: (
            _("«%(title)s» har fått status «%(status)s».")
            % {"title": experiment.title, "status": ExperimentStatus(status).label}
        ),
    )
    return experiment
