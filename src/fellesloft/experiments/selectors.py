"""Every non-trivial read of experiments: the portfolio, the matrix, the collaboration
network, support hours and the learning cards.

Other apps use these too: the municipality profile (`experiments_for_municipality`,
`support_status`), the learning feed (`published_learning_cards`) and the barriers app
(`barrier_notes_open`). Each function runs a fixed number of queries, whatever the data.

Who sees which experiment or card is decided in rules.py alone: every list and figure here
starts from `core.policy.visible(...)` for the user, never from a filter of its own.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from itertools import combinations

import networkx as nx
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.core.ordering import norwegian, norwegian_key
from fellesloft.core.policy import visible
from fellesloft.experiments.models import (
    DEFAULT_SUPPORT_HOURS,
    Experiment,
    ExperimentPartner,
    ExperimentStatus,
    ExperimentStatusChange,
    ExperimentTeamMember,
    LearningCard,
    Sprint,
    SprintBarrierNote,
    SupportBudget,
    SupportEntry,
)
from fellesloft.experiments.rules import (
    can_view_support_log,
    is_experiment_team_member,
    municipality_ids_of,
)
from fellesloft.mission.models import Goal, Indicator, InnovationArea, MainChallenge, NeedTheme
from fellesloft.organisations.models import MembershipRole, Municipality, Organisation, Sector

STALE_AFTER = timedelta(weeks=6)
ACTIVE_STATUSES = (ExperimentStatus.IDEA, ExperimentStatus.PLANNING, ExperimentStatus.RUNNING)


# --- Experiments -----------------------------------------------------------------------------


def _with_portfolio_figures(experiments: QuerySet[Experiment]) -> QuerySet[Experiment]:
    return experiments.select_related(
        "municipality", "owner_organisation", "owner_organisation__sector"
    ).annotate(
        sprint_count=Count("sprints", distinct=True),
        last_evaluated_at=Max("sprints__evaluated_at"),
    )


def visible_experiments(*, user) -> QuerySet[Experiment]:
    return visible(Experiment.objects.all(), user)


def portfolio_experiments(
    *,
    user,
    municipality: Municipality | None = None,
    status: str = "",
    main_challenge=None,
    innovation_area=None,
    need_theme=None,
    sector: Sector | None = None,
    goal: Goal | None = None,
    query: str = "",
    without_evaluation: bool = False,
) -> QuerySet[Experiment]:
    """The filterable portfolio list of the experiments the user may see, with sprint count
    and last evaluation per row. `without_evaluation` keeps the running ones flagged for no
    evaluation in six weeks."""
    experiments = visible_experiments(user=user)
    if municipality is not None:
        experiments = experiments.filter(municipality=municipality)
    if status:
        experiments = experiments.filter(status=status)
    # Tag filters use Exists so a row never repeats and the counts stay right.
    for tags, tag in (
        (Experiment.main_challenges, main_challenge),
        (Experiment.innovation_areas, innovation_area),
        (Experiment.need_themes, need_theme),
        (Experiment.goals, goal),
    ):
        if tag is not None:
            experiments = experiments.filter(_has_tag(tags.through, tag, "pk"))
    if sector is not None:
        experiments = experiments.filter(
            Q(owner_organisation__sector=sector)
            | Exists(
                ExperimentPartner.objects.filter(
                    experiment_id=OuterRef("pk"), organisation__sector=sector
                )
            )
            | Exists(
                ExperimentTeamMember.objects.filter(
                    experiment_id=OuterRef("pk"), organisation__sector=sector
                )
            )
        )
    if query:
        experiments = experiments.filter(Q(title__icontains=query) | Q(challenge__icontains=query))
    experiments = _with_portfolio_figures(experiments)
    if without_evaluation:
        experiments = experiments.filter(_stale_condition())
    return experiments.order_by(norwegian("municipality__name"), "title", "pk")


def _has_tag(through, tag, experiment_ref: str) -> Exists:
    """The experiment at `experiment_ref` carries `tag` (through the tag's m2m table)."""
    return Exists(
        through.objects.filter(
            experiment_id=OuterRef(experiment_ref), **{f"{tag._meta.model_name}_id": tag.pk}
        )
    )


def with_tags(experiments: QuerySet[Experiment]) -> QuerySet[Experiment]:
    """Prefetches the tags into plain lists (five extra queries for a whole page):
    `main_challenge_list`, `innovation_area_list`, `need_theme_list`, and the mission goals and
    indicators served, `goal_list` and `indicator_list`."""
    return experiments.prefetch_related(
        Prefetch(
            "main_challenges", queryset=MainChallenge.objects.all(), to_attr="main_challenge_list"
        ),
        Prefetch(
            "innovation_areas",
            queryset=InnovationArea.objects.all(),
            to_attr="innovation_area_list",
        ),
        Prefetch("need_themes", queryset=NeedTheme.objects.all(), to_attr="need_theme_list"),
        Prefetch("goals", queryset=Goal.objects.order_by("order", "pk"), to_attr="goal_list"),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by(norwegian("name")),
            to_attr="indicator_list",
        ),
    )


