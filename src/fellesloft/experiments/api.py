"""The experiments API: the portfolio for the network, and sprints written by the team.

Reading the portfolio needs a login or a personal API token (the portfolio is the network's
working space); published learning cards are open data. Who sees what is experiments/rules.py:
lists come through the selectors' `visible(...)`, one experiment through
`visible_object_or_404`, and the page and write permissions through `has_perm`.
"""

from datetime import date, datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from fellesloft.api.auth import STAFF_AUTH
from fellesloft.api.lookups import named, one_named
from fellesloft.api.permissions import permitted_object, require, visible_permitted_object
from fellesloft.api.schemas import Id, NamedOut, Number, Page, one_of
from fellesloft.core.choices import TARGET_AGE_BANDS
from fellesloft.core.people import person_label
from fellesloft.core.policy import visible, visible_object_or_404
from fellesloft.dialogs.models import Dialog
from fellesloft.experiments import selectors, services
from fellesloft.experiments.models import (
    Experiment,
    ExperimentOutcome,
    ExperimentPartner,
    ExperimentStatus,
    ExperimentTeamMember,
    LearningCard,
    LearningCardStatus,
    PdsaDecision,
    Sprint,
    SupportEntry,
    SupportKind,
)
from fellesloft.mission.models import Goal, Indicator, InnovationArea, MainChallenge, NeedTheme
from fellesloft.organisations.models import Municipality, Organisation, Sector
from fellesloft.organisations.selectors import network_people

# The portfolio is the network's working space: a login or an API key unless an endpoint
# says it is open (`auth=None`).
router = Router(tags=["Forsøk"], auth=STAFF_AUTH)
PREFIX = "experiments"


class InMunicipalityOut(Schema):
    """Something in one municipality (its `.municipality`), told by number and name."""

    municipality: str = Field(..., alias="municipality.number", description="Kommunenummer")
    municipality_name: str = Field(..., alias="municipality.name")


class GoalRef(Schema):
    id: int
    title: str


def _related(experiment: Experiment, relation: str, prefetched_as: str) -> list:
    """The experiment's tags, goals or indicators: the list `selectors.with_tags` prefetched
    (`to_attr`), or a query for an experiment that comes without."""
    prefetched = getattr(experiment, prefetched_as, None)
    return prefetched if prefetched is not None else list(getattr(experiment, relation).all())


# The bands an experiment can be for, as the model stores them.
TargetAgeBand = one_of(TARGET_AGE_BANDS)


class ExperimentOut(InMunicipalityOut):
    id: int
    title: str
    owner_organisation: str = Field(
        ..., alias="owner_organisation.slug", description="Organisasjonens slug"
    )
    status: one_of(ExperimentStatus)
    outcome: one_of(ExperimentOutcome) | Literal[""]
    age_band: TargetAgeBand
    main_challenges: list[NamedOut]
    innovation_areas: list[NamedOut]
    need_themes: list[NamedOut]
    goals: list[GoalRef] = Field(description="The mission goals the experiment serves.")
    indicators: list[str] = Field(description="Codes of the indicators it follows.")
    sprint_count: int
    last_evaluated_at: datetime | None = None
    start_meeting_date: date | None = None
    end_meeting_date: date | None = None

    @staticmethod
    def resolve_main_challenges(experiment: Experiment) -> list:
        return _related(experiment, "main_challenges", "main_challenge_list")

    @staticmethod
    def resolve_innovation_areas(experiment: Experiment) -> list:
        return _related(experiment, "innovation_areas", "innovation_area_list")

    @staticmethod
    def resolve_need_themes(experiment: Experiment) -> list:
        return _related(experiment, "need_themes", "need_theme_list")

    @staticmethod
    def resolve_goals(experiment: Experiment) -> list:
        return _related(experiment, "goals", "goal_list")

    @staticmethod
    def resolve_indicators(experiment: Experiment) -> list[str]:
        return [
            indicator.code for indicator in _related(experiment, "indicators", "indicator_list")
        ]


