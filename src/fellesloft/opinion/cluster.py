"""Weighted k-means, silhouettes and the two-level clustering of Pol.is.

Participants are first summarised by about 100 base clusters (k-means on their 2-D points);
the opinion groups are a weighted k-means of the base centres (weight = members) with k chosen
by silhouette. Everything is deterministic given the seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# SciPy's clustering, spatial and optimisation modules take most of a second to import on a
# busy machine; they are imported where they are needed (base k-means on more than 100
# distinct points, matching ids to a previous result), not at import time.

BASE_K = 100
MAX_GROUPS = 5
BASE_ITERATIONS = 20  # Pol.is runs 10 per recompute and carries the centres over
GROUP_ITERATIONS = 25
GROUP_RESTARTS = 16
# A larger k must beat a smaller one's silhouette by this much: near ties go to fewer groups.
SILHOUETTE_MARGIN = 0.02
# Pol.is' `:group-k-buffer`: the number of groups changes only after a new k has been the
# best this many recomputes in a row (polismath/math/conversation.clj, `:group-k-smoother`).
GROUP_K_BUFFER = 4


@dataclass(frozen=True)
class KSmoother:
    """Pol.is' k-smoother state, carried from one recompute to the next.

    last_k: the best k of the last recompute; last_k_count: recomputes in a row it was
    the best; smoothed_k: the k actually shown."""

    last_k: int
    last_k_count: int
    smoothed_k: int


def smooth_k(
    best_k: int, available: set[int], previous: KSmoother | None, buffer: int = GROUP_K_BUFFER
) -> KSmoother:
    """The next smoother state, as Pol.is' `:group-k-smoother`: count how many recomputes
    in a row `best_k` was the best; switch to it once that count reaches `buffer`, else keep
    the previous smoothed k. Like Pol.is' later fix (its issue #2536), a previous k that is no
    longer available (fewer base clusters) gives way to the best one at once."""
    if previous is None:
        return KSmoother(best_k, 1, best_k)
    count = previous.last_k_count + 1 if best_k == previous.last_k else 1
    smoothed = best_k if count >= buffer else previous.smoothed_k
    if smoothed not in available:
        smoothed = best_k
    return KSmoother(best_k, count, smoothed)


@dataclass(frozen=True, eq=False)
class KMeansResult:
    """labels: (n,) cluster index per point; centres: (k, d); inertia: weighted SSE."""

    labels: np.ndarray
    centres: np.ndarray
    inertia: float


def kmeans_plusplus(
    points: np.ndarray, weights: np.ndarray, k: int, rng: np.random.Generator
) -> np.ndarray:
    """Weighted k-means++ seeding: (k, d) centres chosen among the points."""
    n = len(points)
    first = rng.choice(n, p=weights / weights.sum())
    centres = [points[first]]
    closest = ((points - points[first]) ** 2).sum(axis=1)
    for _ in range(1, k):
        mass = closest * weights
        total = mass.sum()
        if total <= 0:
            # Fewer distinct points than k: the rest would duplicate a centre.
            break
        chosen = rng.choice(n, p=mass / total)
        centres.append(points[chosen])
        closest = np.minimum(closest, ((points - points[chosen]) ** 2).sum(axis=1))
    return np.array(centres)


# Nearest-centre searches use ‖p − c‖² = ‖p‖² − (2p·c − ‖c‖²): the bracket for every point and
# centre is one small matrix product [2p, −1] · [c; ‖c‖²], and the nearest centre its argmax.
# Products are split so that each stays below OpenBLAS' multi-threading threshold
# (m·n·k ≤ 65 536 · 4): on a busy machine waking its worker threads costs more than the product.
_PRODUCT_CELLS = 200_000
_FAR = 1e150  # coordinates of a centre slot a run does not have: it is never nearest
# Integer fingerprints per point (exact in float64 in any summation order up to 2⁵³).
_FINGERPRINTS = np.random.default_rng(20240601).integers(1, 2**32, 4096).astype(np.float64)


def _augmented(points: np.ndarray) -> np.ndarray:
    """(n, d + 1) rows [2p, −1] for `_nearest`."""
    augmented = np.empty((len(points), points.shape[1] + 1))
    np.multiply(points, 2.0, out=augmented[:, :-1])
    augmented[:, -1] = -1.0
    return augmented


def _nearest(augmented: np.ndarray, centre_rows: np.ndarray, columns: int) -> np.ndarray:
    """(n, runs) index of the nearest centre per point and run.

    augmented: (n, d + 1) from `_augmented`; centre_rows: (d + 1, runs · columns), per run
    `columns` centres as [c; ‖c‖²] (ties go to the lower index, as argmin of the distances)."""
    n = len(augmented)
    width = centre_rows.shape[1]
    runs = width // columns
    step = max(_PRODUCT_CELLS // max(width * augmented.shape[1], 1), 1)
    if n <= step:
        return (augmented @ centre_rows).reshape(n, runs, columns).argmax(axis=2)
    labels = np.empty((n, runs), dtype=np.intp)
    for start in range(0, n, step):
        block = augmented[start : start + step] @ centre_rows
        labels[start : start + step] = block.reshape(-1, runs, columns).argmax(axis=2)
    return labels


def _centre_rows(centres: np.ndarray) -> np.ndarray:
    """(d + 1, k) [cᵀ; ‖c‖²] of centres (k, d)."""
    rows = np.empty((centres.shape[1] + 1, len(centres)))
    rows[:-1] = centres.T
    np.einsum("kd,kd->k", centres, centres, out=rows[-1])
    return rows


def _plusplus_batch(
    points: np.ndarray, weights: np.ndarray, k: int, restarts: int, rng: np.random.Generator
) -> np.ndarray:
    """`restarts` weighted k-means++ seedings at once: (R, k, d). A run that runs out of
    distinct points repeats its last centre (the cluster then empties and is dropped).
    k-means++ is sequential, so the first j centres of a seeding are a k-means++ seeding for
    j centres: one batch serves every k up to `k`."""
    n, dims = points.shape
    chosen = np.empty((restarts, k), dtype=np.int64)
    mass = np.broadcast_to(weights, (restarts, n))
    closest = None
    for step in range(k):
        cumulative = np.cumsum(mass, axis=1)
        total = cumulative[:, -1]
        draw = rng.random(restarts) * total
        index = np.minimum((cumulative <= draw[:, None]).sum(axis=1), n - 1)
        if step:
            # No mass left (all points are centres already): repeat the previous centre.
            index = np.where(total > 0, index, chosen[:, step - 1])
        chosen[:, step] = index
        if step == k - 1:
            break
        new = points[index]  # (R, d)
        distance = None
        for axis in range(dims):  # axis by axis: NumPy reduces a length-2 last axis slowly
            difference = points[None, :, axis] - new[:, None, axis]
            np.multiply(difference, difference, out=difference)
            distance = (
                difference if distance is None else np.add(distance, difference, out=distance)
            )
        closest = distance if closest is None else np.minimum(closest, distance, out=closest)
        mass = closest * weights
    return points[chosen]


def kmeans(
    points: np.ndarray,
    k: int,
    *,
    weights: np.ndarray | None = None,
    init: np.ndarray | None = None,
    rng: np.random.Generator,
    max_iter: int = 100,
) -> KMeansResult:
    """Lloyd's algorithm with weights. Empty clusters are dropped, so k may shrink."""
    points = np.asarray(points, dtype=np.float64)
    n, dims = points.shape
    weights = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    centres = (
        np.array(init, dtype=np.float64)
        if init is not None
        else kmeans_plusplus(points, weights, k, rng)
    )
    augmented = _augmented(points)
    weighted = weights[:, None] * points
    labels = np.full(n, -1)
    converged = False
    for _ in range(max_iter):
        new_labels = _nearest(augmented, _centre_rows(centres), len(centres))[:, 0]
        if np.array_equal(new_labels, labels):
            converged = True
            break
        labels = new_labels
        mass = np.bincount(labels, weights=weights, minlength=len(centres))
        filled = mass > 0
        for axis in range(dims):
            sums = np.bincount(labels, weights=weighted[:, axis], minlength=len(centres))
            centres[filled, axis] = sums[filled] / mass[filled]
    if not converged:  # the last step moved the centres: assign to where they are now
        labels = _nearest(augmented, _centre_rows(centres), len(centres))[:, 0]
    used = np.flatnonzero(np.bincount(labels, minlength=len(centres)))
    remap = np.full(len(centres), -1)
    remap[used] = np.arange(len(used))
    labels = remap[labels]
    centres = centres[used]
    inertia = float((weights * ((points - centres[labels]) ** 2).sum(axis=1)).sum())
    return KMeansResult(labels=labels, centres=centres, inertia=inertia)