def experiment_detail(*, pk: int) -> Experiment:
    return (
        Experiment.objects.select_related(
            "municipality", "owner_organisation", "owner_organisation__sector", "created_by"
        )
        .prefetch_related(
            "main_challenges",
            "innovation_areas",
            "need_themes",
            "youth_dialogs",
            Prefetch(
                "partners",
                queryset=ExperimentPartner.objects.select_related(
                    "organisation", "organisation__sector"
                ),
            ),
            Prefetch(
                "team_members",
                queryset=ExperimentTeamMember.objects.select_related(
                    "organisation", "organisation__sector", "user"
                ),
            ),
            Prefetch(
                "sprints",
                queryset=Sprint.objects.order_by("number").prefetch_related(
                    Prefetch(
                        "barrier_notes",
                        queryset=SprintBarrierNote.objects.order_by("noted_at", "pk"),
                    )
                ),
            ),
            Prefetch(
                "learning_cards",
                queryset=LearningCard.objects.order_by("-created_at", "-pk"),
            ),
            Prefetch(
                "status_changes",
                queryset=ExperimentStatusChange.objects.select_related("changed_by"),
            ),
        )
        .get(pk=pk)
    )


def team_sectors(experiment: Experiment) -> list[Sector]:
    """The sectors in the team, from prefetched partners and people (no queries)."""
    sectors = {experiment.owner_organisation.sector_id: experiment.owner_organisation.sector}
    for partner in experiment.partners.all():
        sectors[partner.organisation.sector_id] = partner.organisation.sector
    for member in experiment.team_members.all():
        sectors[member.organisation.sector_id] = member.organisation.sector
    return sorted(sectors.values(), key=lambda sector: (sector.order, norwegian_key(sector.name)))


def experiments_for_municipality(*, municipality: Municipality, user) -> QuerySet[Experiment]:
    """The municipality's experiments the user may see, newest first, with sprint figures."""
    return _with_portfolio_figures(
        visible_experiments(user=user).filter(municipality=municipality)
    ).order_by("-created_at", "-pk")


def experiments_for_goal(*, goal, user) -> list[Experiment]:
    """The experiments the user may see that serve the goal, or follow its indicator, each with
    `latest_evaluation`: its most recent evaluated sprint, or None (three queries)."""
    experiments = list(
        visible_experiments(user=user)
        .filter(Q(goals=goal) | Q(indicators=goal.indicator_id))
        .distinct()
        .select_related("municipality", "owner_organisation")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.filter(pk=goal.pk), to_attr="serving"),
            Prefetch(
                "sprints",
                queryset=Sprint.objects.filter(evaluated_at__isnull=False).order_by("-number"),
                to_attr="evaluated_sprints",
            ),
        )
        .order_by("-updated_at", "-pk")
    )
    for experiment in experiments:
        experiment.serves_goal = bool(experiment.serving)
        sprints = experiment.evaluated_sprints
        experiment.latest_evaluation = sprints[0] if sprints else None
    return experiments


def goal_experiment_counts(*, user) -> list[tuple]:
    """The portfolio by goal: each goal the user may see with how many of the experiments they
    may see serve it, per status (two queries)."""
    goals = list(visible(Goal.objects.select_related("region"), user).order_by("order", "pk"))
    rows = (
        visible_experiments(user=user)
        .filter(goals__in=goals)
        .values("goals", "status")
        .annotate(count=Count("pk", distinct=True))
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["goals"]][row["status"]] = row["count"]
    return [(goal, counts.get(goal.pk, {})) for goal in goals]


def experiments_of_user(*, user) -> QuerySet[Experiment]:
    """Experiments whose team the user is in (through an organisation or by name)."""
    mine = is_experiment_team_member.filter(visible_experiments(user=user), user)
    return _with_portfolio_figures(mine).order_by("-updated_at", "-pk")


