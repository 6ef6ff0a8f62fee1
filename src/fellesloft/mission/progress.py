"""Progress towards a goal: baseline → latest → target (pure, no Django).

A goal runs in a straight line from its baseline (value, year) to its target (value, year).
The latest figure is *on track* when it is at least as good as that line in its year, and
*reached* when it is at least as good as the target. «Good» follows the goal's direction
(lower is better for NEET, higher for completed school).
"""

from dataclasses import dataclass
from decimal import Decimal

REACHED = "reached"
ON_TRACK = "on_track"
BEHIND = "behind"
NO_DATA = "no_data"
STATUSES = (REACHED, ON_TRACK, BEHIND, NO_DATA)

DOWN = "down"
UP = "up"


@dataclass(frozen=True)
class Progress:
    status: str
    latest: Decimal | None
    latest_year: int | None
    expected: Decimal | None  # where the straight line is in the latest figure's year
    share: float | None  # how far from baseline to target: 0 at the baseline, 1 at the target

    @property
    def percent(self) -> int | None:
        if self.share is None:
            return None
        return round(max(0.0, min(1.0, self.share)) * 100)


def at_least_as_good(value: Decimal, other: Decimal, direction: str) -> bool:
    return value <= other if direction == DOWN else value >= other


def goal_progress(
    *,
    baseline_value: Decimal,
    baseline_year: int,
    target_value: Decimal,
    target_year: int,
    direction: str,
    latest: Decimal | None,
    latest_year: int | None,
) -> Progress:
    if direction not in (DOWN, UP):
        raise ValueError(f"direction must be {DOWN!r} or {UP!r}")
    if target_year <= baseline_year:
        raise ValueError("target_year must come after baseline_year")
    if latest is None or latest_year is None or latest_year <= baseline_year:
        return Progress(NO_DATA, latest, latest_year, None, None)
    span = target_value - baseline_value
    elapsed = Decimal(min(latest_year, target_year) - baseline_year)
    expected = baseline_value + span * elapsed / Decimal(target_year - baseline_year)
    share = float((latest - baseline_value) / span) if span else None
    if at_least_as_good(latest, target_value, direction):
        status = REACHED
    elif at_least_as_good(latest, expected, direction):
        status = ON_TRACK
    else:
        status = BEHIND
    if share is None:
        share = 1.0 if status == REACHED else 0.0
    return Progress(status, latest, latest_year, expected, share)