class HypothesisOut(Schema):
    we_believe: str
    for_whom: str
    will_give: str
    we_know_when: str


class SprintOut(Schema):
    id: int
    number: int
    start_date: date
    end_date: date
    plan_change: str
    plan_prediction: str
    plan_data: str
    plan_responsibilities: str
    do_what_happened: str
    do_observations: str
    act_decision: str
    act_notes: str
    what_worked: str
    what_to_adjust: str
    what_to_take_forward: str
    evaluated_at: datetime | None = None


class ExperimentDetailOut(ExperimentOut):
    challenge: str
    hypothesis: HypothesisOut
    youth_involvement: str
    sectors: list[NamedOut]
    partners: list[str]
    sprints: list[SprintOut]

    @staticmethod
    def resolve_hypothesis(experiment: Experiment) -> dict:
        return {
            "we_believe": experiment.hypothesis_change,
            "for_whom": experiment.hypothesis_target_group,
            "will_give": experiment.hypothesis_effect,
            "we_know_when": experiment.hypothesis_evidence,
        }

    @staticmethod
    def resolve_sectors(experiment: Experiment) -> list:
        return selectors.team_sectors(experiment)

    @staticmethod
    def resolve_partners(experiment: Experiment) -> list[str]:
        return [partner.organisation.slug for partner in experiment.partners.all()]

    @staticmethod
    def resolve_sprint_count(experiment: Experiment) -> int:
        return len(experiment.sprints.all())

    @staticmethod
    def resolve_last_evaluated_at(experiment: Experiment):
        dates = [s.evaluated_at for s in experiment.sprints.all() if s.evaluated_at]
        return max(dates) if dates else None


class SprintIn(Schema):
    start_date: date
    end_date: date
    plan_change: str = Field("", max_length=5000)
    plan_prediction: str = Field("", max_length=5000)
    plan_data: str = Field("", max_length=5000)
    plan_responsibilities: str = Field("", max_length=5000)
    do_what_happened: str = Field("", max_length=5000)
    do_observations: str = Field("", max_length=5000)


class SprintUpdateIn(Schema):
    start_date: date | None = None
    end_date: date | None = None
    plan_change: str | None = Field(None, max_length=5000)
    plan_prediction: str | None = Field(None, max_length=5000)
    plan_data: str | None = Field(None, max_length=5000)
    plan_responsibilities: str | None = Field(None, max_length=5000)
    do_what_happened: str | None = Field(None, max_length=5000)
    do_observations: str | None = Field(None, max_length=5000)


class EvaluationIn(Schema):
    what_worked: str = Field(..., max_length=5000, description="Hva fungerte?")
    what_to_adjust: str = Field(..., max_length=5000, description="Hva justerer vi?")
    what_to_take_forward: str = Field(..., max_length=5000, description="Hva tar vi med videre?")
    act_decision: PdsaDecision
    act_notes: str = Field("", max_length=5000)
    barrier_note: str = Field("", max_length=5000, description="En systembarriere funnet")


class MatrixRowOut(Schema):
    municipality: str
    municipality_name: str
    counts: dict[str, int]


class SupportOut(InMunicipalityOut):
    budget: float
    used: float
    left: float
    percent_used: int
    warning: bool
    over_budget: bool


class LearningCardOut(Schema):
    id: int
    title: str
    experiment_id: int
    municipality: str = Field(..., alias="experiment.municipality.number")
    hypothesis: str
    observation: str
    learning: str
    decision: str
    published_at: datetime | None


def _filter_municipality(number: str | None) -> Municipality | None:
    return one_named(Municipality, "number", number, _("kommunenummer"), "municipality")