def _stale_condition(now=None) -> Q:
    """Running, and no sprint evaluated in the last six weeks (those that started running
    less than six weeks ago are given time). Needs _with_portfolio_figures' annotation."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    return Q(status=ExperimentStatus.RUNNING) & (
        Q(last_evaluated_at__lt=cutoff)
        | Q(last_evaluated_at__isnull=True, status_changed_at__lt=cutoff)
    )


def is_stale(experiment: Experiment, *, now=None) -> bool:
    """The same rule as _stale_condition, for a row that carries the annotations."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    if experiment.status != ExperimentStatus.RUNNING:
        return False
    last = experiment.last_evaluated_at
    return last < cutoff if last is not None else experiment.status_changed_at < cutoff


def flag_stale(experiments) -> list[Experiment]:
    """The rows as a list, each with `is_stale` set (no queries beyond the list's own)."""
    now = timezone.now()
    rows = list(experiments)
    for experiment in rows:
        experiment.is_stale = is_stale(experiment, now=now)
    return rows


def sprints_awaiting_evaluation(*, user, until) -> QuerySet[Sprint]:
    """Sprints of the user's experiments (`experiments_of_user`: their team, through an
    organisation or by name) that have started, end by `until` and are not evaluated yet,
    while the experiment is still open for sprints – the ones the team should evaluate."""
    mine = is_experiment_team_member.filter(
        visible_experiments(user=user).filter(status__in=ACTIVE_STATUSES), user
    )
    return (
        Sprint.objects.filter(
            experiment__in=mine,
            evaluated_at__isnull=True,
            start_date__lte=timezone.localdate(),
            end_date__lte=until,
        )
        .select_related("experiment")
        .order_by("end_date", "pk")
    )


def stale_experiments(*, user, now=None) -> QuerySet[Experiment]:
    """Running experiments with no sprint evaluation in the last six weeks."""
    return (
        _with_portfolio_figures(visible_experiments(user=user))
        .filter(_stale_condition(now))
        .order_by("last_evaluated_at", norwegian("municipality__name"), "pk")
    )


def status_counts(*, user) -> dict[str, int]:
    counts = dict.fromkeys(ExperimentStatus.values, 0)
    for row in visible_experiments(user=user).values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return counts


# --- The matrix of main challenges × municipalities -----------------------------------------


@dataclass
class MatrixRow:
    municipality: Municipality
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class ChallengeMatrix:
    challenges: list[MainChallenge]
    rows: list[MatrixRow]
    column_totals: list[int] = field(default_factory=list)

    @property
    def empty_challenges(self) -> list[MainChallenge]:
        return [
            c for c, total in zip(self.challenges, self.column_totals, strict=True) if not total
        ]

    @property
    def municipalities_without(self) -> list[Municipality]:
        return [row.municipality for row in self.rows if row.total == 0]


def challenge_matrix(*, user) -> ChallengeMatrix:
    """Active experiments (idé, planlegging, pågår) the user may see per main challenge and
    municipality, over every municipality, so that the blank spots show."""
    challenges = list(
        MainChallenge.objects.filter(is_active=True).order_by("order", norwegian("name"))
    )
    municipalities = list(Municipality.objects.order_by(norwegian("name")))
    through = Experiment.main_challenges.through
    counts: dict[tuple[int, int], int] = {}
    for row in (
        through.objects.filter(
            experiment__in=visible_experiments(user=user).filter(status__in=ACTIVE_STATUSES)
        )
        .values("experiment__municipality_id", "mainchallenge_id")
        .annotate(n=Count("experiment_id"))
        .order_by()
    ):
        counts[(row["experiment__municipality_id"], row["mainchallenge_id"])] = row["n"]
    rows = [
        MatrixRow(
            municipality=municipality,
            counts=[counts.get((municipality.pk, challenge.pk), 0) for challenge in challenges],
        )
        for municipality in municipalities
    ]
    totals = [sum(row.counts[index] for row in rows) for index in range(len(challenges))]
    return ChallengeMatrix(challenges=challenges, rows=rows, column_totals=totals)


# --- Collaboration across organisations and sectors -----------------------------------------