def kmeans_restarts(
    points: np.ndarray,
    weights: np.ndarray,
    k: int,
    restarts: int,
    *,
    rng: np.random.Generator,
    init: np.ndarray | None = None,
    max_iter: int = GROUP_ITERATIONS,
) -> KMeansResult:
    """The lowest-inertia of `restarts` weighted k-means runs, all iterated at once.

    For the few (≤ 100) base centres the runs are batched in NumPy instead of looped in
    Python. `init` (k, d), e.g. the previous result, is run as the first candidate.
    """
    return kmeans_restarts_many(
        points, weights, [k], restarts, rng=rng, inits={k: init}, max_iter=max_iter
    )[k]


def kmeans_restarts_many(
    points: np.ndarray,
    weights: np.ndarray,
    ks: list[int],
    restarts: int,
    *,
    rng: np.random.Generator,
    inits: dict[int, np.ndarray | None] | None = None,
    max_iter: int = GROUP_ITERATIONS,
) -> dict[int, KMeansResult]:
    """`kmeans_restarts` for several k at once: k → the lowest-inertia run with k centres.

    One batch of `restarts` k-means++ seedings with max(ks) centres seeds every k (the first
    k centres of each), plus `inits[k]` as the first run of k. Lloyd's steps of all runs of
    all k are iterated together: per step one matrix product finds every run's nearest
    centres (`_nearest`) and one more sums every cluster's weight and weighted position (a
    one-hot matrix). Centre slots a run does not have are never nearest; a run whose labels
    no longer change has converged and leaves the batch. On the ≤ 100 base centres the cost
    is NumPy's per-call overhead, so the number of calls per step is what counts.
    """
    points = np.asarray(points, dtype=np.float64)
    weights = np.asarray(weights, dtype=np.float64)
    n, dims = points.shape
    inits = inits or {}
    fallback: dict[int, KMeansResult] = {}
    seedable = [k for k in ks if k <= n]
    seeds = (
        _plusplus_batch(points, weights, max(seedable), restarts, rng)
        if seedable and restarts
        else np.zeros((0, 0, dims))
    )
    blocks: list[np.ndarray] = []  # per k: (R_k, k, d) starting centres
    for k in ks:
        block = seeds[:, :k] if k <= n else np.zeros((0, k, dims))
        init = inits.get(k)
        if init is not None and len(init) == k:
            block = np.concatenate([np.asarray(init, dtype=np.float64)[None], block])
        if not len(block):
            fallback[k] = kmeans(points, k, weights=weights, rng=rng, max_iter=max_iter)
        blocks.append(block)
    k_max = max(ks)
    runs_of = [len(block) for block in blocks]
    runs = sum(runs_of)
    results: dict[int, KMeansResult] = {}
    if runs:
        centres, inertia = _lloyd_batch(points, weights, blocks, k_max, max_iter)
        bests, row = [], 0
        for count in runs_of:
            # Lowest inertia; ties go to the earliest run (the warm start when there is one).
            if count:
                bests.append(row + int(np.argmin(np.round(inertia[row : row + count], 9))))
            row += count
        # Labels of every k's best run in one product (absent slots are far away).
        chosen_centres = centres[bests]  # (T, k_max, d)
        rows = np.empty((dims + 1, len(bests), k_max))
        rows[:dims] = chosen_centres.transpose(2, 0, 1)
        np.einsum("tkd,tkd->tk", chosen_centres, chosen_centres, out=rows[dims])
        all_labels = _nearest(_augmented(points), rows.reshape(dims + 1, -1), k_max).T
        seeded = [k for k, count in zip(ks, runs_of, strict=True) if count]
        for index, (k, best) in enumerate(zip(seeded, bests, strict=True)):
            chosen, chosen_labels = centres[best, :k], all_labels[index]
            used = np.flatnonzero(np.bincount(chosen_labels, minlength=k))
            remap = np.full(k, -1)
            remap[used] = np.arange(len(used))
            results[k] = KMeansResult(
                labels=remap[chosen_labels], centres=chosen[used], inertia=float(inertia[best])
            )
    results.update(fallback)
    return results


