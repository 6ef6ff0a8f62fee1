"""Open data: the indicators and their observations as JSON and CSV, for everyone."""

import io
from datetime import date
from decimal import Decimal

from django.http import Http404, HttpResponse
from ninja import Router, Schema

from fellesloft.core.policy import visible_object_or_404
from fellesloft.mission import selectors
from fellesloft.mission.exports import write_observations_csv
from fellesloft.mission.models import Indicator, Observation
from fellesloft.mission.ssb import attribution

router = Router(tags=["Samfunnsoppdraget og indikatorer"])
PREFIX = ""


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    unit: str
    decimals: int
    source: str
    source_url: str
    is_preliminary: bool


class RegionOut(Schema):
    code: str
    name: str
    level: str


class ObservationOut(Schema):
    indicator: str
    region: RegionOut
    period: str
    value: Decimal | None
    status: str
    is_preliminary: bool
    note: str
    updated: date
    source: str

    @staticmethod
    def resolve_indicator(observation: Observation) -> str:
        return observation.indicator.code

    @staticmethod
    def resolve_source(observation: Observation) -> str:
        """«Kilde: Statistisk sentralbyrå (SSB), CC BY 4.0» for SSB's figures."""
        return attribution(observation.indicator.source)


class GoalOut(Schema):
    title: str
    description: str
    indicator: str
    region: RegionOut
    direction: str
    baseline_value: Decimal
    baseline_year: int
    target_value: Decimal
    target_year: int
    latest_value: Decimal | None
    latest_period: str | None
    status: str
    share: float | None


class MissionOut(Schema):
    name: str
    vision: str
    description: str
    goals: list[GoalOut]


@router.get(
    "/mission",
    response=MissionOut,
    summary="Samfunnsoppdraget med mål og fremdrift",
    url_name="mission_overview",
)
def mission(request):
    current = selectors.current_mission(user=request.user)
    if current is None:
        raise Http404
    goals = [
        {
            "title": view.goal.title,
            "description": view.goal.description,
            "indicator": view.goal.indicator.code,
            "region": view.goal.region,
            "direction": view.goal.direction,
            "baseline_value": view.goal.baseline_value,
            "baseline_year": view.goal.baseline_year,
            "target_value": view.goal.target_value,
            "target_year": view.goal.target_year,
            "latest_value": view.latest.value if view.latest else None,
            "latest_period": view.latest.period if view.latest else None,
            "status": view.progress.status,
            "share": view.progress.share,
        }
        for view in selectors.goals_with_progress(mission=current, user=request.user)
    ]
    return {
        "name": current.name,
        "vision": current.vision,
        "description": current.description,
        "goals": goals,
    }


@router.get(
    "/indicators",
    response=list[IndicatorOut],
    summary="Alle indikatorer",
    url_name="indicator_list",
)
def indicators(request):
    return list(selectors.indicator_list(user=request.user))


@router.get(
    "/indicators/{code}",
    response=IndicatorOut,
    summary="Én indikator",
    url_name="indicator_detail",
)
def indicator(request, code: str):
    return visible_object_or_404(Indicator.objects.all(), request.user, code=code)


@router.get(
    "/observations",
    response=list[ObservationOut],
    summary="Observasjoner (filtrer på indikator, region og periode)",
    url_name="observation_list",
)
def observations(request, indicator: str = "", region: str = "", period: str = ""):
    return list(
        selectors.observation_list(
            indicator_code=indicator, region_code=region, period=period, user=request.user
        )
    )


@router.get(
    "/observations.csv",
    summary="Observasjoner som CSV (samme format som CSV-importen)",
    url_name="observation_csv",
)
def observations_csv(request, indicator: str = "", region: str = "", period: str = ""):
    buffer = io.StringIO()
    write_observations_csv(
        buffer,
        selectors.observation_list(
            indicator_code=indicator, region_code=region, period=period, user=request.user
        ),
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="observasjoner.csv"'
    return response
