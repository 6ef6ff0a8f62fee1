"""Every non-trivial read of the mission app. Each function runs a fixed number of queries.

Each read shows what the reader may see (`core.policy.visible`, by the rules in
mission/rules.py); `user=None` reads as a visitor who is not logged in."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import QuerySet

from fellesloft.core.ordering import norwegian, norwegian_key
from fellesloft.core.policy import visible
from fellesloft.mission.codes import COUNTRY_CODE
from fellesloft.mission.models import (
    Goal,
    ImportResult,
    ImportRun,
    ImportTrigger,
    Indicator,
    Mission,
    Observation,
    ReferenceTerm,
    Region,
    RegionLevel,
)
from fellesloft.mission.progress import Progress, goal_progress
from fellesloft.mission.ssb import BAND_INDICATORS, NEET_PERSONS, NEET_SHARE

LEVEL_ORDER = {RegionLevel.COUNTRY: 0, RegionLevel.COUNTY: 1, RegionLevel.MUNICIPALITY: 2}


def reference_lists() -> dict[str, type[ReferenceTerm]]:
    """Every reference list by the word in its address: each app's `ReferenceTerm` models (the
    need themes here, the barrier categories in barriers …), in the order of the apps."""
    return {
        model.list_slug: model for model in apps.get_models() if issubclass(model, ReferenceTerm)
    }


def current_mission(*, user=None) -> Mission | None:
    return visible(Mission.objects.order_by("order", "pk"), user).first()


@dataclass
class GoalView:
    goal: Goal
    progress: Progress
    latest: Observation | None
    series: list[Observation]


def goals_with_progress(*, mission: Mission, user=None) -> list[GoalView]:
    """The goals with their progress and the observations for their chart (two queries)."""
    return _with_progress(visible(mission.goals.all(), user), user=user)


def goal_with_progress(*, goal: Goal, user=None) -> GoalView:
    return _with_progress(Goal.objects.filter(pk=goal.pk), user=user)[0]


def _with_progress(goals: QuerySet[Goal], *, user) -> list[GoalView]:
    goals = list(goals.select_related("indicator", "region").order_by("order", "pk"))
    if not goals:
        return []
    pairs = {(goal.indicator_id, goal.region_id) for goal in goals}
    observations = visible(
        Observation.objects.filter(
            indicator_id__in={pair[0] for pair in pairs},
            region_id__in={pair[1] for pair in pairs},
        ),
        user,
    ).order_by("period")
    series: dict[tuple[int, int], list[Observation]] = defaultdict(list)
    indicators = {goal.indicator_id: goal.indicator for goal in goals}
    for observation in observations:
        key = (observation.indicator_id, observation.region_id)
        if key in pairs:
            observation.indicator = indicators[observation.indicator_id]
            series[key].append(observation)
    views = []
    for goal in goals:
        points = series[(goal.indicator_id, goal.region_id)]
        with_value = [point for point in points if point.value is not None]
        latest = with_value[-1] if with_value else None
        progress = _progress(goal, latest)
        views.append(GoalView(goal=goal, progress=progress, latest=latest, series=points))
    return views


def _progress(goal: Goal, latest: Observation | None) -> Progress:
    """How far `goal` has come, given its newest observation (None: no figure yet)."""
    return goal_progress(
        baseline_value=goal.baseline_value,
        baseline_year=goal.baseline_year,
        target_value=goal.target_value,
        target_year=goal.target_year,
        direction=goal.direction,
        latest=latest.value if latest else None,
        latest_year=latest.year if latest else None,
    )


@dataclass
class IndicatorSummary:
    indicator: Indicator
    headline: Observation | None  # the newest figure for the country or a county
    observation_count: int = 0


def indicator_list(*, user=None) -> QuerySet[Indicator]:
    return visible(Indicator.objects.order_by("order", norwegian("name")), user)


def indicator_summaries(*, user=None) -> list[IndicatorSummary]:
    """Every indicator with its newest figure for the country or a county (two queries)."""
    indicators = list(indicator_list(user=user))
    by_pk = {indicator.pk: indicator for indicator in indicators}
    headline: dict[int, Observation] = {}
    observations = (
        visible(Observation.objects.filter(value__isnull=False), user)
        .exclude(region__level=RegionLevel.MUNICIPALITY)
        .select_related("region")
        .order_by("indicator_id", "period")
    )
    for observation in observations:
        observation.indicator = by_pk[observation.indicator_id]
        current = headline.get(observation.indicator_id)
        if (
            current is None
            or observation.period > current.period
            or (
                observation.period == current.period
                and LEVEL_ORDER[observation.region.level] > LEVEL_ORDER[current.region.level]
            )
        ):
            headline[observation.indicator_id] = observation
    return [
        IndicatorSummary(indicator=indicator, headline=headline.get(indicator.pk))
        for indicator in indicators
    ]


@dataclass
class IndicatorData:
    indicator: Indicator
    periods: list[str]
    # rows of the data table: the region and its observation per period (None where missing)
    rows: list[tuple[Region, list[Observation | None]]]
    # the regions drawn over time: the country, the counties and the chosen municipality
    trend_regions: list[Region]
    compared_period: str | None  # the newest period with figures for municipalities
    compared: list[Observation] = field(default_factory=list)  # sorted by value
    chosen: Region | None = None
    municipalities: list[Region] = field(default_factory=list)
    notes: list[Observation] = field(default_factory=list)


def indicator_data(*, indicator: Indicator, chosen_code: str = "", user=None) -> IndicatorData:
    """Everything the indicator page shows, from one query for the observations."""
    observations = list(
        visible(Observation.objects.filter(indicator=indicator), user)
        .select_related("region")
        .order_by("period")
    )
    periods = sorted({observation.period for observation in observations})
    by_region: dict[int, dict[str, Observation]] = defaultdict(dict)
    regions: dict[int, Region] = {}
    for observation in observations:
        observation.indicator = indicator
        by_region[observation.region_id][observation.period] = observation
        regions[observation.region_id] = observation.region
    ordered = sorted(
        regions.values(),
        key=lambda region: (LEVEL_ORDER[region.level], region.name),
    )
    rows = [
        (region, [by_region[region.pk].get(period) for period in periods]) for region in ordered
    ]
    municipalities = [region for region in ordered if region.level == RegionLevel.MUNICIPALITY]
    chosen = next((region for region in municipalities if region.code == chosen_code), None)
    trend_regions = [region for region in ordered if region.level != RegionLevel.MUNICIPALITY]
    if chosen is not None:
        trend_regions.append(chosen)
    elif not trend_regions:
        trend_regions = municipalities[:1]
    compared_period = None
    compared: list[Observation] = []
    municipal = [
        observation
        for observation in observations
        if observation.region.level == RegionLevel.MUNICIPALITY and observation.value is not None
    ]
    if municipal:
        compared_period = max(observation.period for observation in municipal)
        compared = sorted(
            (observation for observation in municipal if observation.period == compared_period),
            key=lambda observation: (observation.value, observation.region.name),
        )
    return IndicatorData(
        indicator=indicator,
        periods=periods,
        rows=rows,
        trend_regions=trend_regions,
        compared_period=compared_period,
        compared=compared,
        chosen=chosen,
        municipalities=sorted(municipalities, key=lambda region: norwegian_key(region.name)),
        notes=[observation for observation in observations if observation.note],
    )


def observation_list(
    *, indicator_code: str = "", region_code: str = "", period: str = "", user=None
) -> QuerySet[Observation]:
    observations = visible(Observation.objects.all(), user)
    observations = observations.select_related("indicator", "region").order_by(
        "indicator__order", "indicator__code", "region__code", "period"
    )
    if indicator_code:
        observations = observations.filter(indicator__code=indicator_code)
    if region_code:
        observations = observations.filter(region__code=region_code)
    if period:
        observations = observations.filter(period=period)
    return observations


@dataclass
class MunicipalityFigure:
    indicator: Indicator
    period: str
    own: Observation | None
    county: Observation | None
    country: Observation | None


def _municipality_observations(*, municipality, user) -> list[Observation]:
    codes = [municipality.number, municipality.county.number, COUNTRY_CODE]
    return list(
        visible(Observation.objects.filter(region__code__in=codes), user)
        .select_related("indicator", "region")
        .order_by("indicator__order", norwegian("indicator__name"), "period")
    )


@dataclass
class NeetYear:
    period: str
    # (share, persons) for the municipality, the county and the country
    own: tuple[Observation | None, Observation | None]
    county: tuple[Observation | None, Observation | None]
    country: tuple[Observation | None, Observation | None]


@dataclass
class NeetSeries:
    """NEET share and persons over the years: the municipality against county and country."""

    municipality: object
    share_indicator: Indicator | None
    years: list[NeetYear]

    @property
    def has_own(self) -> bool:
        return any(year.own[0] or year.own[1] for year in self.years)


def municipality_statistics(*, municipality, user=None):
    """The municipality page's figures (`municipality_figures`) and its NEET series, from one
    query."""
    observations = _municipality_observations(municipality=municipality, user=user)
    return (
        _figures(observations, municipality=municipality),
        _neet_series(observations, municipality=municipality),
    )


def _neet_series(observations: list[Observation], *, municipality) -> NeetSeries:
    codes = {
        municipality.number: "own",
        municipality.county.number: "county",
        COUNTRY_CODE: "country",
    }
    found: dict[tuple[str, str, str], Observation] = {}
    share_indicator = None
    for observation in observations:
        if observation.indicator.code == NEET_SHARE:
            share_indicator = observation.indicator
        elif observation.indicator.code != NEET_PERSONS:
            continue
        found[(observation.indicator.code, codes[observation.region.code], observation.period)] = (
            observation
        )
    periods = sorted({period for (_code, _where, period) in found})

    def pair(where: str, period: str):
        return (found.get((NEET_SHARE, where, period)), found.get((NEET_PERSONS, where, period)))

    return NeetSeries(
        municipality=municipality,
        share_indicator=share_indicator,
        years=[
            NeetYear(period, pair("own", period), pair("county", period), pair("country", period))
            for period in periods
        ],
    )


def municipality_figures(*, municipality, user=None) -> list[MunicipalityFigure]:
    """The newest figure of each indicator for a municipality, beside its county and the
    country in the same period (one query, whatever the data)."""
    return _figures(
        _municipality_observations(municipality=municipality, user=user),
        municipality=municipality,
    )


def _figures(observations: list[Observation], *, municipality) -> list[MunicipalityFigure]:
    by_indicator: dict[int, dict[str, dict[str, Observation]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    indicators: dict[int, Indicator] = {}
    for observation in observations:
        indicators[observation.indicator_id] = observation.indicator
        by_indicator[observation.indicator_id][observation.region.code][observation.period] = (
            observation
        )
    figures = []
    for indicator_id, indicator in indicators.items():
        series = by_indicator[indicator_id]
        # The municipality's newest period; without figures for it, the county's (then the
        # country's), so a fresh install still shows the region's numbers.
        leading = (
            series.get(municipality.number)
            or series.get(municipality.county.number)
            or series.get(COUNTRY_CODE)
        )
        period = max(leading)
        figures.append(
            MunicipalityFigure(
                indicator=indicator,
                period=period,
                own=series.get(municipality.number, {}).get(period),
                county=series.get(municipality.county.number, {}).get(period),
                country=series.get(COUNTRY_CODE, {}).get(period),
            )
        )
    figures.sort(key=lambda figure: figure.own is None)
    return figures


@dataclass
class MunicipalityGoalFigure:
    goal: Goal
    municipality_code: str
    own: Observation | None  # the municipality's newest figure of the goal's indicator
    regional: Observation | None  # the newest figure for the goal's own region
    progress: Progress  # the municipality's figure on the goal's line from baseline to target


def municipality_goal_figures(*, municipality_codes, user=None) -> list[MunicipalityGoalFigure]:
    """For each goal of the current mission and each municipality (by code), the
    municipality's newest figure of the goal's indicator measured against the goal's line
    (`progress.goal_progress`). A fixed number of queries, whatever the data."""
    codes = list(municipality_codes)
    mission = current_mission(user=user)
    if mission is None or not codes:
        return []
    goals = list(
        visible(mission.goals.all(), user)
        .select_related("indicator", "region")
        .order_by("order", "pk")
    )
    if not goals:
        return []
    observations = (
        visible(
            Observation.objects.filter(
                indicator_id__in={goal.indicator_id for goal in goals},
                region__code__in={*codes, *(goal.region.code for goal in goals)},
                value__isnull=False,
            ),
            user,
        )
        .select_related("region")
        .order_by("period")
    )
    newest: dict[tuple[int, str], Observation] = {}
    for observation in observations:
        newest[(observation.indicator_id, observation.region.code)] = observation
    figures = []
    for code in codes:
        for goal in goals:
            own = newest.get((goal.indicator_id, code))
            regional = newest.get((goal.indicator_id, goal.region.code))
            for observation in (own, regional):
                if observation is not None:
                    observation.indicator = goal.indicator
            progress = _progress(goal, own)
            figures.append(
                MunicipalityGoalFigure(
                    goal=goal,
                    municipality_code=code,
                    own=own,
                    regional=regional,
                    progress=progress,
                )
            )
    return figures


def chart_number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def recent_imports(limit: int = 10) -> list[ImportRun]:
    """The newest imports, failed ones too, for the mission lead (one query)."""
    return list(ImportRun.objects.select_related("user").order_by("-created_at", "-pk")[:limit])


def last_preset_import() -> ImportRun | None:
    """The newest import from SSB by a preset, by hand or scheduled, failed or not."""
    return ImportRun.objects.exclude(preset="").order_by("-created_at", "-pk").first()


def last_scheduled_import() -> ImportRun | None:
    return ImportRun.objects.filter(trigger=ImportTrigger.SCHEDULED).order_by("-created_at").first()


def last_successful_preset_import(preset: str) -> ImportRun | None:
    return (
        ImportRun.objects.filter(preset=preset, result=ImportResult.OK)
        .order_by("-created_at")
        .first()
    )


@dataclass
class CountyRow:
    region: Region
    share: Observation | None
    persons: Observation | None


@dataclass
class CountyComparison:
    """Every municipality of the county in the newest year with NEET figures for them."""

    county_name: str
    period: str | None
    rows: list[CountyRow]  # highest share first; those without a share last
    county: CountyRow | None = None
    share_indicator: Indicator | None = None


def county_comparison(*, county: str, user=None) -> CountyComparison:
    """NEET share and persons for each municipality of the county in the newest year (two
    queries)."""
    from fellesloft.organisations.models import County, Municipality

    numbers = dict(Municipality.objects.filter(county__number=county).values_list("number", "name"))
    county_name = County.objects.filter(number=county).values_list("name", flat=True).first()
    observations = list(
        visible(
            Observation.objects.filter(
                indicator__code__in=[NEET_SHARE, NEET_PERSONS],
                region__code__in=[*numbers, county],
            ),
            user,
        )
        .select_related("indicator", "region")
        .order_by("period")
    )
    municipal = [
        observation
        for observation in observations
        if observation.region.code in numbers and observation.indicator.code == NEET_SHARE
    ]
    period = max((observation.period for observation in municipal), default=None)
    cells: dict[tuple[str, str], Observation] = {}
    regions: dict[str, Region] = {}
    share_indicator = None
    for observation in observations:
        if observation.indicator.code == NEET_SHARE:
            share_indicator = observation.indicator
        if observation.period == period:
            cells[(observation.region.code, observation.indicator.code)] = observation
            regions[observation.region.code] = observation.region
    rows = [
        CountyRow(region, cells.get((code, NEET_SHARE)), cells.get((code, NEET_PERSONS)))
        for code, region in regions.items()
        if code in numbers
    ]
    rows.sort(
        key=lambda row: (
            row.share is None or row.share.value is None,
            -(row.share.value if row.share and row.share.value is not None else 0),
            row.region.name,
        )
    )
    county_row = (
        CountyRow(
            regions[county], cells.get((county, NEET_SHARE)), cells.get((county, NEET_PERSONS))
        )
        if county in regions
        else None
    )
    return CountyComparison(
        county_name=county_name or county,
        period=period,
        rows=rows,
        county=county_row,
        share_indicator=share_indicator,
    )


@dataclass
class Population:
    """A region's population in the participants' age bands in one year (SSB table 07459)."""

    region_name: str
    period: str
    by_band: dict[str, int]  # participant age band value («16-19») → persons
    is_preliminary: bool = False


def population_by_band(*, region_code: str, user=None) -> Population | None:
    """The newest year in which every age band has a figure for the region (one query);
    None when the preset «befolkning-alder» has not been imported for it."""
    band_of = {code: band for band, code in BAND_INDICATORS.items()}
    years: dict[str, dict[str, Observation]] = defaultdict(dict)
    for observation in visible(
        Observation.objects.filter(
            indicator__code__in=band_of, region__code=region_code, value__isnull=False
        ),
        user,
    ).values("indicator__code", "period", "value", "is_preliminary", "region__name"):
        years[observation["period"]][band_of[observation["indicator__code"]]] = observation
    complete = [period for period, bands in years.items() if len(bands) == len(band_of)]
    if not complete:
        return None
    period = max(complete)
    bands = years[period]
    return Population(
        region_name=next(iter(bands.values()))["region__name"],
        period=period,
        by_band={band: int(row["value"]) for band, row in bands.items()},
        is_preliminary=any(row["is_preliminary"] for row in bands.values()),
    )
