"""The experiments API: the portfolio for the network, and sprints written by the team.

Reading the portfolio needs a login or a personal API token (the portfolio is the network's
working space); published learning cards are open data. Who sees what is experiments/rules.py:
lists come through the selectors' `visible(...)`, one experiment through
`visible_object_or_404`, and the page and write permissions through `has_perm`.
"""

from datetime import date, datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from fellesloft.api.auth import STAFF_AUTH
from fellesloft.api.permissions import require
from fellesloft.api.schemas import Id, NamedOut, Number, Page
from fellesloft.core.policy import visible_object_or_404
from fellesloft.experiments import selectors, services
from fellesloft.experiments.models import (
    Experiment,
    ExperimentStatus,
    LearningCard,
    PdsaDecision,
    Sprint,
)
from fellesloft.mission.models import InnovationArea, MainChallenge, NeedTheme
from fellesloft.organisations.models import Municipality, Sector

router = Router(tags=["Forsøk"])
PREFIX = "experiments"


class InMunicipalityOut(Schema):
    """Something in one municipality (its `.municipality`), told by number and name."""

    municipality: str = Field(..., description="Kommunenummer")
    municipality_name: str

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.municipality.number

    @staticmethod
    def resolve_municipality_name(obj) -> str:
        return obj.municipality.name


class GoalRef(Schema):
    id: int
    title: str


class ExperimentOut(InMunicipalityOut):
    id: int
    title: str
    owner_organisation: str = Field(..., description="Organisasjonens slug")
    status: str
    outcome: str
    age_band: str
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
    def resolve_owner_organisation(experiment: Experiment) -> str:
        return experiment.owner_organisation.slug

    @staticmethod
    def resolve_main_challenges(experiment: Experiment) -> list:
        prefetched = getattr(experiment, "main_challenge_list", None)
        return prefetched if prefetched is not None else list(experiment.main_challenges.all())

    @staticmethod
    def resolve_innovation_areas(experiment: Experiment) -> list:
        prefetched = getattr(experiment, "innovation_area_list", None)
        return prefetched if prefetched is not None else list(experiment.innovation_areas.all())

    @staticmethod
    def resolve_need_themes(experiment: Experiment) -> list:
        prefetched = getattr(experiment, "need_theme_list", None)
        return prefetched if prefetched is not None else list(experiment.need_themes.all())

    @staticmethod
    def resolve_goals(experiment: Experiment) -> list:
        prefetched = getattr(experiment, "goal_list", None)
        return prefetched if prefetched is not None else list(experiment.goals.all())

    @staticmethod
    def resolve_indicators(experiment: Experiment) -> list[str]:
        prefetched = getattr(experiment, "indicator_list", None)
        indicators = prefetched if prefetched is not None else experiment.indicators.all()
        return [indicator.code for indicator in indicators]


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
    def resolve_sprints(experiment: Experiment) -> list:
        return list(experiment.sprints.all())

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
    municipality: str
    hypothesis: str
    observation: str
    learning: str
    decision: str
    published_at: datetime | None

    @staticmethod
    def resolve_municipality(card: LearningCard) -> str:
        return card.experiment.municipality.number


def _by_slug(model, slug: str | None):
    return get_object_or_404(model, slug=slug) if slug else None


@router.get(
    "",
    response=list[ExperimentOut],
    auth=STAFF_AUTH,
    summary="Forsøksporteføljen",
    url_name="experiments_portfolio",
)
def portfolio(
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
        municipality=get_object_or_404(Municipality, number=municipality) if municipality else None,
        status=status.value if status else "",
        main_challenge=_by_slug(MainChallenge, main_challenge),
        innovation_area=_by_slug(InnovationArea, innovation_area),
        need_theme=_by_slug(NeedTheme, need_theme),
        sector=_by_slug(Sector, sector),
        without_evaluation=without_evaluation,
    )
    return page.of(selectors.with_tags(experiments))


@router.get(
    "/matrix",
    response=list[MatrixRowOut],
    auth=STAFF_AUTH,
    summary="Aktive forsøk per hovedutfordring og kommune",
    url_name="experiments_matrix",
)
def matrix(request):
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


@router.get(
    "/support",
    response=list[SupportOut],
    auth=STAFF_AUTH,
    summary="Støttetimer brukt og igjen per kommune",
    url_name="experiments_support",
)
def support(request):
    require(request, "experiments.view_support_overview")
    return list(selectors.support_overview())


@router.get(
    "/learning-cards",
    response=list[LearningCardOut],
    summary="Publiserte læringskort",
    url_name="experiments_learning_cards",
)
def learning_cards(
    request,
    page: Query[Page],
    municipality: str | None = None,
):
    cards = selectors.published_learning_cards(
        municipality=get_object_or_404(Municipality, number=municipality) if municipality else None
    )
    return page.of(cards)


