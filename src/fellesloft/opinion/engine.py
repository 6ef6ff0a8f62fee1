"""`analyse`: votes in, opinion groups, representative statements and consensus out."""

from __future__ import annotations

import time
from collections.abc import Iterable

import numpy as np

from .cluster import BASE_K, MAX_GROUPS, KSmoother, cluster_points, match_labels
from .pca import DENSE_CELLS_LIMIT, project
from .result import (
    Analysis,
    ConsensusStatement,
    DivisiveStatement,
    Group,
    Participant,
    RepresentativeStatement,
    Statement,
    WarmState,
    fast_constructor,
)
from .stats import (
    MIN_FINDING_VOTES,
    Z_90,
    Counts,
    count_votes_and_totals,
    divisiveness,
    group_aware_consensus,
    one_proportion_z,
    priority,
    probability,
    representativeness,
    select_consensus,
    select_representative_all,
)
from .votes import VoteLog, VoteTable, build_vote_table

MIN_VOTES = 7  # a participant is clustered after min(7, statements) votes
GREEDY_PARTICIPANTS = 15  # below this many, the most active voters are added
MIN_CLUSTERED = 5  # fewer clustered participants than this: no groups at all
PICK_MAX = 5
_new_participant = fast_constructor(Participant)
_new_statement = fast_constructor(Statement)


def select_clustered(
    votes_per_participant: np.ndarray,
    n_statements: int,
    *,
    has_votes: np.ndarray | None = None,
    min_votes: int = MIN_VOTES,
    greedy: int = GREEDY_PARTICIPANTS,
) -> np.ndarray:
    """(P,) bool: who is clustered. Voted on ≥ min(7, statements); topped up to 15 with the
    most active voters (ties by canonical id order). As Pol.is (`:in-conv`), the counts may
    include votes on moderated-out statements (`Projection.counted_votes`, `n_columns`).
    Nobody without votes – `has_votes`, by default a count > 0 – is ever clustered."""
    eligible = votes_per_participant > 0 if has_votes is None else has_votes
    threshold = max(min(min_votes, n_statements), 1)
    clustered = (votes_per_participant >= threshold) & eligible
    missing = greedy - int(clustered.sum())
    if missing > 0:
        candidates = np.flatnonzero(~clustered & eligible)
        ranked = candidates[np.lexsort((candidates, -votes_per_participant[candidates]))]
        clustered[ranked[:missing]] = True
    return clustered


