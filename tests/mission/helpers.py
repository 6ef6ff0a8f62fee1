"""Shared pieces of the mission tests."""

import json
from decimal import Decimal
from pathlib import Path

from fellesloft.mission.initial_data import load_initial_dataset
from fellesloft.mission.models import Indicator, Mission, Observation, Region
from fellesloft.organisations.models import County, Municipality
from tests.world import ensure_reference_data

FIXTURES = Path(__file__).parent / "fixtures"


def ssb_fixture(name: str = "ssb_12423_neet.json") -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def ssb_bytes(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def make_goal(
    title: str = "Færre unge utenfor arbeid og utdanning",
    *,
    indicator: str = "neet-andel-15-29",
    baseline: Decimal = Decimal("10.3"),
    target: Decimal = Decimal("8"),
):
    """A goal of the current mission for Trøndelag (region 50), from 2020 to 2030."""
    from fellesloft.mission.services import goal_create

    ensure_initial_dataset()
    return goal_create(
        mission=Mission.objects.order_by("order", "pk").first(),
        title=title,
        indicator=Indicator.objects.get(code=indicator),
        region=Region.objects.get(code="50"),
        baseline_value=baseline,
        baseline_year=2020,
        target_value=target,
        target_year=2030,
    )


def ensure_initial_dataset() -> None:
    """Transactional tests flush what the data migration loaded; put it back."""
    ensure_reference_data()
    load_initial_dataset(
        mission_model=Mission,
        indicator_model=Indicator,
        observation_model=Observation,
        region_model=Region,
        county_model=County,
        municipality_model=Municipality,
    )
