from fellesloft.mission.models import MainChallenge
from tests.matrix import Case, everyone, only
from tests.mission.helpers import ensure_initial_dataset, make_goal

LEAD = {"mission_lead", "superuser"}


def extend_world(world) -> None:
    ensure_initial_dataset()
    world.extra["goal"] = make_goal("Færre unge utenfor (test)")
    world.extra["main_challenge"] = MainChallenge.objects.order_by("order").first()


def _goal(world):
    return {"pk": world.goal.pk}


def _api_goal(world):
    return {"goal_id": world.goal.pk}


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
    Case("api:goal_detail", everyone(), kwargs=_api_goal, html=False),
    Case(
        "api:goal_create",
        only(LEAD, 201, anonymous=401),
        method="post",
        data=lambda world: {
            "title": "Flere unge i jobb (API)",
            "indicator": world.goal.indicator.code,
            "region": world.goal.region.code,
            "direction": "up",
            "baseline_value": "60",
            "baseline_year": 2024,
            "target_value": "70",
            "target_year": 2030,
        },
        json=True,
        html=False,
    ),
    Case(
        "api:goal_update",
        only(LEAD, anonymous=401),
        kwargs=_api_goal,
        method="patch",
        data={"title": "Færre unge utenfor (endret)"},
        json=True,
        html=False,
    ),
    Case(
        "api:goal_delete",
        only(LEAD, 204, anonymous=401),
        kwargs=_api_goal,
        method="delete",
        html=False,
    ),
]
