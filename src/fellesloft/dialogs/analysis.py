"""From the dialog's votes to a published analysis snapshot (runs in a background task).

The opinion engine (`fellesloft.opinion`) does the maths; this module feeds it the latest vote
per participant and statement, adds what only the platform knows (votes per self-described
sector, participation over time) and stores the result as JSON, so pages only read a row. The
row holds raw counts: what of them the public sees is decided by `disclosure` alone.
"""

import random
import time
from collections import Counter

import numpy as np
from django.db.models import Count, Max, Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from fellesloft.core.ordering import norwegian
from fellesloft.dialogs import services
from fellesloft.dialogs.models import (
    Analysis,
    Dialog,
    Participant,
    Statement,
    StatementState,
    Vote,
    VoteEvent,
)
from fellesloft.opinion import MIN_FINDING_VOTES
from fellesloft.organisations.models import Sector

MAP_MAX_POINTS = 2000
GROUP_LABELS = "ABCDEFGHIJ"


def group_label(group_id: int | None) -> str:
    if group_id is None:
        return "–"
    return GROUP_LABELS[group_id] if 0 <= group_id < len(GROUP_LABELS) else str(group_id + 1)


def _load_votes(dialog: Dialog, phase: str):
    rows = Vote.objects.filter(dialog=dialog, statement__phase=phase).values_list(
        "participant_id", "statement_id", "value"
    )
    data = np.fromiter(
        (value for row in rows.iterator(chunk_size=20_000) for value in row), dtype=np.int64
    )
    data = data.reshape(-1, 3)
    return data[:, 0], data[:, 1], data[:, 2]


def run_engine(
    participants: np.ndarray,
    statements: np.ndarray,
    values: np.ndarray,
    *,
    moderated_out=(),
    all_statements=(),
    previous_state: dict | None = None,
):
    """Calls the opinion engine with the latest votes (one per participant and statement),
    starting from the previous analysis' engine state when there is one: groups then keep
    their ids (and so their letters), and their number changes only when a new number has
    been the best several recomputes in a row."""
    from fellesloft.opinion import VoteLog, WarmState, analyse

    previous = None
    if previous_state:
        try:
            previous = WarmState.from_json(previous_state)
        except ValueError:
            previous = None  # an older or damaged state: start afresh
    log = VoteLog(participants, statements, values.astype(np.float64))
    return analyse(
        log,
        moderated_out=tuple(moderated_out),
        statements=tuple(all_statements),
        seed=0,
        previous=previous,
    )


def _shares_by(
    keys: np.ndarray, n_keys: int, statement_index: np.ndarray, n_statements: int, values
) -> tuple[np.ndarray, np.ndarray]:
    """(agree, seen) counts per (key, statement); keys < 0 are left out."""
    mask = keys >= 0
    flat = keys[mask] * n_statements + statement_index[mask]
    size = n_keys * n_statements
    seen = np.bincount(flat, minlength=size).reshape(n_keys, n_statements)
    agree = np.bincount(flat, weights=(values[mask] == 1), minlength=size).reshape(
        n_keys, n_statements
    )
    return agree.astype(int), seen


def _rounded(value: float, digits: int = 3) -> float:
    return round(float(value), digits)


def build_summary(dialog: Dialog, phase: str, engine_result, votes) -> dict:
    participant_ids, statement_ids, values = votes
    statement_order = sorted({int(s) for s in statement_ids})
    statement_index_of = {sid: i for i, sid in enumerate(statement_order)}
    statement_index = np.array([statement_index_of[int(s)] for s in statement_ids], dtype=np.int64)
    n_statements = len(statement_order)

    statements = {}
    for statement in engine_result.statements:
        statements[str(statement.id)] = {
            "agree": statement.n_agree,
            "disagree": statement.n_disagree,
            "pass": statement.n_pass,
            "divisiveness": _rounded(statement.divisiveness),
            "consensus_agree": _rounded(statement.group_aware_consensus_agree),
        }

    group_of = {p.id: p.group for p in engine_result.participants}
    groups = sorted(engine_result.groups, key=lambda group: group.id)
    group_position = {group.id: position for position, group in enumerate(groups)}
    participant_group = np.array(
        [group_position.get(group_of.get(int(p)), -1) for p in participant_ids], dtype=np.int64
    )
    group_agree, group_seen = (
        _shares_by(participant_group, len(groups), statement_index, n_statements, values)
        if len(groups) and n_statements
        else (np.zeros((0, 0)), np.zeros((0, 0)))
    )

    def group_shares(statement_id) -> list[dict]:
        column = statement_index_of.get(int(statement_id))
        shares = []
        for position, group in enumerate(groups):
            seen = int(group_seen[position, column]) if column is not None else 0
            agree = int(group_agree[position, column]) if column is not None else 0
            shares.append(
                {
                    "group": group.id,
                    "label": group_label(group.id),
                    "seen": seen,
                    # A share of fewer votes than any finding rests on is not shown.
                    "agree_share": _rounded(agree / seen) if seen >= MIN_FINDING_VOTES else None,
                }
            )
        return shares

    group_rows = []
    for group in groups:
        group_rows.append(
            {
                "id": group.id,
                "label": group_label(group.id),
                "size": group.size,
                "centre": [_rounded(group.centre[0]), _rounded(group.centre[1])],
                "members": sorted(int(member) for member in group.members),
                "representative": [
                    {
                        "statement": int(rep.statement),
                        "direction": rep.direction,
                        "share": _rounded(rep.n_success / rep.n_seen if rep.n_seen else 0),
                        "n_success": rep.n_success,
                        "n_seen": rep.n_seen,
                    }
                    for rep in group.representative
                ],
            }
        )

    def consensus_rows(items) -> list[dict]:
        return [
            {
                "statement": int(item.statement),
                "direction": item.direction,
                "share": _rounded(item.n_success / item.n_seen if item.n_seen else 0),
                "n_success": item.n_success,
                "n_seen": item.n_seen,
            }
            for item in items
        ]

    divisive = [
        {
            "statement": int(item.statement),
            "divisiveness": _rounded(item.divisiveness),
            "most_agreeing_group": group_label(item.most_agreeing_group),
            "least_agreeing_group": group_label(item.least_agreeing_group),
            "groups": group_shares(item.statement),
        }
        for item in engine_result.divisive[:10]
    ]

    points = [
        (p.x, p.y, p.group if p.group is not None else -1)  # the group's id: stable colour
        for p in engine_result.participants
        if p.clustered
    ]
    if len(points) > MAP_MAX_POINTS:
        points = random.Random(0).sample(points, MAP_MAX_POINTS)  # noqa: S311 – a fixed sample
    map_points = [[_rounded(x), _rounded(y), group] for x, y, group in points]

    return {
        "statements": statements,
        "groups": group_rows,
        "consensus": {
            "agree": consensus_rows(engine_result.consensus_agree),
            "disagree": consensus_rows(engine_result.consensus_disagree),
        },
        "divisive": divisive,
        "map": {
            "points": map_points,
            "clustered": sum(p.clustered for p in engine_result.participants),
        },
        "sector_counts": sector_counts(dialog, votes, statement_order, statement_index),
        "participation": participation(dialog, phase),
        "participants_counted": len(engine_result.participants),
    }