@router.get("", response=list[ExperimentOut], summary="Forsøksporteføljen")
def experiments_portfolio(
    request,
    page: Query[Page],
    municipality: str | None = None,
    status: ExperimentStatus | None = None,
    main_challenge: str | None = None,
    innovation_area: str | None = None,
    need_theme: str | None = None,
    sector: str | None = None,
    without_evaluation: bool = False,
):
    """Filterable like the portfolio page: kommunenummer and slugs of the tags and sector;
    `without_evaluation` keeps the running ones with no sprint evaluation in six weeks."""
    require(request, "experiments.view_portfolio")
    experiments = selectors.portfolio_experiments(
        user=request.user,
        municipality=_filter_municipality(municipality),
        status=status.value if status else "",
        main_challenge=one_named(
            MainChallenge, "slug", main_challenge, _("hovedutfordring"), "main_challenge"
        ),
        innovation_area=one_named(
            InnovationArea, "slug", innovation_area, _("innovasjonsområde"), "innovation_area"
        ),
        need_theme=one_named(NeedTheme, "slug", need_theme, _("behovstema"), "need_theme"),
        sector=one_named(Sector, "slug", sector, _("sektor"), "sector"),
        without_evaluation=without_evaluation,
    )
    return page.of(selectors.with_tags(experiments))


@router.get(
    "/matrix",
    response=list[MatrixRowOut],
    summary="Aktive forsøk per hovedutfordring og kommune",
)
def experiments_matrix(request):
    require(request, "experiments.view_portfolio")
    result = selectors.challenge_matrix(user=request.user)
    return [
        {
            "municipality": row.municipality.number,
            "municipality_name": row.municipality.name,
            "counts": {
                challenge.slug: count
                for challenge, count in zip(result.challenges, row.counts, strict=True)
            },
        }
        for row in result.rows
    ]


@router.get("/support", response=list[SupportOut], summary="Støttetimer brukt og igjen per kommune")
def experiments_support(request):
    require(request, "experiments.view_support_overview")
    return list(selectors.support_overview())


@router.get(
    "/learning-cards",
    response=list[LearningCardOut],
    summary="Publiserte læringskort",
    auth=None,  # open data
)
def experiments_learning_cards(
    request,
    page: Query[Page],
    municipality: str | None = None,
):
    cards = selectors.published_learning_cards(municipality=_filter_municipality(municipality))
    return page.of(cards)


@router.get("/{int:experiment_id}", response=ExperimentDetailOut, summary="Ett forsøk med sprinter")
def experiments_detail(request, experiment_id: Id):
    visible_object_or_404(Experiment.objects.all(), request.user, pk=experiment_id)
    return selectors.experiment_detail(pk=experiment_id)


@router.get(
    "/{int:experiment_id}/sprints",
    response=list[SprintOut],
    summary="Sprintene i et forsøk",
)
def experiments_sprints(request, experiment_id: Id):
    experiment = visible_object_or_404(Experiment.objects.all(), request.user, pk=experiment_id)
    return list(experiment.sprints.order_by("number"))


def _writable_experiment(request, experiment_id: int) -> Experiment:
    return permitted_object(request, "experiments.write_sprint", Experiment, pk=experiment_id)


def _writable_sprint(request, experiment_id: int, number: int) -> Sprint:
    experiment = _writable_experiment(request, experiment_id)
    sprint = get_object_or_404(Sprint, experiment=experiment, number=number)
    sprint.experiment = experiment
    return sprint


@router.post(
    "/{int:experiment_id}/sprints",
    response={201: SprintOut},
    summary="Ny sprint (for teamet)",
)
def experiments_sprint_create(request, experiment_id: Id, payload: SprintIn):
    experiment = _writable_experiment(request, experiment_id)
    sprint = services.sprint_create(experiment=experiment, by=request.user, **payload.dict())
    return 201, sprint


@router.patch(
    "/{int:experiment_id}/sprints/{int:number}",
    response=SprintOut,
    summary="Endre en sprint (for teamet)",
)
def experiments_sprint_update(request, experiment_id: Id, number: Number, payload: SprintUpdateIn):
    sprint = _writable_sprint(request, experiment_id, number)
    fields = payload.dict(exclude_none=True)
    return services.sprint_update(sprint=sprint, by=request.user, **fields)


