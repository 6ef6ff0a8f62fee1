"""Demo experiments in five municipalities, with sprints at different stages, support hours
and learning cards. Idempotent: an experiment already there (same title and municipality)
is left alone. Everything is written through the services, as a user would. The content is
in `data/demo_experiments.toml`; this module reads it into the typed specs below."""

from dataclasses import asdict, dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from fellesloft.accounts.models import User
from fellesloft.core import demo_data
from fellesloft.experiments import services
from fellesloft.experiments.models import (
    Experiment,
    ExperimentOutcome,
    ExperimentStatus,
    PdsaDecision,
    Sprint,
    SupportKind,
)
from fellesloft.mission.models import Goal, Indicator, InnovationArea, MainChallenge, NeedTheme
from fellesloft.organisations.models import Municipality, Organisation

DATA_FILE = "demo_experiments.toml"


@dataclass(frozen=True)
class Hypothesis:
    change: str
    target_group: str
    effect: str
    evidence: str


@dataclass(frozen=True)
class Evaluation:
    """A sprint's evaluation, as `services.sprint_evaluate` takes it."""

    what_worked: str
    what_to_adjust: str
    what_to_take_forward: str
    act_decision: PdsaDecision
    barrier_note: str = ""


@dataclass(frozen=True)
class SprintSpec:
    weeks_ago: int  # when it started; negative: it has not started yet
    length: int  # in weeks
    plan: str
    evaluation: Evaluation | None = None
    evaluated_weeks_ago: int | None = None  # None: when the sprint ended


@dataclass(frozen=True)
class CardSpec:
    title: str
    observation: str
    learning: str
    decision: str
    publish: bool = False


@dataclass(frozen=True)
class SupportSpec:
    days_ago: int
    hours: int
    kind: SupportKind


@dataclass(frozen=True)
class ExperimentSpec:
    municipality: str  # its number
    owner: str  # organisation names, as the partners
    partners: list[str]
    title: str
    challenge: str
    hypothesis: Hypothesis
    challenges: list[str]  # slugs of main challenges, innovation areas, need themes
    areas: list[str]
    themes: list[str]
    age_band: str
    youth: str
    status: ExperimentStatus
    goals: list[str] = field(default_factory=list)  # indicator codes: the mission goals it serves
    outcome: ExperimentOutcome | None = None  # when completed
    stop_reason: str = ""  # when stopped
    sprints: list[SprintSpec] = field(default_factory=list)
    card: CardSpec | None = None
    support: list[SupportSpec] = field(default_factory=list)


def _sprint(table: dict, where: str) -> SprintSpec:
    evaluation = table.get("evaluation")
    if evaluation is not None:
        evaluation = demo_data.build(
            Evaluation,
            evaluation,
            where=f"{where}, evaluation",
            act_decision=demo_data.choice(
                PdsaDecision, evaluation.get("act_decision"), where=f"{where}, act_decision"
            ),
        )
    return demo_data.build(SprintSpec, table, where=where, evaluation=evaluation)


def _experiment(table: dict) -> ExperimentSpec:
    where = f"{DATA_FILE}, «{table.get('title')}»"
    outcome = table.get("outcome")
    card = table.get("card")
    return demo_data.build(
        ExperimentSpec,
        table,
        where=where,
        hypothesis=demo_data.build(
            Hypothesis, table.get("hypothesis", {}), where=f"{where}, hypothesis"
        ),
        status=demo_data.choice(ExperimentStatus, table.get("status"), where=f"{where}, status"),
        outcome=None
        if outcome is None
        else demo_data.choice(ExperimentOutcome, outcome, where=f"{where}, outcome"),
        sprints=[
            _sprint(sprint, f"{where}, sprint {number}")
            for number, sprint in enumerate(table.get("sprints", []), start=1)
        ],
        card=None if card is None else demo_data.build(CardSpec, card, where=f"{where}, card"),
        support=[
            demo_data.build(
                SupportSpec,
                entry,
                where=f"{where}, support",
                kind=demo_data.choice(SupportKind, entry.get("kind"), where=f"{where}, support"),
            )
            for entry in table.get("support", [])
        ],
    )


