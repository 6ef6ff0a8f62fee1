from decimal import Decimal

from fellesloft.mission.models import Goal, Indicator, MainChallenge, Mission, Region
from tests.matrix import Case, everyone, only
from tests.mission.helpers import ensure_initial_dataset

LEAD = {"mission_lead", "superuser"}


def extend_world(world) -> None:
    ensure_initial_dataset()
    world.extra["goal"] = Goal.objects.create(
        mission=Mission.objects.first(),
        title="Færre unge utenfor (test)",
        indicator=Indicator.objects.get(code="neet-andel-15-29"),
        region=Region.objects.get(code="50"),
        baseline_value=Decimal("10.3"),
        baseline_year=2020,
        target_value=Decimal("8"),
        target_year=2030,
    )
    world.extra["main_challenge"] = MainChallenge.objects.order_by("order").first()


def _goal(world):
    return {"pk": world.goal.pk}


def _term(world):
    return {"kind": "hovedutfordringer", "pk": world.main_challenge.pk}


INDICATOR = {"code": "neet-andel-15-29"}

CASES = [
    Case("mission:mission", everyone()),
    Case("mission:mission_edit", only(LEAD)),
    Case("mission:goal_create", only(LEAD)),
    Case("mission:goal_detail", everyone(), kwargs=_goal),
    Case("mission:goal_edit", only(LEAD), kwargs=_goal),
    Case("mission:goal_delete", only(LEAD, 302), kwargs=_goal, method="post"),
    Case("mission:reference_lists", only(LEAD)),
    Case("mission:reference_term_create", only(LEAD), kwargs={"kind": "behovstema"}),
    Case("mission:reference_term_edit", only(LEAD), kwargs=_term),
    Case("mission:indicator_list", everyone()),
    # Indicator pages' addresses before the mission part had its prefix.
    Case("moved_indicators", everyone(301), kwargs={"rest": ""}, html=False),
    Case("mission:indicator_create", only(LEAD)),
    Case("mission:import", only(LEAD)),
    Case("mission:indicator_detail", everyone(), kwargs=INDICATOR),
    Case("mission:indicator_edit", only(LEAD), kwargs=INDICATOR),
    Case("mission:indicator_csv", everyone(), kwargs=INDICATOR, html=False),
    Case("api:mission_overview", everyone(), html=False),
    Case("api:indicator_list", everyone(), html=False),
    Case("api:indicator_detail", everyone(), kwargs=INDICATOR, html=False),
    Case("api:observation_list", everyone(), html=False),
    Case("api:observation_csv", everyone(), html=False),
]