@router.post(
    "/{int:experiment_id}/sprints/{int:number}/evaluation",
    response=SprintOut,
    summary="Evaluer en sprint: hva fungerte, hva justerer vi, hva tar vi med videre",
)
def experiments_sprint_evaluate(request, experiment_id: Id, number: Number, payload: EvaluationIn):
    sprint = _writable_sprint(request, experiment_id, number)
    data = payload.dict()
    data["act_decision"] = payload.act_decision.value
    return services.sprint_evaluate(sprint=sprint, by=request.user, **data)


class StatusIn(Schema):
    status: one_of(ExperimentStatus)
    outcome: one_of(ExperimentOutcome) | Literal[""] = Field(
        "", description="Utfallet når forsøket avsluttes"
    )
    reason: str = Field("", max_length=1000, description="Hvorfor (kreves når det stoppes)")


class StatusOut(Schema):
    id: int
    status: one_of(ExperimentStatus)
    status_label: str


@router.post(
    "/{int:experiment_id}/status",
    response=StatusOut,
    summary="Endre status: idé → planlegging → pågår → avsluttet eller stoppet",
)
def experiments_status(request, experiment_id: Id, payload: StatusIn):
    experiment = visible_permitted_object(
        request, "experiments.change_status", Experiment.objects.all(), pk=experiment_id
    )
    changed = services.experiment_change_status(
        experiment=experiment,
        status=payload.status,
        by=request.user,
        outcome=payload.outcome,
        reason=payload.reason,
    )
    return {
        "id": changed.pk,
        "status": changed.status,
        "status_label": str(changed.get_status_display()),
    }


class LearningCardIn(Schema):
    title: str = Field(..., max_length=200)
    hypothesis: str = Field(..., max_length=2000)
    observation: str = Field(..., max_length=2000)
    learning: str = Field(..., max_length=2000)
    decision: str = Field(..., max_length=2000)
    sprint: Number | None = Field(None, description="Sprintens nummer kortet bygger på")
    contact_me: bool = Field(False, description="Vis meg som kontaktperson for kortet")


def _card_sprint(experiment_id: int, number: int | None) -> Sprint | None:
    """The sprint of the card's own experiment that the body names by its number."""
    experiment_sprints = Sprint.objects.filter(experiment_id=experiment_id)
    return one_named(experiment_sprints, "number", number, _("sprint"), "sprint")


@router.post(
    "/{int:experiment_id}/learning-cards",
    response={201: LearningCardOut},
    summary="Nytt læringskort (et utkast til koordinatoren publiserer det)",
)
def experiments_learning_card_create(request, experiment_id: Id, payload: LearningCardIn):
    experiment = visible_permitted_object(
        request, "experiments.add_learning_card", Experiment.objects.all(), pk=experiment_id
    )
    data = payload.dict()
    sprint = _card_sprint(experiment.pk, data.pop("sprint"))
    card = services.learning_card_create(
        experiment=experiment, by=request.user, sprint=sprint, **data
    )
    return 201, card


# --- Creating and changing an experiment ---------------------------------------------------


class ExperimentFieldsIn(Schema):
    """What describes an experiment: the same fields as the form (`ExperimentForm`)."""

    title: str = Field(..., max_length=200)
    challenge: str = Field(..., max_length=5000, description="Utfordringen på tvers")
    hypothesis_change: str = Field(..., max_length=1000, description="Vi tror at …")
    hypothesis_target_group: str = Field(..., max_length=300, description="… for …")
    hypothesis_effect: str = Field(..., max_length=1000, description="… vil gi …")
    hypothesis_evidence: str = Field(..., max_length=1000, description="Vi vet det når …")
    main_challenges: list[str] = Field([], max_length=50, description="Slugs")
    innovation_areas: list[str] = Field([], max_length=50, description="Slugs")
    need_themes: list[str] = Field([], max_length=50, description="Slugs")
    age_band: TargetAgeBand = "15-29"
    youth_involvement: str = Field("", max_length=5000)
    youth_dialogs: list[Id] = Field([], max_length=50, description="Id-ene til dialogene")
    goals: list[Id] = Field([], max_length=50, description="Id-ene til målene i oppdraget")
    indicators: list[str] = Field([], max_length=50, description="Indikatorenes koder")
    start_meeting_date: date | None = None
    end_meeting_date: date | None = None