def experiments() -> list[ExperimentSpec]:
    """The demo experiments in `data/demo_experiments.toml`, in the file's order."""
    return [_experiment(table) for table in demo_data.read(__file__, DATA_FILE)["experiments"]]


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _move_to(experiment: Experiment, spec: ExperimentSpec, lead: User) -> None:
    path = {
        ExperimentStatus.IDEA: [],
        ExperimentStatus.PLANNING: [ExperimentStatus.PLANNING],
        ExperimentStatus.RUNNING: [ExperimentStatus.PLANNING, ExperimentStatus.RUNNING],
        ExperimentStatus.COMPLETED: [ExperimentStatus.PLANNING, ExperimentStatus.RUNNING],
        ExperimentStatus.STOPPED: [ExperimentStatus.PLANNING],
    }[spec.status]
    for status in path:
        services.experiment_change_status(experiment=experiment, status=status, by=lead)


def _create(spec: ExperimentSpec, lead: User) -> Experiment:
    today = timezone.localdate()
    municipality = Municipality.objects.get(number=spec.municipality)
    hypothesis = spec.hypothesis
    experiment = services.experiment_create(
        municipality=municipality,
        owner_organisation=_org(spec.owner),
        partners=[_org(name) for name in spec.partners],
        title=spec.title,
        challenge=spec.challenge,
        hypothesis_change=hypothesis.change,
        hypothesis_target_group=hypothesis.target_group,
        hypothesis_effect=hypothesis.effect,
        hypothesis_evidence=hypothesis.evidence,
        main_challenges=MainChallenge.objects.filter(slug__in=spec.challenges),
        innovation_areas=InnovationArea.objects.filter(slug__in=spec.areas),
        need_themes=NeedTheme.objects.filter(slug__in=spec.themes),
        goals=Goal.objects.filter(indicator__code__in=spec.goals),
        indicators=Indicator.objects.filter(code__in=spec.goals),
        age_band=spec.age_band,
        youth_involvement=spec.youth,
        start_meeting_date=today - timedelta(weeks=max(spec.sprints[0].weeks_ago, 0) + 1)
        if spec.sprints
        else None,
        created_by=lead,
    )
    _move_to(experiment, spec, lead)
    for sprint_spec in sorted(spec.sprints, key=lambda s: -s.weeks_ago):
        start = today - timedelta(weeks=sprint_spec.weeks_ago)
        sprint = services.sprint_create(
            experiment=experiment,
            start_date=start,
            end_date=start + timedelta(weeks=sprint_spec.length, days=-1),
            plan_change=sprint_spec.plan,
            by=lead,
        )
        evaluation = sprint_spec.evaluation
        if evaluation is not None:
            services.sprint_evaluate(sprint=sprint, by=lead, **asdict(evaluation))
            # Demo history: the evaluation happened when the sprint ended.
            weeks_ago = sprint_spec.evaluated_weeks_ago
            if weeks_ago is None:
                weeks_ago = sprint_spec.weeks_ago - sprint_spec.length
            evaluated = timezone.now() - timedelta(weeks=weeks_ago)
            Sprint.objects.filter(pk=sprint.pk).update(evaluated_at=evaluated)
    if spec.status in (ExperimentStatus.COMPLETED, ExperimentStatus.STOPPED):
        # The last step: completed with its outcome, or stopped with the reason.
        services.experiment_change_status(
            experiment=experiment,
            status=spec.status,
            outcome=spec.outcome or "",
            reason=spec.stop_reason,
            by=lead,
        )
    card = spec.card
    if card:
        learning_card = services.learning_card_create(
            experiment=experiment,
            title=card.title,
            hypothesis=f"Vi tror at {hypothesis.change} for {hypothesis.target_group} vil gi "
            f"{hypothesis.effect}.",
            observation=card.observation,
            learning=card.learning,
            decision=card.decision,
            sprint=experiment.sprints.order_by("-number")
            .filter(evaluated_at__isnull=False)
            .first(),
            by=lead,
        )
        if card.publish:
            services.learning_card_publish(card=learning_card, by=lead)
    for entry in spec.support:
        services.support_entry_log(
            municipality=municipality,
            experiment=experiment,
            date=today - timedelta(days=entry.days_ago),
            hours=Decimal(entry.hours),
            kind=entry.kind,
            given_by_person=lead,
            given_by_organisation=Organisation.objects.filter(name="KS Trøndelag").first(),
            by=lead,
        )
    return experiment


def load(*, stdout) -> None:
    lead = User.objects.get(email="oppdragsleder@demo.fellesloft.no")
    created = 0
    for spec in experiments():
        if Experiment.objects.filter(
            title=spec.title, municipality__number=spec.municipality
        ).exists():
            continue
        _create(spec, lead)
        created += 1
    stdout.write(f"  Forsøk: {Experiment.objects.count()} ({created} nye)")
