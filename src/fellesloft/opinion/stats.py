"""Vote counts per group, representativeness, consensus, divisiveness and priority.

All functions work on count arrays of shape (G, S) – groups × statements – built in one pass
over the sparse votes, so the cost is O(votes + G·S).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# One-sided 90 % normal quantile: Pol.is' significance threshold.
Z_90 = 1.2815515655446004
PICK_MAX = 5


@dataclass(frozen=True, eq=False)
class Counts:
    """agree, disagree, seen: (G, S) int counts; seen includes passes."""

    agree: np.ndarray
    disagree: np.ndarray
    seen: np.ndarray


def count_votes(
    rows: np.ndarray,
    cols: np.ndarray,
    values: np.ndarray,
    group_of_participant: np.ndarray,
    n_groups: int,
    n_statements: int,
) -> Counts:
    """Counts per group for the votes of participants with a group (group −1 is skipped)."""
    groups = group_of_participant[rows]
    keep = groups >= 0
    key = groups[keep] * n_statements + cols[keep]
    votes = values[keep]
    size = n_groups * n_statements

    def tally(mask: np.ndarray | None) -> np.ndarray:
        selected = key if mask is None else key[mask]
        return np.bincount(selected, minlength=size).reshape(n_groups, n_statements)

    return Counts(agree=tally(votes == 1), disagree=tally(votes == -1), seen=tally(None))


def probability(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """(n + 1) / (N + 2): the share with one pseudo-vote each way."""
    return (successes + 1.0) / (trials + 2.0)


def one_proportion_z(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """2·√(N + 1)·((n + 1)/(N + 1) − ½): is the share above one half?"""
    return 2.0 * np.sqrt(trials + 1.0) * ((successes + 1.0) / (trials + 1.0) - 0.5)


def two_proportion_z(
    successes_in: np.ndarray,
    successes_out: np.ndarray,
    trials_in: np.ndarray,
    trials_out: np.ndarray,
) -> np.ndarray:
    """Pooled two-proportion z-test with one pseudocount on each count, as Pol.is does."""
    s1, s2 = successes_in + 1.0, successes_out + 1.0
    n1, n2 = trials_in + 1.0, trials_out + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s1 / n1 - s2 / n2) / spread
    return np.where(spread > 0, z, 0.0)


@dataclass(frozen=True, eq=False)
class Repness:
    """All (G, S): pa, pd shares in the group; pat, pdt one-proportion z; ra, rd ratio against
    the other groups; rat, rdt two-proportion z against the other groups."""

    pa: np.ndarray
    pd: np.ndarray
    pat: np.ndarray
    pdt: np.ndarray
    ra: np.ndarray
    rd: np.ndarray
    rat: np.ndarray
    rdt: np.ndarray


def representativeness(counts: Counts) -> Repness:
    total_agree = counts.agree.sum(axis=0)
    total_disagree = counts.disagree.sum(axis=0)
    total_seen = counts.seen.sum(axis=0)
    out_agree = total_agree - counts.agree
    out_disagree = total_disagree - counts.disagree
    out_seen = total_seen - counts.seen
    pa = probability(counts.agree, counts.seen)
    pd = probability(counts.disagree, counts.seen)
    return Repness(
        pa=pa,
        pd=pd,
        pat=one_proportion_z(counts.agree, counts.seen),
        pdt=one_proportion_z(counts.disagree, counts.seen),
        ra=pa / probability(out_agree, out_seen),
        rd=pd / probability(out_disagree, out_seen),
        rat=two_proportion_z(counts.agree, out_agree, counts.seen, out_seen),
        rdt=two_proportion_z(counts.disagree, out_disagree, counts.seen, out_seen),
    )


@dataclass(frozen=True)
class RepChoice:
    """Internal: one chosen representative statement (index) of a group."""

    statement: int
    agree: bool
    best_agree: bool


def select_representative(
    rep: Repness,
    counts: Counts,
    group: int,
    eligible: np.ndarray,
    pick_max: int = PICK_MAX,
) -> list[RepChoice]:
    """Pol.is' choice for one group: the best agreed statement first, then the significant ones
    by r·z_r·p·z_p, at most `pick_max`, agree before disagree."""
    g = group
    voted = eligible & ((counts.agree[g] + counts.disagree[g]) > 0)
    agree_sig = (rep.pat[g] > Z_90) & (rep.rat[g] > Z_90)
    disagree_sig = (rep.pdt[g] > Z_90) & (rep.rdt[g] > Z_90)
    sufficient = eligible & (agree_sig | disagree_sig)
    use_agree = rep.rat[g] > rep.rdt[g]
    metric = np.where(
        use_agree,
        rep.ra[g] * rep.rat[g] * rep.pa[g] * rep.pat[g],
        rep.rd[g] * rep.rdt[g] * rep.pd[g] * rep.pdt[g],
    )

    head: RepChoice | None = None
    # The best agreed statement: something the group itself agrees on, preferably distinctively.
    acceptable = voted & ((rep.pat[g] > Z_90) | ((rep.ra[g] > 1.0) & (rep.pa[g] > 0.5)))
    if acceptable.any():
        distinctive = acceptable & (rep.ra[g] > 1.0)
        if distinctive.any():
            score = np.where(distinctive, rep.ra[g] * rep.rat[g] * rep.pa[g] * rep.pat[g], -np.inf)
        else:
            score = np.where(acceptable, rep.pa[g] * rep.pat[g], -np.inf)
        head = RepChoice(int(np.argmax(score)), agree=True, best_agree=True)
    elif not sufficient.any() and eligible.any():
        best = np.where(eligible, np.maximum(rep.rat[g], rep.rdt[g]), -np.inf)
        index = int(np.argmax(best))
        head = RepChoice(index, agree=bool(use_agree[index]), best_agree=False)

    chosen = [] if head is None else [head]
    order = np.flatnonzero(sufficient)
    # Descending metric, ties by statement order: deterministic.
    order = order[np.lexsort((order, -metric[order]))]
    for index in order:
        if len(chosen) >= pick_max:
            break
        if head is not None and index == head.statement:
            continue
        chosen.append(RepChoice(int(index), agree=bool(use_agree[index]), best_agree=False))
    chosen.sort(key=lambda choice: not choice.agree)  # stable: agree before disagree
    return chosen


def select_consensus(
    agree: np.ndarray,
    disagree: np.ndarray,
    seen: np.ndarray,
    eligible: np.ndarray,
    pick_max: int = PICK_MAX,
) -> tuple[list[int], list[int]]:
    """Statements most agreed (and most disagreed) by everybody: p > ½ and z significant,
    ranked by p·z. All arguments (S,)."""
    result = []
    for successes in (agree, disagree):
        p = probability(successes, seen)
        z = one_proportion_z(successes, seen)
        candidates = np.flatnonzero(eligible & (p > 0.5) & (z > Z_90))
        score = p[candidates] * z[candidates]
        ordered = candidates[np.lexsort((candidates, -score))]
        result.append([int(i) for i in ordered[:pick_max]])
    return result[0], result[1]


def group_aware_consensus(counts: Counts) -> tuple[np.ndarray, np.ndarray]:
    """Π over groups of (agree + 1)/(seen + 2), and the same for disagree: (S,) each."""
    return (
        probability(counts.agree, counts.seen).prod(axis=0),
        probability(counts.disagree, counts.seen).prod(axis=0),
    )


def divisiveness(counts: Counts) -> tuple[np.ndarray, np.ndarray]:
    """How far the groups are apart on each statement, and whether that is significant.

    Net agreement per group is pa − pd ∈ (−1, 1); divisiveness is half the range of it over the
    groups, in [0, 1). Significance: the two-proportion z-test between the group that agrees
    most and the one that agrees least (and the same for disagreement) exceeds Z_90.
    Returns (S,) divisiveness and (S,) z (the larger of the two tests).
    """
    n_groups, n_statements = counts.seen.shape
    if n_groups < 2:
        return np.zeros(n_statements), np.zeros(n_statements)
    pa = probability(counts.agree, counts.seen)
    pd = probability(counts.disagree, counts.seen)
    net = pa - pd
    columns = np.arange(n_statements)
    high, low = net.argmax(axis=0), net.argmin(axis=0)
    spread = (net[high, columns] - net[low, columns]) / 2.0
    seen_high, seen_low = counts.seen[high, columns], counts.seen[low, columns]
    z_agree = two_proportion_z(
        counts.agree[high, columns], counts.agree[low, columns], seen_high, seen_low
    )
    z_disagree = two_proportion_z(
        counts.disagree[low, columns], counts.disagree[high, columns], seen_low, seen_high
    )
    return spread, np.maximum(z_agree, z_disagree)


def priority(
    agree: np.ndarray, passes: np.ndarray, seen: np.ndarray, extremity: np.ndarray
) -> np.ndarray:
    """Pol.is' priority for showing a statement next: (importance·(1 + 8·2^(−S/5)))², where
    importance = (1 − p)(E + 1)·a, p and a the pass and agree shares with pseudocounts."""
    p = probability(passes, seen)
    a = probability(agree, seen)
    importance = (1.0 - p) * (extremity + 1.0) * a
    return (importance * (1.0 + 8.0 * np.power(2.0, -seen / 5.0))) ** 2