def participant_positions(engine_result) -> dict:
    """Each analysed participant's place: [x, y, group id, votes counted], x, y and group null
    for one not clustered – what their own results page shows them (and nobody else)."""
    return {
        Analysis.position_key(int(p.id)): (
            [_rounded(p.x), _rounded(p.y), p.group, p.n_votes]
            if p.clustered and p.group is not None
            else [None, None, None, p.n_votes]
        )
        for p in engine_result.participants
    }


def sector_counts(dialog: Dialog, votes, statement_order: list[int], statement_index) -> dict:
    """Raw votes per self-described sector and statement (sectors × statements), for
    `disclosure` to decide what of it may be published. Never shown as it is."""
    participant_ids, _, values = votes
    sector_of = dict(
        Participant.objects.filter(dialog=dialog, sector__isnull=False).values_list(
            "pk", "sector_id"
        )
    )
    sectors = list(
        Sector.objects.filter(pk__in=set(sector_of.values())).order_by("order", norwegian("name"))
    )
    if not sectors or not statement_order:
        return {"sectors": [], "statements": [], "seen": [], "agree": []}
    position = {sector.pk: i for i, sector in enumerate(sectors)}
    keys = np.array(
        [position.get(sector_of.get(int(p)), -1) for p in participant_ids], dtype=np.int64
    )
    agree, seen = _shares_by(keys, len(sectors), statement_index, len(statement_order), values)
    return {
        "sectors": [
            {"slug": sector.slug, "name": sector.name, "youth": sector.is_youth_voice}
            for sector in sectors
        ],
        "statements": statement_order,
        "seen": seen.tolist(),
        "agree": agree.tolist(),
    }


def participation(dialog: Dialog, phase: str) -> list[dict]:
    """Votes and new participants per day."""
    events = dict(
        VoteEvent.objects.filter(dialog=dialog, statement__phase=phase)
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    firsts = (
        VoteEvent.objects.filter(dialog=dialog, statement__phase=phase)
        .values("participant_id")
        .annotate(first=Min("created_at"))
        .values_list("first", flat=True)
    )
    newcomers = Counter(timezone.localtime(first).date() for first in firsts.iterator())
    days = sorted(set(events) | set(newcomers))
    return [
        {
            "date": day.isoformat(),
            "votes": events.get(day, 0),
            "participants": newcomers.get(day, 0),
        }
        for day in days
    ]


def compute_analysis(*, dialog_id: int, phase: str) -> Analysis | None:
    """Recomputes and stores the analysis of one dialog (and phase)."""
    dialog = Dialog.objects.filter(pk=dialog_id).first()
    if dialog is None:
        return None
    # The time the data is read from: the analysis counts every vote stored before it
    # (tasks.py relies on that to skip a computation that would count nothing new).
    computed_at = timezone.now()
    started = time.perf_counter()
    last_event_id = VoteEvent.objects.filter(dialog=dialog).aggregate(last=Max("id"))["last"] or 0
    votes = _load_votes(dialog, phase)
    states = dict(Statement.objects.filter(dialog=dialog, phase=phase).values_list("pk", "state"))
    moderated_out = [pk for pk, state in states.items() if state != StatementState.APPROVED]
    previous_state = (
        Analysis.objects.filter(dialog=dialog, phase=phase)
        .values_list("engine_state", flat=True)
        .first()
    )
    engine_result = run_engine(
        *votes,
        moderated_out=moderated_out,
        all_statements=[pk for pk, state in states.items() if state == StatementState.APPROVED],
        previous_state=previous_state,
    )
    summary = build_summary(dialog, phase, engine_result, votes)
    priorities = {str(s.id): _rounded(s.priority, 6) for s in engine_result.statements}
    duration_ms = int((time.perf_counter() - started) * 1000)
    return services.analysis_save(
        dialog=dialog,
        phase=phase,
        computed_at=computed_at,
        votes_counted=int(engine_result.n_votes),
        last_event_id=last_event_id,
        duration_ms=duration_ms,
        summary=summary,
        priorities=priorities,
        engine_state=engine_result.state.to_json() if engine_result.state is not None else {},
        positions=participant_positions(engine_result),
    )
