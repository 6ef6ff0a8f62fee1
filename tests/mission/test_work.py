"""The mission's items on «Mitt arbeid»: the user's municipality against the goals."""

import pytest

from fellesloft.mission import services
from fellesloft.mission.work import work_items
from tests.mission.helpers import ensure_initial_dataset, make_goal
from tests.world import build_world

pytestmark = pytest.mark.django_db

FIGURES = (
    "indikator;region;periode;verdi;status;foreløpig;merknad\n"
    "neet-andel-15-29;5001;2021;9,4;;nei;\n"
    "neet-andel-15-29;5001;2023;8,1;;nei;\n"
    "neet-andel-15-29;5014;2023;11,9;;nei;\n"
    "neet-andel-15-29;50;2023;9,6;;nei;\n"
)


@pytest.fixture
def world():
    ensure_initial_dataset()
    world = build_world()
    services.import_data(data=FIGURES.encode(), file_format="csv", source="tall.csv")
    make_goal("Færre unge utenfor")
    return world


def test_my_municipality_against_the_goal(world):
    [item] = work_items(user=world.users["member"])
    assert item.title == "Færre unge utenfor – Trondheim"
    assert [(figure.label, figure.value) for figure in item.figures] == [
        ("Trondheim 2023", "8,1\u00a0%"),
        ("Trøndelag 2023", "9,6\u00a0%"),
        ("Mål for Trøndelag 2030", "8,0\u00a0%"),
    ]
    assert "I rute mot målet" in item.detail
    assert item.url == "/oppdraget/indikatorer/neet-andel-15-29/?kommune=5001"


def test_another_municipality_sees_its_own_figures_behind_the_goal(world):
    [item] = work_items(user=world.users["other_coordinator"])
    assert item.title == "Færre unge utenfor – Frøya"
    assert item.figures[0].value == "11,9\u00a0%"
    assert "Bak målet" in item.detail


def test_no_municipality_no_figures(world):
    assert work_items(user=world.users["mission_lead"]) == []
