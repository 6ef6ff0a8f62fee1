"""The data behind the charts, as plain JSON for `json_script`; mission/charts.js draws them.

Each chart is {"type", "unit", "percent" (the language's percent pattern, core/numbers.py),
"labels", "series": [{"label", "values", "dashed"?}]}. The same figures are always in a table
beside the chart, which is what screen readers and browsers
without JavaScript get.
"""

from django.utils.translation import gettext

from fellesloft.core.numbers import percent_pattern
from fellesloft.mission.selectors import (
    CountyComparison,
    GoalView,
    IndicatorData,
    NeetSeries,
    chart_number,
)


def goal_chart(view: GoalView) -> dict:
    goal = view.goal
    points = {point.year: chart_number(point.value) for point in view.series}
    first = min([goal.baseline_year, *points])
    last = max([goal.target_year, *points])
    years = list(range(first, last + 1))
    span = goal.target_year - goal.baseline_year
    path = {
        year: float(
            goal.baseline_value
            + (goal.target_value - goal.baseline_value) * (year - goal.baseline_year) / span
        )
        for year in range(goal.baseline_year, goal.target_year + 1)
    }
    return {
        "type": "line",
        "unit": goal.indicator.unit,
        "percent": percent_pattern(),
        "labels": [str(year) for year in years],
        "series": [
            {"label": f"{goal.region.name}", "values": [points.get(year) for year in years]},
            {
                "label": "Vei mot målet",
                "values": [path.get(year) for year in years],
                "dashed": True,
            },
        ],
    }


def trend_chart(data: IndicatorData) -> dict:
    by_pk = {region.pk: observations for region, observations in data.rows}
    return {
        "type": "line",
        "unit": data.indicator.unit,
        "percent": percent_pattern(),
        "labels": data.periods,
        "series": [
            {
                "label": region.name,
                "values": [
                    chart_number(observation.value) if observation else None
                    for observation in by_pk[region.pk]
                ],
            }
            for region in data.trend_regions
        ],
    }


def bar_chart(*, unit: str, labels: list[str], series: list[tuple[str, list]]) -> dict:
    """A bar chart of one or more series (label, values) over the same labels."""
    return {
        "type": "bar",
        "unit": unit,
        "percent": percent_pattern(),
        "labels": labels,
        "series": [{"label": label, "values": values} for label, values in series],
    }


def compare_chart(data: IndicatorData) -> dict:
    return bar_chart(
        unit=data.indicator.unit,
        labels=[observation.region.name for observation in data.compared],
        series=[
            (
                data.compared_period or "",
                [chart_number(observation.value) for observation in data.compared],
            )
        ],
    )


def _value(observation) -> float | None:
    return chart_number(observation.value) if observation is not None else None


def neet_chart(series: NeetSeries) -> dict:
    """The NEET share over the years: the municipality, its county and the country."""
    municipality = series.municipality
    return {
        "type": "line",
        "unit": "%",
        "percent": percent_pattern(),
        "labels": [year.period for year in series.years],
        "series": [
            {"label": municipality.name, "values": [_value(y.own[0]) for y in series.years]},
            {
                "label": municipality.county.name,
                "values": [_value(y.county[0]) for y in series.years],
            },
            {
                "label": gettext("Hele landet"),
                "values": [_value(y.country[0]) for y in series.years],
            },
        ],
    }


def county_chart(comparison: CountyComparison) -> dict:
    """The municipalities ordered by NEET share, highest first (those without a share, which
    SSB suppressed or lacks, are in the table only)."""
    rows = [row for row in comparison.rows if row.share is not None and row.share.value is not None]
    return bar_chart(
        unit="%",
        labels=[row.region.name for row in rows],
        series=[(comparison.period or "", [chart_number(row.share.value) for row in rows])],
    )