@dataclass
class OrganisationDegree:
    organisation: Organisation
    degree: int
    experiments: int
    x: float = 0.0
    y: float = 0.0
    # (partner, shared experiments), most shared first: the picture's lines as text.
    partners: list[tuple[Organisation, int]] = field(default_factory=list)


@dataclass
class Collaboration:
    organisations: list[OrganisationDegree]
    edges: list[tuple[OrganisationDegree, OrganisationDegree, int]]
    density: float
    sector_pairs: list[tuple[Sector, Sector, int]]
    missing_sector_pairs: list[tuple[Sector, Sector]]
    components: int


def _team_memberships(experiments: QuerySet[Experiment]) -> dict[int, set[int]]:
    """experiment id → the organisation ids in its team (owner, partners, people)."""
    teams: dict[int, set[int]] = defaultdict(set)
    for experiment_id, organisation_id in experiments.values_list("pk", "owner_organisation_id"):
        teams[experiment_id].add(organisation_id)
    ids = experiments.values("pk")
    for model in (ExperimentPartner, ExperimentTeamMember):
        for experiment_id, organisation_id in model.objects.filter(
            experiment_id__in=ids
        ).values_list("experiment_id", "organisation_id"):
            teams[experiment_id].add(organisation_id)
    return teams


def _layout(graph: nx.Graph) -> dict[int, tuple[float, float]]:
    """Positions in [0, 1]²: each connected group in its own cell of a grid (largest first),
    laid out with a seeded spring layout, so separate teams do not collapse into dots."""
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    columns = max(1, math.ceil(math.sqrt(len(components))))
    rows = math.ceil(len(components) / columns)
    positions: dict[int, tuple[float, float]] = {}
    for index, component in enumerate(components):
        column, row = index % columns, index // columns
        subgraph = graph.subgraph(component)
        if len(component) == 1:
            local = {next(iter(component)): (0.0, 0.0)}
        elif len(component) <= 3:
            local = nx.circular_layout(subgraph)
        else:
            local = nx.spring_layout(subgraph, seed=7, iterations=60)
        for node, (x, y) in local.items():
            # From [-1, 1] to the cell, leaving a margin of a fifth of the cell.
            positions[node] = (
                (column + 0.5 + 0.3 * float(x)) / columns,
                (row + 0.5 + 0.3 * float(y)) / rows,
            )
    return positions


def collaboration(*, user, layout: bool = True) -> Collaboration:
    """Who works with whom, from the teams of the experiments the user may see (stopped
    experiments left out).

    The graph has an organisation per node and an edge between two organisations that
    share a team, weighted by how many. Density is networkx's (edges / possible edges);
    degree is the number of distinct partners. Sector pairs that never share a team are
    listed among all sectors organisations can belong to («Ungdom» is a voice, not a
    sector of organisations, so it is left out).
    """
    teams = _team_memberships(
        visible_experiments(user=user).exclude(status=ExperimentStatus.STOPPED)
    )
    graph = nx.Graph()
    experiment_count: dict[int, int] = defaultdict(int)
    for organisation_ids in teams.values():
        for organisation_id in organisation_ids:
            experiment_count[organisation_id] += 1
            graph.add_node(organisation_id)
        for first, second in combinations(sorted(organisation_ids), 2):
            weight = graph.get_edge_data(first, second, {"weight": 0})["weight"]
            graph.add_edge(first, second, weight=weight + 1)
    organisations = Organisation.objects.select_related("sector").in_bulk(list(graph.nodes))
    positions = _layout(graph) if layout and graph.number_of_nodes() else {}
    nodes: dict[int, OrganisationDegree] = {}
    for organisation_id in graph.nodes:
        x, y = positions.get(organisation_id, (0.0, 0.0))
        nodes[organisation_id] = OrganisationDegree(
            organisation=organisations[organisation_id],
            degree=graph.degree(organisation_id),
            experiments=experiment_count[organisation_id],
            x=float(x),
            y=float(y),
        )
    for organisation_id, node in nodes.items():
        node.partners = sorted(
            (
                (organisations[neighbour], graph[organisation_id][neighbour]["weight"])
                for neighbour in graph.neighbors(organisation_id)
            ),
            key=lambda pair: (-pair[1], pair[0].name),
        )
    sectors = list(Sector.objects.filter(is_youth_voice=False).order_by("order", norwegian("name")))
    sector_by_id = {sector.pk: sector for sector in sectors}
    pair_counts: dict[tuple[int, int], int] = defaultdict(int)
    for organisation_ids in teams.values():
        sector_ids = sorted(
            {organisations[o].sector_id for o in organisation_ids if o in organisations}
        )
        for first, second in combinations(sector_ids, 2):
            pair_counts[(first, second)] += 1
    order = {sector.pk: index for index, sector in enumerate(sectors)}
    missing = [
        (first, second)
        for first, second in combinations(sectors, 2)
        if pair_counts.get(tuple(sorted((first.pk, second.pk))), 0) == 0
    ]
    pairs = sorted(
        (
            (sector_by_id[first], sector_by_id[second], count)
            for (first, second), count in pair_counts.items()
            if first in sector_by_id and second in sector_by_id
        ),
        key=lambda pair: (-pair[2], order[pair[0].pk], order[pair[1].pk]),
    )
    edges = [
        (nodes[first], nodes[second], data["weight"])
        for first, second, data in graph.edges(data=True)
    ]
    return Collaboration(
        organisations=sorted(
            nodes.values(), key=lambda node: (-node.degree, node.organisation.name)
        ),
        edges=edges,
        density=nx.density(graph) if graph.number_of_nodes() > 1 else 0.0,
        sector_pairs=pairs,
        missing_sector_pairs=missing,
        components=nx.number_connected_components(graph) if graph.number_of_nodes() else 0,
    )