def _lloyd_batch(
    points: np.ndarray, weights: np.ndarray, blocks: list[np.ndarray], k_max: int, max_iter: int
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted Lloyd iterations of many runs at once: final centres (R, k_max, d) and
    inertia (R,) per run.

    blocks: per k, (R_k, k, d) starting centres; slots beyond a run's k sit far away, so no
    point is ever nearest to them. Per step: one product gives every run's scores (see
    `_nearest`), the slot with the top score per point is its cluster (a one-hot
    (k_max, R, n) array; slot first, so the top is a cheap reduction over the outer axis),
    and one more product sums per cluster the weight, the weighted position and an integer
    fingerprint of the members. Integer sums are exact in any order, so an unchanged
    fingerprint means unchanged members: that run has converged and leaves the batch. Its
    inertia is Σ w·(‖p‖² − top score), the squared distances to the nearest centres.
    """
    n, dims = points.shape
    runs = sum(len(block) for block in blocks)
    rows = np.full((k_max, runs, dims + 1), _FAR)  # per slot and run: [c, ‖c‖²]
    row = 0
    for block in blocks:
        rows[: block.shape[1], row : row + len(block), :dims] = block.transpose(1, 0, 2)
        row += len(block)
    augmented = _augmented(points).T.copy()  # (d + 1, n)
    stats = np.empty((n, dims + 2))  # per point: [w, w·p, fingerprint]
    stats[:, 0] = weights
    np.multiply(weights[:, None], points, out=stats[:, 1 : dims + 1])
    stats[:, dims + 1] = _FINGERPRINTS[np.arange(n) % len(_FINGERPRINTS)]
    weighted_norms = float(np.einsum("n,nd,nd->", weights, points, points))
    centres = np.empty((k_max, runs, dims))
    inertia = np.empty(runs)
    active = np.arange(runs)
    previous = None
    for step in range(max_iter + 1):
        np.einsum("krd,krd->kr", rows[:, :, :dims], rows[:, :, :dims], out=rows[:, :, dims])
        count = len(active)
        scores = (rows.reshape(-1, dims + 1) @ augmented).reshape(k_max, count, n)
        top = scores.max(axis=0)
        if step == max_iter:  # out of steps: the remaining runs stop where they are
            centres[:, active] = rows[:, :, :dims]
            inertia[active] = weighted_norms - top @ weights
            break
        onehot = scores == top
        if np.count_nonzero(onehot) != n * count:  # a tie: the lower slot wins, as argmin
            onehot = np.arange(k_max)[:, None, None] == scores.argmax(axis=0)
        sums = (onehot.reshape(-1, n).astype(np.float64) @ stats).reshape(k_max, count, dims + 2)
        if previous is not None:
            moved = (sums[:, :, dims + 1] != previous).any(axis=0)
            n_moved = int(np.count_nonzero(moved))
            if n_moved < count:
                # Converged runs: same members as last step, so the centres are final.
                done = ~moved
                centres[:, active[done]] = rows[:, done, :dims]
                inertia[active[done]] = weighted_norms - top[done] @ weights
                if not n_moved:
                    break
                active, rows, sums = active[moved], rows[:, moved], sums[:, moved]
        previous = sums[:, :, dims + 1]
        mass = sums[:, :, :1]
        np.divide(sums[:, :, 1 : dims + 1], mass, out=rows[:, :, :dims], where=mass > 0)
    return centres.transpose(1, 0, 2), inertia


def pairwise_distances(points: np.ndarray) -> np.ndarray:
    """(n, n) Euclidean distances between the rows of `points` (n, d): SciPy's `cdist`
    without importing `scipy.spatial`; the squares are summed axis by axis in the same order."""
    total = np.zeros((len(points), len(points)))
    for axis in range(points.shape[1]):
        difference = points[:, None, axis] - points[None, :, axis]
        total += difference * difference
    return np.sqrt(total, out=total)


def silhouette(
    points: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray | None = None,
    *,
    distances: np.ndarray | None = None,
) -> float:
    """Mean silhouette; with weights each point stands for `weight` identical points.
    `distances`: the (n, n) Euclidean distances of `points`, when the caller has them."""
    n = len(points)
    weights = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    n_clusters = int(labels.max()) + 1 if n else 0
    if n_clusters < 2 or n_clusters >= n:
        return 0.0
    if distances is None:
        distances = pairwise_distances(points)
    membership = np.zeros((n, n_clusters))
    membership[np.arange(n), labels] = weights
    # Weighted distance sums from each point to each cluster: (n, n_clusters).
    sums = distances @ membership
    sizes = membership.sum(axis=0)
    own_size = sizes[labels] - 1.0  # the point itself (distance 0) is not its own neighbour
    own = np.divide(sums[np.arange(n), labels], own_size, out=np.zeros(n), where=own_size > 0)
    means = sums / sizes[None, :]
    means[np.arange(n), labels] = np.inf
    nearest = means.min(axis=1)
    denominator = np.maximum(own, nearest)
    values = np.divide(nearest - own, denominator, out=np.zeros(n), where=denominator > 0)
    values[own_size <= 0] = 0.0  # singletons score 0, as in Rousseeuw's definition
    return float((values * weights).sum() / weights.sum())


def _distinct_rows(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(points, axis=0, return_inverse=True)` by a lexsort of the columns: the same
    sorted distinct rows and inverse, without NumPy's slow sort of rows as byte strings."""
    order = np.lexsort(points.T[::-1])
    ordered = points[order]
    new = np.ones(len(points), dtype=bool)
    new[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    inverse = np.empty(len(points), dtype=np.intp)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


def silhouettes_unweighted(distances: np.ndarray, label_sets: list[np.ndarray]) -> list[float]:
    """`silhouette(points, labels)` (no weights) for several labelings of the same points at
    once: one product with every labeling's membership matrix, then the same arithmetic on
    a (n, labelings, clusters) array. distances: (n, n) Euclidean distances of the points."""
    n = len(distances)
    if not label_sets:
        return []
    sets = len(label_sets)
    labels = np.stack(label_sets)  # (T, n)
    n_clusters = labels.max(axis=1) + 1  # (T,)
    width = int(n_clusters.max())
    membership = np.zeros((n, sets, width))
    points = np.arange(n)
    columns = np.arange(sets)[:, None]
    membership[points[None, :], columns, labels] = 1.0
    sums = (distances @ membership.reshape(n, -1)).reshape(n, sets, width)
    sizes = membership.sum(axis=0)  # (T, width)
    own_size = sizes[columns, labels] - 1.0  # (T, n): the point itself is not its neighbour
    own_sums = sums[points[None, :], columns, labels]
    own = np.divide(own_sums, own_size, out=np.zeros((sets, n)), where=own_size > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        means = sums / sizes[None, :, :]
    means[:, sizes == 0] = np.inf  # clusters a labeling does not have
    means[points[None, :], columns, labels] = np.inf
    nearest = means.min(axis=2).T  # (T, n)
    denominator = np.maximum(own, nearest)
    with np.errstate(invalid="ignore"):  # ∞/∞ only in labelings with one cluster (score 0)
        values = np.divide(
            nearest - own, denominator, out=np.zeros((sets, n)), where=denominator > 0
        )
    values[own_size <= 0] = 0.0  # singletons score 0, as in Rousseeuw's definition
    result = values.mean(axis=1) if n else np.zeros(sets)
    valid = (n_clusters >= 2) & (n_clusters < n)
    return [float(v) if ok else 0.0 for v, ok in zip(result.tolist(), valid.tolist(), strict=True)]


def max_group_count(n_base: int, max_groups: int = MAX_GROUPS) -> int:
    """Pol.is' bound: min(5, 2 + ⌊base clusters / 12⌋), so small conversations get few groups."""
    return min(max_groups, 2 + n_base // 12)


@dataclass(frozen=True, eq=False)
class Clustering:
    """base_labels: (m,) base cluster per clustered point; base_centres: (b, 2);
    base_weights: (b,); group_of_base: (b,) group per base cluster; group_centres: (g, 2);
    silhouettes: k → silhouette of the best clustering with k groups;
    centres_by_k: k → its centres (a warm start for the next recompute);
    k_smoother: the k-smoother state after this recompute (None without groups).
    """

    base_labels: np.ndarray
    base_centres: np.ndarray
    base_weights: np.ndarray
    group_of_base: np.ndarray
    group_centres: np.ndarray
    silhouettes: dict[int, float]
    centres_by_k: dict[int, np.ndarray]
    k_smoother: KSmoother | None = None


def cluster_points(
    points: np.ndarray,
    *,
    seed: int = 0,
    base_k: int = BASE_K,
    max_groups: int = MAX_GROUPS,
    group_restarts: int = GROUP_RESTARTS,
    silhouette_margin: float = SILHOUETTE_MARGIN,
    previous_base: np.ndarray | None = None,
    previous_groups: dict[int, np.ndarray] | None = None,
    previous_k: KSmoother | None = None,
    k_buffer: int = GROUP_K_BUFFER,
) -> Clustering:
    """Base clusters, then groups chosen by silhouette over k = 2 … max, the number of
    groups smoothed over recomputes (`smooth_k`) when `previous_k` is given."""
    rng = np.random.default_rng(seed)
    n = len(points)
    if n == 0:
        empty = np.zeros((0, 2))
        return Clustering(np.zeros(0, int), empty, np.zeros(0), np.zeros(0, int), empty, {}, {})
    distinct, inverse = _distinct_rows(np.round(points, 12))
    if len(distinct) <= base_k:
        # Few distinct positions: every position is its own base cluster, no randomness.
        base_labels, base_centres = inverse, distinct
    else:
        # Random distinct points seed the base clusters: they only summarise, so k-means++ is
        # not worth its cost here.
        init = distinct[rng.choice(len(distinct), base_k, replace=False)]
        if previous_base is not None and 0 < len(previous_base) <= base_k:
            # Warm start; top up with random points when the previous run had fewer centres.
            init = np.vstack([previous_base, init[: base_k - len(previous_base)]])
        base = kmeans(points, base_k, init=init, rng=rng, max_iter=BASE_ITERATIONS)
        base_labels, base_centres = base.labels, base.centres
    base_weights = np.bincount(base_labels, minlength=len(base_centres)).astype(np.float64)

    n_base = len(base_centres)
    if n_base < 2:
        return Clustering(
            base_labels,
            base_centres,
            base_weights,
            np.zeros(n_base, int),
            base_centres[:1].copy(),
            {},
            {},
        )
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    silhouettes: dict[int, float] = {}
    centres_by_k: dict[int, np.ndarray] = {}
    labels_by_k: dict[int, np.ndarray] = {}
    upper = min(max_group_count(n_base, max_groups), max(n_base - 1, 2))
    ks = list(range(2, upper + 1))
    by_k = kmeans_restarts_many(
        base_centres, base_weights, ks, group_restarts, rng=rng, inits=previous_groups
    )
    candidates = [k for k in ks if len(by_k[k].centres) >= 2]
    scores = silhouettes_unweighted(
        pairwise_distances(base_centres), [by_k[k].labels for k in candidates]
    )
    for k, score in zip(candidates, scores, strict=True):
        result = by_k[k]
        found = len(result.centres)
        if score > silhouettes.get(found, -2.0):
            silhouettes[found] = score
            centres_by_k[found] = result.centres
            labels_by_k[found] = result.labels
        if best is None or score > best[0] + silhouette_margin:
            best = (score, result.labels, result.centres)
    smoother = None
    if best is None:
        group_of_base = np.zeros(n_base, int)
        group_centres = np.average(base_centres, axis=0, weights=base_weights)[None, :]
    else:
        _, group_of_base, group_centres = best
        smoother = smooth_k(len(group_centres), set(centres_by_k), previous_k, k_buffer)
        if smoother.smoothed_k != len(group_centres):
            group_of_base = labels_by_k[smoother.smoothed_k]
            group_centres = centres_by_k[smoother.smoothed_k]
    return Clustering(
        base_labels,
        base_centres,
        base_weights,
        group_of_base,
        group_centres,
        silhouettes,
        centres_by_k,
        smoother,
    )


def match_labels(
    labels: np.ndarray, previous: np.ndarray, n_groups: int, previous_ids: list[int]
) -> list[int]:
    """Ids for the new groups 0…n_groups−1 that keep the previous ids where members overlap most.

    labels: (n,) new group per participant (−1 = none); previous: (n,) previous group id per
    participant (−1 = none). Unmatched new groups get the smallest unused ids.
    """
    both = (labels >= 0) & (previous >= 0)
    ids: list[int | None] = [None] * n_groups
    if previous_ids and both.any():
        column = {group_id: i for i, group_id in enumerate(previous_ids)}
        overlap = np.zeros((n_groups, len(previous_ids)))
        prev_columns = np.array([column.get(int(g), -1) for g in previous[both]])
        valid = prev_columns >= 0
        np.add.at(overlap, (labels[both][valid], prev_columns[valid]), 1)
        new_rows, old_cols = _max_assignment(overlap)
        for row, col in zip(new_rows, old_cols, strict=True):
            if overlap[row, col] > 0:
                ids[row] = previous_ids[col]
    used = {i for i in ids if i is not None}
    free = (i for i in range(n_groups + len(used) + 1) if i not in used)
    return [i if i is not None else next(free) for i in ids]


def _max_assignment(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of a one-to-one assignment with the largest total weight. For the
    few groups there are (≤ 5 × ≤ 5: at most 120 candidates) every assignment is tried –
    SciPy's `linear_sum_assignment` would cost a slow import of `scipy.optimize`; it stays
    for larger inputs. Ties go to the first in lexicographic order."""
    from itertools import permutations

    n_rows, n_cols = weights.shape
    if min(n_rows, n_cols) == 0:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    if max(n_rows, n_cols) > 7:
        from scipy.optimize import linear_sum_assignment

        return linear_sum_assignment(weights, maximize=True)
    transposed = n_rows > n_cols
    table = weights.T if transposed else weights  # rows ≤ columns
    rows = np.arange(len(table))
    best, best_cols = -np.inf, None
    for cols in permutations(range(table.shape[1]), len(table)):
        total = table[rows, cols].sum()
        if total > best:
            best, best_cols = total, np.array(cols)
    if transposed:
        order = np.argsort(best_cols)
        return best_cols[order], rows[order]
    return rows, best_cols
