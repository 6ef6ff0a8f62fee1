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
# The fewest votes a finding (consensus, representative or divisive statement) may rest on, in
# every count it is computed from. Pol.is has no such floor: compdemocracy/polis
# math/src/polismath/math/repness.clj selects consensus (`select-consensus-comments`) and
# representative comments (`passes-by-test?`) by p > 0.5 and `z-sig-90?` (z > 1.2816, stats.clj)
# on counts with one pseudo-vote each way, and its only floor is `beats-best-agr?` refusing a
# comment with (= 0 na nd), i.e. one vote. One vote passes that test: 1 of 1 gives
# p = 2/3 and z = 2·√2·(2/2 − ½) ≈ 1.41 – the «100 % disagree» from a single vote. The only
# vote-count floors in Pol.is are for participants (conversation.clj `in-conv`: min(7, comments)
# votes, topped up to `greedy-n` 15; MIN_VOTES and GREEDY_PARTICIPANTS in engine.py). Five is
# also the dialogs' smallest group shown by sector, and with five votes the same z-test already
# asks for four of five.
MIN_FINDING_VOTES = 5


@dataclass(frozen=True, eq=False)
class Counts:
    """agree, disagree, seen: (G, S) int counts; seen includes passes."""

    agree: np.ndarray
    disagree: np.ndarray
    seen: np.ndarray


def count_votes_and_totals(
    rows: np.ndarray,
    cols: np.ndarray,
    values: np.ndarray,
    group_of_participant: np.ndarray,
    n_groups: int,
    n_statements: int,
) -> tuple[Counts, Counts]:
    """Counts per group for the votes of participants with a group (group −1 is left out of
    these) and, as (1, S) counts, over everybody (grouped or not).

    One pass: a single bincount over (group, statement, vote) with the ungrouped as one more
    group, instead of one masked bincount per count and per grouping."""
    groups = group_of_participant[rows]
    key = np.where(groups >= 0, groups, n_groups) * n_statements + cols
    key *= 3
    key += values.astype(np.int64) + 1  # 0 disagree, 1 pass, 2 agree
    table = np.bincount(key, minlength=(n_groups + 1) * n_statements * 3)
    table = table.reshape(n_groups + 1, n_statements, 3)
    totals = table.sum(axis=0, keepdims=True)

    def counts_of(part: np.ndarray) -> Counts:
        agree, disagree = part[:, :, 2], part[:, :, 0]
        return Counts(agree=agree, disagree=disagree, seen=part.sum(axis=2))

    return counts_of(table[:n_groups]), counts_of(totals)


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
    min_votes: int = MIN_FINDING_VOTES,
) -> list[RepChoice]:
    """Pol.is' choice for one group: the best agreed statement first, then the significant ones
    by r·z_r·p·z_p, at most `pick_max`, agree before disagree; only statements the group cast
    at least `min_votes` votes on."""
    return select_representative_all(rep, counts, eligible, pick_max, min_votes)[group]


def select_representative_all(
    rep: Repness,
    counts: Counts,
    eligible: np.ndarray,
    pick_max: int = PICK_MAX,
    min_votes: int = MIN_FINDING_VOTES,
) -> list[list[RepChoice]]:
    """`select_representative` for every group: the (G, S) tests are computed once for all
    groups; only the ordering is per group."""
    eligible = eligible & (counts.seen >= min_votes)  # (G, S): the group's own votes count
    voted = eligible & ((counts.agree + counts.disagree) > 0)
    agree_sig = (rep.pat > Z_90) & (rep.rat > Z_90)
    disagree_sig = (rep.pdt > Z_90) & (rep.rdt > Z_90)
    sufficient = eligible & (agree_sig | disagree_sig)
    use_agree = rep.rat > rep.rdt
    agree_metric = rep.ra * rep.rat * rep.pa * rep.pat
    metric = np.where(use_agree, agree_metric, rep.rd * rep.rdt * rep.pd * rep.pdt)
    # The best agreed statement: something the group itself agrees on, preferably distinctively.
    acceptable = voted & ((rep.pat > Z_90) | ((rep.ra > 1.0) & (rep.pa > 0.5)))
    distinctive = acceptable & (rep.ra > 1.0)
    head_score = np.where(
        distinctive.any(axis=1, keepdims=True),
        np.where(distinctive, agree_metric, -np.inf),
        np.where(acceptable, rep.pa * rep.pat, -np.inf),
    )
    fallback = np.where(eligible, np.maximum(rep.rat, rep.rdt), -np.inf)
    any_acceptable = acceptable.any(axis=1).tolist()
    any_sufficient = sufficient.any(axis=1).tolist()
    any_eligible = eligible.any(axis=1).tolist()
    result = []
    for g in range(len(metric)):
        head: RepChoice | None = None
        if any_acceptable[g]:
            head = RepChoice(int(np.argmax(head_score[g])), agree=True, best_agree=True)
        elif not any_sufficient[g] and any_eligible[g]:
            index = int(np.argmax(fallback[g]))
            head = RepChoice(index, agree=bool(use_agree[g, index]), best_agree=False)
        chosen = [] if head is None else [head]
        order = np.flatnonzero(sufficient[g])
        # Descending metric, ties by statement order: deterministic.
        order = order[np.lexsort((order, -metric[g, order]))]
        for index in order[: pick_max + 1].tolist():
            if len(chosen) >= pick_max:
                break
            if head is not None and index == head.statement:
                continue
            chosen.append(RepChoice(index, agree=bool(use_agree[g, index]), best_agree=False))
        chosen.sort(key=lambda choice: not choice.agree)  # stable: agree before disagree
        result.append(chosen)
    return result


