"""The data behind the charts, as plain JSON for `json_script`; mission/charts.js draws them.

Each chart is {"type", "unit", "labels", "series": [{"label", "values", "dashed"?}]}. The same
figures are always in a table beside the chart, which is what screen readers and browsers
without JavaScript get.
"""

from fellesloft.mission.selectors import GoalView, IndicatorData, chart_number


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


def compare_chart(data: IndicatorData) -> dict:
    return {
        "type": "bar",
        "unit": data.indicator.unit,
        "labels": [observation.region.name for observation in data.compared],
        "series": [
            {
                "label": data.compared_period or "",
                "values": [chart_number(observation.value) for observation in data.compared],
            }
        ],
    }
