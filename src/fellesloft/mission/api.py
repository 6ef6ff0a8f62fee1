"""Open data: the indicators and their observations as JSON and CSV, for everyone."""

import io
from datetime import date
from decimal import Decimal
from typing import Literal

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from fellesloft.api.auth import STAFF_AUTH
from fellesloft.api.lookups import one_named
from fellesloft.api.permissions import require, visible_permitted_object
from fellesloft.api.schemas import Id, one_of
from fellesloft.core.policy import visible, visible_object_or_404
from fellesloft.mission import progress, selectors, services
from fellesloft.mission.exports import write_observations_csv
from fellesloft.mission.models import (
    Direction,
    Goal,
    Indicator,
    Observation,
    ObservationStatus,
    Region,
    RegionLevel,
)
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
    level: one_of(RegionLevel)


class ObservationOut(Schema):
    indicator: str = Field(..., alias="indicator.code")
    region: RegionOut
    period: str
    value: Decimal | None
    status: one_of(ObservationStatus)
    is_preliminary: bool
    note: str
    updated: date
    source: str

    @staticmethod
    def resolve_source(observation: Observation) -> str:
        """«Kilde: Statistisk sentralbyrå (SSB), CC BY 4.0» for SSB's figures."""
        return attribution(observation.indicator.source)


class GoalOut(Schema):
    id: int
    title: str
    description: str
    indicator: str
    region: RegionOut
    direction: one_of(Direction)
    baseline_value: Decimal
    baseline_year: int
    target_value: Decimal
    target_year: int
    latest_value: Decimal | None
    latest_period: str | None
    status: Literal[progress.STATUSES]
    share: float | None


class MissionOut(Schema):
    name: str
    vision: str
    description: str
    goals: list[GoalOut]


def _goal_row(view) -> dict:
    """A goal with its progress (`selectors.GoalView`)."""
    return {
        "id": view.goal.pk,
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


def _current_mission(request):
    """The mission the user may see; a 404 when there is none."""
    current = selectors.current_mission(user=request.user)
    if current is None:
        raise Http404
    return current


@router.get("/mission", response=MissionOut, summary="Samfunnsoppdraget med mål og fremdrift")
def mission_overview(request):
    current = _current_mission(request)
    goals = [
        _goal_row(view)
        for view in selectors.goals_with_progress(mission=current, user=request.user)
    ]
    return {
        "name": current.name,
        "vision": current.vision,
        "description": current.description,
        "goals": goals,
    }


@router.get("/indicators", response=list[IndicatorOut], summary="Alle indikatorer")
def indicator_list(request):
    return list(selectors.indicator_list(user=request.user))


@router.get("/indicators/{code}", response=IndicatorOut, summary="Én indikator")
def indicator_detail(request, code: str):
    return visible_object_or_404(Indicator.objects.all(), request.user, code=code)


@router.get(
    "/observations",
    response=list[ObservationOut],
    summary="Observasjoner (filtrer på indikator, region og periode)",
)
def observation_list(request, indicator: str = "", region: str = "", period: str = ""):
    return list(_observations(request, indicator, region, period))


def _observations(request, indicator: str, region: str, period: str):
    """The observations the user may see, filtered as both the JSON and the CSV are."""
    return selectors.observation_list(
        indicator_code=indicator, region_code=region, period=period, user=request.user
    )


@router.get("/observations.csv", summary="Observasjoner som CSV (samme format som CSV-importen)")
def observation_csv(request, indicator: str = "", region: str = "", period: str = ""):
    buffer = io.StringIO()
    write_observations_csv(buffer, _observations(request, indicator, region, period))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="observasjoner.csv"'
    return response


# --- The mission's goals -------------------------------------------------------------------------


class GoalUpdateIn(Schema):
    """Only the fields sent are changed."""

    title: str = Field(None, max_length=200)
    description: str = Field(None, max_length=5000)
    indicator: str = Field(None, max_length=60, description="Indikatorens kode")
    region: str = Field(None, max_length=8, description="Regionkoden (landet, fylke, kommune)")
    direction: one_of(Direction) = Field(None, description="down: lavere er bedre")
    baseline_value: Decimal = Field(None, max_digits=18, decimal_places=4, allow_inf_nan=False)
    baseline_year: int = Field(None, ge=1900, le=2100)
    target_value: Decimal = Field(None, max_digits=18, decimal_places=4, allow_inf_nan=False)
    target_year: int = Field(None, ge=1900, le=2100)
    order: int = Field(None, ge=0, le=1000)


class GoalIn(GoalUpdateIn):
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=5000)
    indicator: str = Field(..., max_length=60, description="Indikatorens kode")
    region: str = Field(..., max_length=8, description="Regionkoden (landet, fylke, kommune)")
    direction: one_of(Direction) = Field(Direction.DOWN.value, description="down: lavere er bedre")
    baseline_value: Decimal = Field(..., max_digits=18, decimal_places=4, allow_inf_nan=False)
    baseline_year: int = Field(..., ge=1900, le=2100)
    target_value: Decimal = Field(..., max_digits=18, decimal_places=4, allow_inf_nan=False)
    target_year: int = Field(..., ge=1900, le=2100)


def _goal_fields(request, fields: dict) -> dict:
    if "indicator" in fields:
        fields["indicator"] = one_named(
            visible(Indicator.objects.all(), request.user),
            "code",
            fields["indicator"],
            _("indikator"),
            "indicator",
        )
    if "region" in fields:
        fields["region"] = one_named(Region, "code", fields["region"], _("region"), "region")
    return fields


def _goal(request, goal_id: int, permission: str) -> Goal:
    return visible_permitted_object(request, permission, Goal.objects.all(), pk=goal_id)


def _goal_out(request, goal: Goal) -> dict:
    return _goal_row(selectors.goal_with_progress(goal=goal, user=request.user))


@router.get("/goals/{int:goal_id}", response=GoalOut, summary="Ett mål i oppdraget med fremdrift")
def goal_detail(request, goal_id: Id):
    return _goal_out(request, visible_object_or_404(Goal.objects.all(), request.user, pk=goal_id))


@router.post(
    "/goals",
    response={201: GoalOut},
    auth=STAFF_AUTH,
    summary="Nytt mål i oppdraget (oppdragsleder)",
)
def goal_create(request, payload: GoalIn):
    require(request, "mission.add_goal")
    current = _current_mission(request)
    fields = _goal_fields(request, payload.dict(exclude_unset=True))
    created = services.goal_create(mission=current, **fields)
    return 201, _goal_out(request, created)


@router.patch(
    "/goals/{int:goal_id}",
    response=GoalOut,
    auth=STAFF_AUTH,
    summary="Endre et mål (oppdragsleder)",
)
def goal_update(request, goal_id: Id, payload: GoalUpdateIn):
    found = _goal(request, goal_id, "mission.change_goal")
    services.goal_update(goal=found, **_goal_fields(request, payload.dict(exclude_unset=True)))
    return _goal_out(request, found)


@router.delete(
    "/goals/{int:goal_id}",
    response={204: None},
    auth=STAFF_AUTH,
    summary="Slett et mål (oppdragsleder)",
)
def goal_delete(request, goal_id: Id):
    services.goal_delete(goal=_goal(request, goal_id, "mission.delete_goal"))
    return 204, None