class ExperimentIn(ExperimentFieldsIn):
    municipality: str = Field(..., max_length=4, description="Vertskommunens kommunenummer")
    owner_organisation: str = Field(
        ..., max_length=100, description="Slug til eieren: en organisasjon du er medlem av"
    )
    partners: list[str] = Field([], max_length=100, description="Partnernes slugs")


class ExperimentUpdateIn(Schema):
    """Only the fields sent are changed; a list replaces the one stored."""

    title: str = Field(None, max_length=200)
    challenge: str = Field(None, max_length=5000)
    hypothesis_change: str = Field(None, max_length=1000)
    hypothesis_target_group: str = Field(None, max_length=300)
    hypothesis_effect: str = Field(None, max_length=1000)
    hypothesis_evidence: str = Field(None, max_length=1000)
    main_challenges: list[str] = Field(None, max_length=50)
    innovation_areas: list[str] = Field(None, max_length=50)
    need_themes: list[str] = Field(None, max_length=50)
    age_band: TargetAgeBand = None
    youth_involvement: str = Field(None, max_length=5000)
    youth_dialogs: list[Id] = Field(None, max_length=50)
    goals: list[Id] = Field(None, max_length=50)
    indicators: list[str] = Field(None, max_length=50)
    start_meeting_date: date | None = None
    end_meeting_date: date | None = None


def _experiment_relations(request, fields: dict) -> dict:
    """The lists a request names as objects: tags in use, and the dialogs, goals and
    indicators the caller may see (as the form offers them)."""
    user = request.user
    lookups = {
        "main_challenges": (
            MainChallenge.objects.filter(is_active=True),
            "slug",
            _("hovedutfordring"),
        ),
        "innovation_areas": (
            InnovationArea.objects.filter(is_active=True),
            "slug",
            _("innovasjonsområde"),
        ),
        "need_themes": (NeedTheme.objects.filter(is_active=True), "slug", _("behovstema")),
        "youth_dialogs": (visible(Dialog.objects.all(), user), "pk", _("dialog")),
        "goals": (visible(Goal.objects.all(), user), "pk", _("mål")),
        "indicators": (visible(Indicator.objects.all(), user), "code", _("indikator")),
    }
    return {
        name: named(source, key, fields[name], what, name)
        for name, (source, key, what) in lookups.items()
        if name in fields
    }


def _experiment_out(experiment: Experiment) -> Experiment:
    return selectors.experiment_detail(pk=experiment.pk)


@router.post("", response={201: ExperimentDetailOut}, summary="Nytt forsøk")
def experiments_create(request, payload: ExperimentIn):
    """As the form «Nytt forsøk»: the owner is an organisation you are a member of (the mission
    lead may choose any); partners, tags, dialogs, goals and indicators by their keys."""
    require(request, "experiments.add_experiment")
    data = payload.dict()
    data |= _experiment_relations(request, data)
    data["municipality"] = one_named(
        Municipality, "number", data["municipality"], _("kommune"), "municipality"
    )
    data["owner_organisation"] = one_named(
        Organisation, "slug", data["owner_organisation"], _("organisasjon"), "owner_organisation"
    )
    data["partners"] = named(Organisation, "slug", data["partners"], _("organisasjon"), "partners")
    created = services.experiment_create(created_by=request.user, **data)
    return 201, _experiment_out(created)