@router.get(
    "/{int:experiment_id}",
    response=ExperimentDetailOut,
    auth=STAFF_AUTH,
    summary="Ett forsøk med sprinter",
    url_name="experiments_detail",
)
def experiment(request, experiment_id: Id):
    visible_object_or_404(Experiment.objects.all(), request.user, pk=experiment_id)
    return selectors.experiment_detail(pk=experiment_id)


@router.get(
    "/{int:experiment_id}/sprints",
    response=list[SprintOut],
    auth=STAFF_AUTH,
    summary="Sprintene i et forsøk",
    url_name="experiments_sprints",
)
def sprints(request, experiment_id: Id):
    experiment = visible_object_or_404(Experiment.objects.all(), request.user, pk=experiment_id)
    return list(experiment.sprints.order_by("number"))


def _writable_experiment(request, experiment_id: int) -> Experiment:
    experiment = get_object_or_404(Experiment, pk=experiment_id)
    require(request, "experiments.write_sprint", experiment)
    return experiment


def _writable_sprint(request, experiment_id: int, number: int) -> Sprint:
    experiment = _writable_experiment(request, experiment_id)
    sprint = get_object_or_404(Sprint, experiment=experiment, number=number)
    sprint.experiment = experiment
    return sprint


@router.post(
    "/{int:experiment_id}/sprints",
    response={201: SprintOut},
    auth=STAFF_AUTH,
    summary="Ny sprint (for teamet)",
    url_name="experiments_sprint_create",
)
def sprint_create(request, experiment_id: Id, payload: SprintIn):
    experiment = _writable_experiment(request, experiment_id)
    sprint = services.sprint_create(experiment=experiment, by=request.user, **payload.dict())
    return 201, sprint


@router.patch(
    "/{int:experiment_id}/sprints/{int:number}",
    response=SprintOut,
    auth=STAFF_AUTH,
    summary="Endre en sprint (for teamet)",
    url_name="experiments_sprint_update",
)
def sprint_update(request, experiment_id: Id, number: Number, payload: SprintUpdateIn):
    sprint = _writable_sprint(request, experiment_id, number)
    fields = payload.dict(exclude_none=True)
    return services.sprint_update(sprint=sprint, by=request.user, **fields)


@router.post(
    "/{int:experiment_id}/sprints/{int:number}/evaluation",
    response=SprintOut,
    auth=STAFF_AUTH,
    summary="Evaluer en sprint: hva fungerte, hva justerer vi, hva tar vi med videre",
    url_name="experiments_sprint_evaluate",
)
def sprint_evaluate(request, experiment_id: Id, number: Number, payload: EvaluationIn):
    sprint = _writable_sprint(request, experiment_id, number)
    data = payload.dict()
    data["act_decision"] = payload.act_decision.value
    return services.sprint_evaluate(sprint=sprint, by=request.user, **data)


class StatusIn(Schema):
    status: Literal["idea", "planning", "running", "completed", "stopped"]
    outcome: Literal["", "continue", "scale", "end"] = Field(
        "", description="Utfallet når forsøket avsluttes"
    )
    reason: str = Field("", max_length=1000, description="Hvorfor (kreves når det stoppes)")


class StatusOut(Schema):
    id: int
    status: str
    status_label: str


@router.post(
    "/{int:experiment_id}/status",
    response=StatusOut,
    auth=STAFF_AUTH,
    summary="Endre status: idé → planlegging → pågår → avsluttet eller stoppet",
    url_name="experiments_status",
)
def change_status(request, experiment_id: Id, payload: StatusIn):
    experiment = visible_object_or_404(Experiment.objects.all(), request.user, pk=experiment_id)
    require(request, "experiments.change_status", experiment)
    changed = services.experiment_change_status(
        experiment=experiment,
        to_status=payload.status,
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


@router.post(
    "/{int:experiment_id}/learning-cards",
    response={201: LearningCardOut},
    auth=STAFF_AUTH,
    summary="Nytt læringskort (et utkast til koordinatoren publiserer det)",
    url_name="experiments_learning_card_create",
)
def learning_card_create(request, experiment_id: Id, payload: LearningCardIn):
    experiment = visible_object_or_404(Experiment.objects.all(), request.user, pk=experiment_id)
    require(request, "experiments.add_learning_card", experiment)
    data = payload.dict()
    number = data.pop("sprint")
    sprint = get_object_or_404(Sprint, experiment=experiment, number=number) if number else None
    card = services.learning_card_create(
        experiment=experiment, by=request.user, sprint=sprint, **data
    )
    return 201, card