# --- Support hours ---------------------------------------------------------------------------


@dataclass
class SupportStatus:
    municipality: Municipality
    budget: Decimal
    used: Decimal

    @property
    def left(self) -> Decimal:
        return self.budget - self.used

    @property
    def share_used(self) -> float:
        if self.budget <= 0:
            return 1.0 if self.used > 0 else 0.0
        return float(self.used / self.budget)

    @property
    def percent_used(self) -> int:
        return round(self.share_used * 100)

    @property
    def warning(self) -> bool:
        return self.share_used >= 0.8 and not self.over_budget

    @property
    def over_budget(self) -> bool:
        return self.used > self.budget

    @property
    def meter_value(self) -> float:
        """For the <meter> element, which cannot go past its maximum."""
        return float(min(self.used, self.budget)) if self.budget > 0 else 0.0

    @property
    def meter_max(self) -> float:
        return float(self.budget) if self.budget > 0 else 1.0

    @property
    def meter_high(self) -> float:
        return self.meter_max * 0.8


def support_status(*, municipality: Municipality) -> SupportStatus:
    budget = SupportBudget.objects.filter(municipality=municipality).values_list("hours", flat=True)
    used = SupportEntry.objects.filter(municipality=municipality).aggregate(total=Sum("hours"))[
        "total"
    ]
    return SupportStatus(
        municipality=municipality,
        budget=budget[0] if budget else DEFAULT_SUPPORT_HOURS,
        used=used or Decimal("0"),
    )


def support_statuses_of_user(*, user) -> list[SupportStatus]:
    """Hours used and left for the municipalities of the user's organisations whose support
    log the user may open (`view_support`), in a fixed number of queries."""
    municipalities = list(
        can_view_support_log.filter(
            Municipality.objects.filter(pk__in=municipality_ids_of(user)), user
        ).order_by(norwegian("name"))
    )
    if not municipalities:
        return []
    ids = [municipality.pk for municipality in municipalities]
    used = dict(
        SupportEntry.objects.filter(municipality_id__in=ids)
        .values("municipality_id")
        .annotate(total=Sum("hours"))
        .order_by()
        .values_list("municipality_id", "total")
    )
    budgets = dict(
        SupportBudget.objects.filter(municipality_id__in=ids).values_list(
            "municipality_id", "hours"
        )
    )
    return [
        SupportStatus(
            municipality=municipality,
            budget=budgets.get(municipality.pk, DEFAULT_SUPPORT_HOURS),
            used=used.get(municipality.pk, Decimal("0")),
        )
        for municipality in municipalities
    ]


def support_overview(*, only_with_activity: bool = False) -> list[SupportStatus]:
    """Hours used and left per municipality (two queries whatever the number)."""
    used = dict(
        SupportEntry.objects.values("municipality_id")
        .annotate(total=Sum("hours"))
        .order_by()
        .values_list("municipality_id", "total")
    )
    budgets = dict(SupportBudget.objects.values_list("municipality_id", "hours"))
    active = set(Experiment.objects.values_list("municipality_id", flat=True).distinct().order_by())
    statuses = []
    for municipality in Municipality.objects.order_by(norwegian("name")):
        if only_with_activity and not (
            municipality.pk in used or municipality.pk in budgets or municipality.pk in active
        ):
            continue
        statuses.append(
            SupportStatus(
                municipality=municipality,
                budget=budgets.get(municipality.pk, DEFAULT_SUPPORT_HOURS),
                used=used.get(municipality.pk, Decimal("0")),
            )
        )
    return statuses