@router.patch(
    "/{int:experiment_id}",
    response=ExperimentDetailOut,
    summary="Endre et forsøk (for teamet)",
)
def experiments_update(request, experiment_id: Id, payload: ExperimentUpdateIn):
    """Only the fields sent change. Owner, municipality and partners are changed on the team
    (`…/team`), the status with `…/status`."""
    experiment = visible_permitted_object(
        request, "experiments.change_experiment", Experiment.objects.all(), pk=experiment_id
    )
    fields = payload.dict(exclude_unset=True)
    fields |= _experiment_relations(request, fields)
    services.experiment_update(experiment=experiment, by=request.user, **fields)
    return _experiment_out(experiment)


# --- The team --------------------------------------------------------------------------------


class PartnerOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug", description="Organisasjonens slug")
    organisation_name: str = Field(..., alias="organisation.name")
    sector: str = Field(..., alias="organisation.sector.slug", description="Sektorens slug")
    role: str


class TeamMemberOut(PartnerOut):
    name: str
    has_account: bool = Field(..., description="Personen har en bruker og kan skrive sprinter")

    @staticmethod
    def resolve_has_account(member) -> bool:
        return member.user_id is not None


class TeamOut(Schema):
    owner_organisation: str
    sectors: list[NamedOut] = Field(..., description="Sektorene i teamet (minst to for å starte)")
    partners: list[PartnerOut]
    members: list[TeamMemberOut]


class PartnerIn(Schema):
    organisation: str = Field(..., max_length=100, description="Organisasjonens slug")
    role: str = Field("", max_length=200)


class TeamMemberIn(Schema):
    name: str = Field(..., max_length=150)
    organisation: str = Field(..., max_length=100, description="Organisasjonens slug")
    role: str = Field("", max_length=200)
    email: str = Field(
        "", max_length=254, description="E-posten til en registrert bruker: da kan hen skrive"
    )


def _team_experiment(request, experiment_id: int, permission: str) -> Experiment:
    experiments = Experiment.objects.select_related("owner_organisation")
    return visible_permitted_object(request, permission, experiments, pk=experiment_id)


def _remove_from_team(request, experiment_id: int, model, row_id: int):
    """Removes an organisation or a person (a row of `model`) from the team."""
    experiment = _team_experiment(request, experiment_id, "experiments.manage_team")
    row = get_object_or_404(model, experiment=experiment, pk=row_id)
    services.experiment_team_remove(team_row=row, by=request.user)
    return 204, None


def _organisation(slug: str) -> Organisation:
    return one_named(Organisation, "slug", slug, _("organisasjon"), "organisation")


@router.get(
    "/{int:experiment_id}/team",
    response=TeamOut,
    summary="Teamet: eieren, partnerne og personene",
)
def experiments_team(request, experiment_id: Id):
    _team_experiment(request, experiment_id, "experiments.view_experiment")
    experiment = selectors.experiment_detail(pk=experiment_id)
    return {
        "owner_organisation": experiment.owner_organisation.slug,
        "sectors": selectors.team_sectors(experiment),
        "partners": list(experiment.partners.all()),
        "members": list(experiment.team_members.select_related("organisation__sector")),
    }


@router.post(
    "/{int:experiment_id}/team/partners",
    response={201: PartnerOut},
    summary="Legg en organisasjon til i teamet",
)
def experiments_partner_add(request, experiment_id: Id, payload: PartnerIn):
    experiment = _team_experiment(request, experiment_id, "experiments.manage_team")
    partner = services.experiment_partner_add(
        experiment=experiment,
        organisation=_organisation(payload.organisation),
        role=payload.role,
        by=request.user,
    )
    return 201, partner


@router.delete(
    "/{int:experiment_id}/team/partners/{int:partner_id}",
    response={204: None},
    summary="Fjern en organisasjon fra teamet",
)
def experiments_partner_remove(request, experiment_id: Id, partner_id: Id):
    return _remove_from_team(request, experiment_id, ExperimentPartner, partner_id)