def analyse(
    votes: VoteLog | Iterable[tuple[object, object, int]],
    *,
    moderated_out: Iterable[object] = (),
    participants: Iterable[object] = (),
    statements: Iterable[object] = (),
    seed: int = 0,
    previous: Analysis | WarmState | None = None,
    base_k: int = BASE_K,
    max_groups: int = MAX_GROUPS,
    dense_cells_limit: int = DENSE_CELLS_LIMIT,
) -> Analysis:
    """Analyse one conversation.

    votes: a VoteLog, or (participant id, statement id, vote) triples in chronological order
        with vote +1 agree, −1 disagree, 0 pass; the latest vote per pair counts.
    moderated_out: statement ids excluded as if nobody had voted on them.
    participants, statements: extra ids without votes (yet), so they appear in the result.
    seed: fixes every random choice; the same input and seed give the same result.
    previous: an earlier Analysis of the same conversation, or its `state` (a WarmState, e.g.
        `WarmState.from_json` of a stored one): the computation starts from it, keeps its group
        ids and axis orientation, and changes the number of groups only when a new number has
        been the best several recomputes in a row (Pol.is' k-smoother), so the picture does not
        jump.
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    log = votes if isinstance(votes, VoteLog) else VoteLog.from_triples(votes)
    table = build_vote_table(
        log, moderated_out=moderated_out, participants=participants, statements=statements
    )
    timings["votes"] = _since(started)

    mark = time.perf_counter()
    state = previous.state if isinstance(previous, Analysis) else previous
    start = _previous_components(state, table.statement_ids)
    projection = project(table, start=start, seed=seed, dense_cells_limit=dense_cells_limit)
    timings["pca"] = _since(mark)

    mark = time.perf_counter()
    n_participants, n_statements = table.shape
    # Pol.is' rule on its counts: votes on moderated-out statements count here (its zeroed
    # columns), but somebody whose only votes were moderated out has nothing to be placed by.
    clustered = select_clustered(
        projection.counted_votes,
        projection.n_columns,
        has_votes=projection.votes_per_participant > 0,
    )
    if clustered.sum() < MIN_CLUSTERED:
        clustered[:] = False
    clustered_index = np.flatnonzero(clustered)
    clustering = cluster_points(
        projection.participants[clustered_index],
        seed=seed,
        base_k=base_k,
        max_groups=max_groups,
        previous_base=None if state is None else state.base_centres,
        previous_groups=None if state is None else state.group_centres,
        previous_k=None
        if state is None or state.k_smoother is None
        else KSmoother(*state.k_smoother),
    )
    n_groups = len(clustering.group_centres)
    # Internal group index per participant (−1 = not clustered), then public, stable ids.
    group_index = np.full(n_participants, -1)
    base_of = np.full(n_participants, -1)
    if len(clustered_index):
        base_of[clustered_index] = clustering.base_labels
        group_index[clustered_index] = clustering.group_of_base[clustering.base_labels]
    sizes = np.bincount(group_index[clustered_index], minlength=n_groups)
    group_ids = _group_ids(
        group_index, sizes, clustering.group_centres, table.participant_ids, state
    )
    timings["clustering"] = _since(mark)

    mark = time.perf_counter()
    eligible = ~table.moderated
    counts, everyone = count_votes_and_totals(
        table.rows, table.cols, table.values, group_index, n_groups, n_statements
    )
    in_groups = Counts(
        agree=counts.agree.sum(axis=0),
        disagree=counts.disagree.sum(axis=0),
        seen=counts.seen.sum(axis=0),
    )
    groups = _groups(counts, n_groups, group_ids, sizes, group_index, clustering, table, eligible)
    consensus_agree, consensus_disagree = _consensus(in_groups, eligible)
    if n_groups:
        gac_agree, gac_disagree = group_aware_consensus(counts)
    else:
        gac_agree, gac_disagree = np.zeros(n_statements), np.zeros(n_statements)
    spread, spread_z = divisiveness(counts)
    divisive = _divisive(counts, spread, spread_z, eligible, group_ids, table.statement_ids)
    n_agree, n_disagree, n_seen = everyone.agree[0], everyone.disagree[0], everyone.seen[0]
    n_pass = n_seen - n_agree - n_disagree
    extremity = np.linalg.norm(projection.statements, axis=1)
    priorities = np.where(eligible, priority(n_agree, n_pass, n_seen, extremity), 0.0)
    timings["statistics"] = _since(mark)

    mark = time.perf_counter()
    public_group = np.array([group_ids[g] for g in range(n_groups)] + [-1])
    participant_group = public_group[group_index]  # index −1 picks the trailing −1
    # Plain Python lists first: per-element NumPy access would dominate for large inputs.
    xs, ys = projection.participants[:, 0].tolist(), projection.participants[:, 1].tolist()
    n_votes = projection.votes_per_participant.tolist()
    is_clustered = clustered.tolist()
    bases = [b if b >= 0 else None for b in base_of.tolist()]
    public = [g if g >= 0 else None for g in participant_group.tolist()]
    participant_rows = tuple(
        map(
            _new_participant,
            table.participant_ids.tolist(),
            xs,
            ys,
            n_votes,
            is_clustered,
            bases,
            public,
        )
    )
    zero = np.where(eligible, 1.0, 0.0)  # moderated-out statements report zeros
    columns = zip(
        table.statement_ids.tolist(),
        table.moderated.tolist(),
        n_agree.tolist(),
        n_disagree.tolist(),
        n_pass.tolist(),
        projection.statements[:, 0].tolist(),
        projection.statements[:, 1].tolist(),
        extremity.tolist(),
        (gac_agree * zero).tolist(),
        (gac_disagree * zero).tolist(),
        (spread * zero).tolist(),
        priorities.tolist(),
        strict=True,
    )
    statement_rows = tuple(_new_statement(*row) for row in columns)
    warm = WarmState(
        statement_ids=table.statement_ids,
        components=projection.components,
        base_centres=clustering.base_centres,
        group_centres=clustering.centres_by_k,
        participant_ids=table.participant_ids,
        participant_groups=participant_group,
        k_smoother=None
        if clustering.k_smoother is None
        else (
            clustering.k_smoother.last_k,
            clustering.k_smoother.last_k_count,
            clustering.k_smoother.smoothed_k,
        ),
    )
    timings["output"] = _since(mark)
    timings["total"] = _since(started)
    return Analysis(
        participants=participant_rows,
        statements=statement_rows,
        groups=groups,
        consensus_agree=tuple(_consensus_rows(consensus_agree, in_groups, "agree", table)),
        consensus_disagree=tuple(_consensus_rows(consensus_disagree, in_groups, "disagree", table)),
        divisive=divisive,
        n_votes=table.nnz,
        silhouettes=dict(clustering.silhouettes),
        explained_variance=projection.explained_variance,
        timings_ms=timings,
        state=warm,
    )


def _since(mark: float) -> float:
    return (time.perf_counter() - mark) * 1000.0


def _plain(value: object) -> object:
    """NumPy scalars become Python ints and strs, so ids compare and serialise plainly."""
    return value.item() if isinstance(value, np.generic) else value


def _previous_components(state: WarmState | None, statement_ids: np.ndarray) -> np.ndarray | None:
    if state is None or not np.any(state.components):
        return None
    where = {sid: i for i, sid in enumerate(state.statement_ids.tolist())}
    start = np.zeros((2, len(statement_ids)))
    for j, sid in enumerate(statement_ids.tolist()):
        i = where.get(sid)
        if i is not None:
            start[:, j] = state.components[:, i]
    return start if np.any(start) else None


def _group_ids(
    group_index: np.ndarray,
    sizes: np.ndarray,
    centres: np.ndarray,
    participant_ids: np.ndarray,
    state: WarmState | None,
) -> list[int]:
    """Public id per internal group: the previous ids by member overlap, else by size."""
    n_groups = len(sizes)
    if state is not None and len(state.participant_ids):
        previous_of = dict(
            zip(state.participant_ids.tolist(), state.participant_groups.tolist(), strict=True)
        )
        previous = np.array([previous_of.get(pid, -1) for pid in participant_ids.tolist()])
        previous_ids = sorted({int(g) for g in state.participant_groups.tolist() if g >= 0})
        return match_labels(group_index, previous, n_groups, previous_ids)
    # Largest group first; ties by position, so the order never depends on the input order.
    order = np.lexsort((centres[:, 1], centres[:, 0], -sizes)) if n_groups else np.zeros(0, int)
    ids = [0] * n_groups
    for public, internal in enumerate(order):
        ids[int(internal)] = public
    return ids


def _groups(
    counts: Counts,
    n_groups: int,
    group_ids: list[int],
    sizes: np.ndarray,
    group_index: np.ndarray,
    clustering,
    table: VoteTable,
    eligible: np.ndarray,
) -> tuple[Group, ...]:
    rep = representativeness(counts) if n_groups >= 2 else None
    choices = [] if rep is None else select_representative_all(rep, counts, eligible, PICK_MAX)
    result = []
    for g in range(n_groups):
        chosen = [] if rep is None else choices[g]
        representative = []
        for choice in chosen:
            j = choice.statement
            agree = choice.agree
            representative.append(
                RepresentativeStatement(
                    statement=_plain(table.statement_ids[j]),
                    direction="agree" if agree else "disagree",
                    n_success=int((counts.agree if agree else counts.disagree)[g, j]),
                    n_seen=int(counts.seen[g, j]),
                    probability=float((rep.pa if agree else rep.pd)[g, j]),
                    probability_z=float((rep.pat if agree else rep.pdt)[g, j]),
                    agree_ratio=float(rep.ra[g, j]),
                    disagree_ratio=float(rep.rd[g, j]),
                    z=float((rep.rat if agree else rep.rdt)[g, j]),
                    best_agree=choice.best_agree,
                )
            )
        ids = table.participant_ids[group_index == g]
        # tolist() already gives plain ints and strs; only object arrays may hold NumPy scalars.
        members = tuple(_plain(pid) for pid in ids) if ids.dtype == object else tuple(ids.tolist())
        centre = clustering.group_centres[g]
        result.append(
            Group(
                id=group_ids[g],
                size=int(sizes[g]),
                members=members,
                centre=(float(centre[0]), float(centre[1])),
                representative=tuple(representative),
            )
        )
    return tuple(sorted(result, key=lambda group: group.id))


def _consensus(in_groups: Counts, eligible: np.ndarray) -> tuple[list[int], list[int]]:
    return select_consensus(in_groups.agree, in_groups.disagree, in_groups.seen, eligible, PICK_MAX)


def _consensus_rows(
    indices: list[int], counts: Counts, direction: str, table: VoteTable
) -> list[ConsensusStatement]:
    successes = (counts.agree if direction == "agree" else counts.disagree)[indices]
    seen = counts.seen[indices]
    columns = zip(
        table.statement_ids[indices].tolist(),
        successes.tolist(),
        seen.tolist(),
        probability(successes, seen).tolist(),
        one_proportion_z(successes, seen).tolist(),
        strict=True,
    )
    return [
        ConsensusStatement(
            statement=_plain(statement),
            direction=direction,  # type: ignore[arg-type]
            n_success=int(n_success),
            n_seen=int(n_seen),
            probability=float(share),
            z=float(z),
        )
        for statement, n_success, n_seen, share, z in columns
    ]


def _divisive(
    counts: Counts,
    spread: np.ndarray,
    spread_z: np.ndarray,
    eligible: np.ndarray,
    group_ids: list[int],
    statement_ids: np.ndarray,
) -> tuple[DivisiveStatement, ...]:
    if counts.seen.shape[0] < 2:
        return ()
    candidates = np.flatnonzero(eligible & (spread_z > Z_90))
    ordered = candidates[np.lexsort((candidates, -spread_z[candidates], -spread[candidates]))]
    net = probability(counts.agree, counts.seen) - probability(counts.disagree, counts.seen)
    enough = counts.seen >= MIN_FINDING_VOTES  # as in `divisiveness`: few votes compare nothing
    high = np.where(enough, net, -np.inf).argmax(axis=0)
    low = np.where(enough, net, np.inf).argmin(axis=0)
    return tuple(
        DivisiveStatement(
            statement=_plain(statement_ids[j]),
            divisiveness=float(spread[j]),
            z=float(spread_z[j]),
            most_agreeing_group=group_ids[int(high[j])],
            least_agreeing_group=group_ids[int(low[j])],
        )
        for j in ordered[:PICK_MAX].tolist()
    )
