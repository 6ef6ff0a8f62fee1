"""Region and period codes, SSB's status symbols, and goal progress (pure functions)."""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from fellesloft.mission.codes import (
    CodeError,
    interpret_status,
    normalise_region_code,
    period_year,
)
from fellesloft.mission.progress import BEHIND, NO_DATA, ON_TRACK, REACHED, goal_progress


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("K-5001", ("5001", "municipality")),
        ("5001", ("5001", "municipality")),
        (" k-5001 ", ("5001", "municipality")),
        ("301", ("0301", "municipality")),
        ("F-50", ("50", "county")),
        ("50", ("50", "county")),
        ("3", ("03", "county")),
        ("0", ("0", "country")),
        ("00", ("0", "country")),
        ("0000", ("0", "country")),
        (5001, ("5001", "municipality")),
    ],
)
def test_region_codes_are_normalised(raw, expected):
    assert normalise_region_code(raw) == expected


@pytest.mark.parametrize("raw", ["Trondheim", "K-", "500101", "B-030101", "", "EAK"])
def test_unknown_region_codes_are_refused(raw):
    with pytest.raises(CodeError, match="ukjent regionkode"):
        normalise_region_code(raw)


@given(st.integers(1, 9999), st.sampled_from(["", "K-", "F-", "k-"]))
def test_normalising_is_idempotent(number, prefix):
    code, level = normalise_region_code(f"{prefix}{number}")
    assert normalise_region_code(code) == (code, level)


@pytest.mark.parametrize(
    ("period", "year"), [("2022", 2022), ("2022K3", 2022), ("2022M03", 2022), ("2020-2022", 2020)]
)
def test_period_years(period, year):
    assert period_year(period) == year


def test_bad_period():
    with pytest.raises(CodeError, match="ukjent periode «i fjor»"):
        period_year("i fjor")


def test_status_symbols():
    assert interpret_status(None, "..") == (None, "..", False)
    assert interpret_status(Decimal(3), ":") == (None, ":", False)
    assert interpret_status(Decimal(3), "*") == (Decimal(3), "", True)
    assert interpret_status(Decimal(3), "r") == (Decimal(3), "", False)
    assert interpret_status(None, None) == (None, "", False)
    with pytest.raises(CodeError, match="ukjent statussymbol «x»"):
        interpret_status(None, "x")


def progress(latest, latest_year, *, baseline=10, target=8, direction="down"):
    return goal_progress(
        baseline_value=Decimal(baseline),
        baseline_year=2020,
        target_value=Decimal(target),
        target_year=2030,
        direction=direction,
        latest=None if latest is None else Decimal(str(latest)),
        latest_year=latest_year,
    )


def test_progress_examples():
    assert progress(9.5, 2022).status == ON_TRACK  # the line is at 9.6 in 2022
    assert progress(9.7, 2022).status == BEHIND
    assert progress(8, 2026).status == REACHED
    assert progress(None, None).status == NO_DATA
    assert progress(9, 2020).status == NO_DATA  # nothing newer than the baseline
    assert progress(8.5, 2031).status == BEHIND  # deadline passed, target not reached
    assert progress(9, 2025).percent == 50
    assert progress(12, 2025, baseline=10, target=14, direction="up").status == ON_TRACK


values = st.decimals(min_value=-1000, max_value=1000, places=2)


@given(values, values, values, st.integers(2021, 2040), st.sampled_from(["down", "up"]))
def test_progress_is_the_mirror_image_for_the_other_direction(base, target, latest, year, way):
    assume(base != target)
    first = goal_progress(
        baseline_value=base,
        baseline_year=2020,
        target_value=target,
        target_year=2030,
        direction=way,
        latest=latest,
        latest_year=year,
    )
    mirrored = goal_progress(
        baseline_value=-base,
        baseline_year=2020,
        target_value=-target,
        target_year=2030,
        direction="up" if way == "down" else "down",
        latest=-latest,
        latest_year=year,
    )
    assert first.status == mirrored.status
    assert first.share == pytest.approx(mirrored.share)


@given(values, values, values, values, st.integers(2021, 2040))
def test_a_better_figure_never_gives_a_worse_status(base, target, one, other, year):
    assume(target < base)  # lower is better
    rank = {BEHIND: 0, ON_TRACK: 1, REACHED: 2}
    better, worse = sorted([one, other])
    kwargs = {
        "baseline_value": base,
        "baseline_year": 2020,
        "target_value": target,
        "target_year": 2030,
        "direction": "down",
        "latest_year": year,
    }
    assert (
        rank[goal_progress(latest=better, **kwargs).status]
        >= rank[goal_progress(latest=worse, **kwargs).status]
    )
    reached = goal_progress(latest=better, **kwargs)
    if reached.status == REACHED:
        assert reached.share >= 1