@router.post(
    "/{int:experiment_id}/team/members",
    response={201: TeamMemberOut},
    summary="Legg en person til i teamet",
)
def experiments_member_add(request, experiment_id: Id, payload: TeamMemberIn):
    experiment = _team_experiment(request, experiment_id, "experiments.manage_team")
    member = services.experiment_team_member_add(
        experiment=experiment,
        name=payload.name,
        organisation=_organisation(payload.organisation),
        role=payload.role,
        email=payload.email,
        by=request.user,
    )
    return 201, member


@router.delete(
    "/{int:experiment_id}/team/members/{int:member_id}",
    response={204: None},
    summary="Fjern en person fra teamet",
)
def experiments_member_remove(request, experiment_id: Id, member_id: Id):
    return _remove_from_team(request, experiment_id, ExperimentTeamMember, member_id)


# --- One municipality's support hours --------------------------------------------------------


class SupportEntryOut(Schema):
    id: int
    date: date
    hours: float
    kind: one_of(SupportKind)
    kind_label: str
    experiment_id: int | None
    given_by_person: str | None = Field(None, description="Navnet til den som ga støtten")
    given_by_organisation: str | None = Field(None, description="Organisasjonens slug")
    notes: str
    over_budget_override: bool
    override_reason: str

    @staticmethod
    def resolve_kind_label(entry: SupportEntry) -> str:
        return str(entry.get_kind_display())

    @staticmethod
    def resolve_given_by_person(entry: SupportEntry) -> str | None:
        return person_label(entry.given_by_person) if entry.given_by_person_id else None

    @staticmethod
    def resolve_given_by_organisation(entry: SupportEntry) -> str | None:
        return entry.given_by_organisation.slug if entry.given_by_organisation_id else None


class SupportLogOut(SupportOut):
    entries: list[SupportEntryOut]


class SupportEntryIn(Schema):
    date: date
    hours: float = Field(..., gt=0, le=1000, description="Timer, høyst én desimal")
    kind: SupportKind
    given_by_person: str | None = Field(
        None, max_length=254, description="E-posten til en person i nettverket"
    )
    given_by_organisation: str | None = Field(None, max_length=100, description="Slug")
    notes: str = Field("", max_length=5000)
    experiment: Id | None = Field(None, description="Forsøket i kommunen støtten gjaldt")
    override: bool = Field(False, description="Over budsjettet (bare oppdragsleder)")
    override_reason: str = Field("", max_length=2000)


class BudgetIn(Schema):
    hours: float = Field(..., ge=0, le=100000, description="Timer i året")


def _support_municipality(request, number: str, permission: str) -> Municipality:
    return permitted_object(request, permission, Municipality, number=number)


def _support_log(municipality: Municipality):
    """The municipality's hours (`selectors.support_status`) with its log."""
    status = selectors.support_status(municipality=municipality)
    status.entries = list(selectors.support_entries(municipality=municipality))
    return status


@router.get(
    "/support/{number}",
    response=SupportLogOut,
    summary="Én kommunes støttelogg: budsjett, brukt, igjen og hver registrering",
)
def experiments_support_log(request, number: str):
    return _support_log(_support_municipality(request, number, "experiments.view_support"))