def support_log_municipality_ids(*, user) -> set[int]:
    """The municipalities whose support log the user may open (the view_support rule, for a
    whole list in one query)."""
    return set(
        can_view_support_log.filter(Municipality.objects.all(), user).values_list("pk", flat=True)
    )


def support_entries(
    *, municipality: Municipality, experiment: Experiment | None = None
) -> QuerySet[SupportEntry]:
    """A municipality's support log, or the part of it given to one experiment."""
    entries = SupportEntry.objects.filter(municipality=municipality)
    if experiment is not None:
        entries = entries.filter(experiment=experiment)
    return entries.select_related(
        "experiment", "created_by", "given_by_person", "given_by_organisation"
    )


# --- Learning cards --------------------------------------------------------------------------


def published_learning_cards(
    *, municipality: Municipality | None = None, need_theme=None, query: str = ""
) -> QuerySet[LearningCard]:
    """The network's feed of published learning cards across municipalities, newest first:
    the cards the policy lets anyone see, a visitor included, whoever asks (a team's drafts
    are on its experiment's page, not in the network's feed)."""
    cards = visible(LearningCard.objects.all(), AnonymousUser()).select_related(
        "experiment", "experiment__municipality", "sprint"
    )
    if municipality is not None:
        cards = cards.filter(experiment__municipality=municipality)
    if need_theme is not None:
        cards = cards.filter(_has_tag(Experiment.need_themes.through, need_theme, "experiment_id"))
    if query:
        cards = cards.filter(
            Q(title__icontains=query)
            | Q(learning__icontains=query)
            | Q(observation__icontains=query)
        )
    return cards.order_by("-published_at", "-pk")


def learning_cards_of(*, experiment: Experiment, user) -> QuerySet[LearningCard]:
    """The experiment's cards the user may see (its drafts too, for those who write them),
    newest first."""
    return visible(experiment.learning_cards.all(), user).order_by("-created_at", "-pk")


# --- Barrier notes for the barriers app ------------------------------------------------------


def barrier_notes_open() -> QuerySet[SprintBarrierNote]:
    """System barriers noted in sprints that have not yet been registered as barriers."""
    return (
        SprintBarrierNote.objects.filter(converted_at__isnull=True)
        .select_related("sprint", "sprint__experiment", "sprint__experiment__municipality")
        .order_by("noted_at", "pk")
    )


def learning_card_start(*, experiment: Experiment, sprint: Sprint | None = None) -> dict:
    """What a new learning card starts with: the experiment's hypothesis, and, made «from
    sprint N», that sprint's three answers, so nothing is typed twice."""
    start = {
        "title": experiment.title,
        "hypothesis": _("Vi tror at %(change)s for %(group)s vil gi %(effect)s.")
        % {
            "change": experiment.hypothesis_change,
            "group": experiment.hypothesis_target_group,
            "effect": experiment.hypothesis_effect,
        },
    }
    if sprint is not None:
        decision = sprint.what_to_take_forward
        if sprint.act_decision:
            decision = f"{sprint.get_act_decision_display()}. {decision}".strip()
        start.update(
            sprint=sprint,
            title=_("%(title)s – sprint %(number)s")
            % {"title": experiment.title, "number": sprint.number},
            observation="\n\n".join(
                text for text in (sprint.what_worked, sprint.do_observations) if text
            ),
            learning=sprint.what_to_adjust,
            decision=decision,
        )
    return start


def experiment_team_users(experiment: Experiment):
    """Who answers a comment on the experiment: the people named in its team with an account,
    the owner organisation's coordinators and the one who registered it."""
    from_team = Q(experiment_teams__experiment=experiment)
    coordinators = Q(
        memberships__organisation_id=experiment.owner_organisation_id,
        memberships__role=MembershipRole.COORDINATOR,
    )
    creator = Q(pk=experiment.created_by_id) if experiment.created_by_id else Q(pk__in=[])
    return User.objects.filter(from_team | coordinators | creator, is_active=True).distinct()
