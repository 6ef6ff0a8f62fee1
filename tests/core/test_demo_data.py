"""The demo content kept in the apps' `data/demo_*.toml` files, and the checks on reading it."""

from dataclasses import dataclass

import pytest

from fellesloft.barriers import demo as barrier_demo
from fellesloft.core import demo_data
from fellesloft.dialogs.demo import demo_dialogs
from fellesloft.experiments.demo import experiments
from fellesloft.experiments.models import ExperimentStatus
from fellesloft.measures import demo as measure_demo
from fellesloft.measures.models import Access


def test_the_demo_data_files_read_into_their_specs():
    specs = experiments()
    assert len(specs) == 7
    assert {spec.status for spec in specs} == set(ExperimentStatus)
    assert all(isinstance(spec.status, ExperimentStatus) for spec in specs)
    dialogs = demo_dialogs()
    assert set(dialogs) == {"trondheim", "panel", "upcoming", "workshop"}
    assert len(dialogs["panel"].outcomes) == 8
    assert all(isinstance(template.access, Access) for template in measure_demo.TEMPLATES.values())
    assert set(measure_demo.LANDSCAPES) == {"5001", "5006", "5014", "5037", "5059"}
    assert len(barrier_demo.BARRIERS) == 7 and len(barrier_demo.THEMES) == 2


def test_an_unknown_stored_value_is_a_clear_error():
    with pytest.raises(demo_data.DemoDataError) as error:
        demo_data.choice(ExperimentStatus, "runing", where="demo_experiments.toml, «X», status")
    assert str(error.value) == (
        "demo_experiments.toml, «X», status: 'runing' is not one of "
        '"idea", "planning", "running", "completed", "stopped"'
    )


def test_an_unknown_or_missing_key_is_a_clear_error():
    @dataclass(frozen=True)
    class Card:
        title: str
        publish: bool = False

    assert demo_data.build(Card, {"title": "T"}, where="w", publish=True) == Card("T", True)
    with pytest.raises(demo_data.DemoDataError, match="^w: .*unexpected keyword argument 'titel'"):
        demo_data.build(Card, {"titel": "T"}, where="w")
    with pytest.raises(demo_data.DemoDataError, match="^w: .*missing 1 required .*'title'"):
        demo_data.build(Card, {}, where="w")