@router.post(
    "/support/{number}/entries",
    response={201: SupportEntryOut},
    summary="Registrer støttetimer gitt til kommunen",
)
def experiments_support_entry_create(request, number: str, payload: SupportEntryIn):
    """Past the budget only with `override` and a reason, which only the mission lead may give."""
    municipality = _support_municipality(request, number, "experiments.log_support")
    if payload.override:
        require(request, "experiments.override_support_budget")
    experiment = one_named(
        Experiment.objects.filter(municipality=municipality),
        "pk",
        payload.experiment,
        _("forsøk i kommunen"),
        "experiment",
    )
    entry = services.support_entry_log(
        municipality=municipality,
        date=payload.date,
        hours=payload.hours,
        kind=payload.kind.value,
        given_by_person=one_named(
            network_people(), "email", payload.given_by_person, _("person"), "given_by_person"
        ),
        given_by_organisation=one_named(
            Organisation,
            "slug",
            payload.given_by_organisation,
            _("organisasjon"),
            "given_by_organisation",
        ),
        notes=payload.notes,
        experiment=experiment,
        override=payload.override,
        override_reason=payload.override_reason,
        by=request.user,
    )
    return 201, entry


@router.put(
    "/support/{number}/budget",
    response=SupportLogOut,
    summary="Sett kommunens støttebudsjett (oppdragsleder)",
)
def experiments_support_budget(request, number: str, payload: BudgetIn):
    municipality = _support_municipality(request, number, "experiments.set_support_budget")
    services.support_budget_set(municipality=municipality, hours=payload.hours, by=request.user)
    return _support_log(municipality)


# --- One learning card: read, change, publish ------------------------------------------------


class LearningCardDetailOut(LearningCardOut):
    status: one_of(LearningCardStatus)
    sprint: int | None = Field(None, description="Sprintens nummer")
    contact_person: str | None = Field(None, description="For dem med en rolle i oppdraget")

    @staticmethod
    def resolve_sprint(card: LearningCard) -> int | None:
        return card.sprint.number if card.sprint_id else None

    @staticmethod
    def resolve_contact_person(card: LearningCard, context) -> str | None:
        if not card.contact_person_id:
            return None
        if not context["request"].user.has_perm("experiments.see_card_contact"):
            return None
        return person_label(card.contact_person)


class LearningCardUpdateIn(Schema):
    title: str = Field(None, max_length=200)
    hypothesis: str = Field(None, max_length=2000)
    observation: str = Field(None, max_length=2000)
    learning: str = Field(None, max_length=2000)
    decision: str = Field(None, max_length=2000)
    sprint: Number | None = Field(None, description="Sprintens nummer; null: ingen")
    contact_me: bool = Field(None, description="Vis meg som kontaktperson for kortet")


def _cards():
    return LearningCard.objects.select_related(
        "experiment", "experiment__municipality", "sprint", "contact_person"
    )


@router.get(
    "/learning-cards/{int:card_id}",
    response=LearningCardDetailOut,
    summary="Ett læringskort (et utkast bare for teamet og oppdragsleder)",
    auth=None,  # a published card is open data; the rules hide drafts
)
def experiments_learning_card(request, card_id: Id):
    return visible_object_or_404(_cards(), request.user, pk=card_id)


@router.patch(
    "/learning-cards/{int:card_id}",
    response=LearningCardDetailOut,
    summary="Endre et læringskort (for teamet)",
)
def experiments_learning_card_update(request, card_id: Id, payload: LearningCardUpdateIn):
    card = visible_permitted_object(
        request, "experiments.change_learning_card", _cards(), pk=card_id
    )
    fields = payload.dict(exclude_unset=True)
    if "sprint" in fields:
        fields["sprint"] = _card_sprint(card.experiment_id, fields["sprint"])
    return services.learning_card_update(card=card, by=request.user, **fields)


class PublishIn(Schema):
    published: bool = Field(..., description="true: publiser i nettverket; false: trekk tilbake")


@router.post(
    "/learning-cards/{int:card_id}/publication",
    response=LearningCardDetailOut,
    summary="Publiser et læringskort, eller trekk det tilbake (eierens koordinator)",
)
def experiments_learning_card_publish(request, card_id: Id, payload: PublishIn):
    card = visible_permitted_object(
        request, "experiments.publish_learning_card", _cards(), pk=card_id
    )
    step = services.learning_card_publish if payload.published else services.learning_card_unpublish
    return step(card=card, by=request.user)