def select_consensus(
    agree: np.ndarray,
    disagree: np.ndarray,
    seen: np.ndarray,
    eligible: np.ndarray,
    pick_max: int = PICK_MAX,
    min_votes: int = MIN_FINDING_VOTES,
) -> tuple[list[int], list[int]]:
    """Statements most agreed (and most disagreed) by everybody: at least `min_votes` votes,
    p > ½ and z significant, ranked by p·z. All arguments (S,)."""
    result = []
    enough = eligible & (seen >= min_votes)
    for successes in (agree, disagree):
        p = probability(successes, seen)
        z = one_proportion_z(successes, seen)
        candidates = np.flatnonzero(enough & (p > 0.5) & (z > Z_90))
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


def divisiveness(
    counts: Counts, min_votes: int = MIN_FINDING_VOTES
) -> tuple[np.ndarray, np.ndarray]:
    """How far the groups are apart on each statement, and whether that is significant.

    Net agreement per group is pa − pd ∈ (−1, 1); divisiveness is half the range of it over the
    groups that cast at least `min_votes` votes on the statement, in [0, 1) (0 with fewer than
    two such groups). Significance: the two-proportion z-test between the group that agrees
    most and the one that agrees least (and the same for disagreement) exceeds Z_90.
    Returns (S,) divisiveness and (S,) z (the larger of the two tests).
    """
    n_groups, n_statements = counts.seen.shape
    if n_groups < 2:
        return np.zeros(n_statements), np.zeros(n_statements)
    pa = probability(counts.agree, counts.seen)
    pd = probability(counts.disagree, counts.seen)
    net = pa - pd
    enough = counts.seen >= min_votes
    columns = np.arange(n_statements)
    high = np.where(enough, net, -np.inf).argmax(axis=0)
    low = np.where(enough, net, np.inf).argmin(axis=0)
    compared = enough.sum(axis=0) >= 2
    spread = np.where(compared, (net[high, columns] - net[low, columns]) / 2.0, 0.0)
    seen_high, seen_low = counts.seen[high, columns], counts.seen[low, columns]
    z_agree = two_proportion_z(
        counts.agree[high, columns], counts.agree[low, columns], seen_high, seen_low
    )
    z_disagree = two_proportion_z(
        counts.disagree[low, columns], counts.disagree[high, columns], seen_low, seen_high
    )
    return spread, np.where(compared, np.maximum(z_agree, z_disagree), 0.0)


def priority(
    agree: np.ndarray, passes: np.ndarray, seen: np.ndarray, extremity: np.ndarray
) -> np.ndarray:
    """Pol.is' priority for showing a statement next: (importance·(1 + 8·2^(−S/5)))², where
    importance = (1 − p)(E + 1)·a, p and a the pass and agree shares with pseudocounts."""
    p = probability(passes, seen)
    a = probability(agree, seen)
    importance = (1.0 - p) * (extremity + 1.0) * a
    return (importance * (1.0 + 8.0 * np.power(2.0, -seen / 5.0))) ** 2
