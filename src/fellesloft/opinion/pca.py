"""Sparse PCA of the mean-imputed vote matrix and Pol.is' sparsity-aware projection.

With every missing vote replaced by its statement's mean, the centred matrix is
C[p, j] = vote[p, j] − mean[j] where p voted on j, and 0 everywhere else. C is therefore exactly
as sparse as the votes, and its columns already sum to zero, so PCA is the top right singular
vectors of C. They are the top eigenvectors of CᵀC, found with Lanczos iterations (ARPACK) on
the operator x ↦ Cᵀ(Cx), which never forms a dense participants × statements matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .votes import VoteTable

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

# SciPy is imported only where it is needed – its sparse matrices for inputs beyond the dense
# limit, ARPACK as the last fallback – so that a small conversation, in a fresh process,
# never pays the ~0.3 s of importing it. Small eigenproblems go to NumPy's LAPACK.
# Up to this size NumPy's `eigh` (dsyevd) stays single-threaded; from about 48 on OpenBLAS
# wakes its worker threads, and on a busy 2-core machine one 54 × 54 `eigh` then takes
# 100+ ms instead of 0.2 ms. Larger problems go to LAPACK's dsyevr through SciPy.
SMALL_EIGH = 32

# Up to this many cells the centred matrix is formed densely: exact, and fastest when tiny.
DENSE_CELLS_LIMIT = 50_000


@dataclass(frozen=True, eq=False)
class Projection:
    """means: (S,) statement means over voters (0 where nobody voted).
    components: (2, S) unit loadings of the two principal axes (rows may be 0 if rank < 2).
    participants: (P, 2) scaled projections.
    statements: (S, 2) projection of a virtual participant who agrees with only that statement.
    votes_per_participant: (P,) votes cast (passes count) on statements not moderated out.
    n_active: statements with at least one vote and not moderated out.
    counted_votes: (P,) what Pol.is counts as a participant's votes: those above plus one per
        moderated-out statement that has votes (Pol.is zeroes those columns for everybody).
    n_columns: what Pol.is counts as statements: n_active plus the moderated-out statements
        that have votes.
    """

    means: np.ndarray
    components: np.ndarray
    participants: np.ndarray
    statements: np.ndarray
    votes_per_participant: np.ndarray
    n_active: int
    explained_variance: tuple[float, float]
    counted_votes: np.ndarray | None = None
    n_columns: int = 0


def _centred_values(table: VoteTable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """C's non-zeros in the table's order (nnz,), the statement means (S,), votes per statement."""
    n_statements = table.shape[1]
    values = table.values.astype(np.float64)
    counts = np.bincount(table.cols, minlength=n_statements)
    sums = np.bincount(table.cols, weights=values, minlength=n_statements)
    means = np.divide(sums, counts, out=np.zeros(n_statements), where=counts > 0)
    return values - means[table.cols], means, counts


def centred_matrix(table: VoteTable) -> tuple[csr_matrix, np.ndarray, np.ndarray]:
    """C as CSR (P, S), the statement means (S,) and the votes per statement (S,)."""
    from scipy.sparse import csr_matrix

    n_participants, n_statements = table.shape
    data, means, counts = _centred_values(table)
    indptr = np.zeros(n_participants + 1, dtype=np.int64)
    np.cumsum(np.bincount(table.rows, minlength=n_participants), out=indptr[1:])
    matrix = csr_matrix((data, table.cols, indptr), shape=(n_participants, n_statements))
    return matrix, means, counts


def top_components(
    matrix: csr_matrix,
    *,
    start: np.ndarray | None = None,
    seed: int = 0,
    dense_cells_limit: int = DENSE_CELLS_LIMIT,
) -> np.ndarray:
    """The two leading right singular vectors of `matrix` as (2, S), with a fixed sign.

    `start` (2, S), e.g. the previous result's components, warm-starts the iteration and fixes
    the sign so that the picture does not mirror between recomputes.
    """
    n_participants, n_statements = matrix.shape
    components = np.zeros((2, n_statements))
    if n_participants == 0 or n_statements == 0 or matrix.nnz == 0:
        return components
    if n_participants * n_statements <= dense_cells_limit or n_statements <= 3:
        return _dense_components(matrix.toarray(), start)
    return _operator_components(_gram_operator(matrix), n_statements, start, seed)


def _operator_components(
    gram_times, n_statements: int, start: np.ndarray | None, seed: int
) -> np.ndarray:
    """`top_components` given x ↦ CᵀCx: our Lanczos, ARPACK if that does not converge."""
    if start is not None and np.any(start):
        v0 = start[0] + 0.5 * start[1]
    else:
        v0 = np.random.default_rng(seed).standard_normal(n_statements)
    found = _lanczos_top2(gram_times, v0, tol=LANCZOS_TOL)
    if found is None:  # not converged in LANCZOS_STEPS: ARPACK's implicitly restarted Lanczos
        from scipy.sparse.linalg import LinearOperator, eigsh  # only needed here: imported late

        operator = LinearOperator((n_statements, n_statements), matvec=gram_times, dtype=float)
        values, vectors = eigsh(operator, k=2, which="LA", v0=v0, tol=LANCZOS_TOL)
        order = np.argsort(values)[::-1]
        found = values[order], vectors[:, order].T
    values, vectors = found
    return _signed_components(values, vectors, start, n_statements)


# Up to this many cells (8 MB as float64) C is held densely for the Lanczos products.
DENSE_PRODUCTS_CELLS = 1_000_000
# Up to this many votes the products with C are NumPy gathers and `bincount`s on the vote
# table itself (no SciPy import, ~0.3 s in a fresh process); above it SciPy's sparse
# products (about 4× faster each) win. At 1 M votes: first analysis 0.25–0.32 s, later
# ones 0.30–0.34 s this way; with SciPy 0.53–0.65 s, then 0.20 s.
NUMPY_PRODUCTS_MAX_VOTES = 2_000_000


def _gram_operator_arrays(
    rows: np.ndarray, cols: np.ndarray, data: np.ndarray, shape: tuple[int, int]
):
    """x ↦ Cᵀ(Cx) with C given by its non-zeros (rows, cols, data), in NumPy only."""
    n_participants, n_statements = shape

    def gram_times(x: np.ndarray) -> np.ndarray:
        cx = np.bincount(rows, weights=data * x[cols], minlength=n_participants)
        return np.bincount(cols, weights=data * cx[rows], minlength=n_statements)

    return gram_times


def _gram_operator(matrix: csr_matrix):
    """x ↦ Cᵀ(Cx) for a CSR matrix C, without forming CᵀC (the transpose is built once)."""
    transposed = matrix.T.tocsr()
    return lambda x: transposed @ (matrix @ x)


LANCZOS_TOL = 1e-9
LANCZOS_STEPS = 100


def _lanczos_top2(
    gram_times, v0: np.ndarray, *, tol: float, max_steps: int = LANCZOS_STEPS
) -> tuple[np.ndarray, np.ndarray] | None:
    """The two largest eigenpairs of the symmetric operator `gram_times` (S → S): Lanczos
    with full reorthogonalisation, stopped as soon as both Ritz pairs have a residual
    ‖Gx − θx‖ ≤ tol·θ (ARPACK's criterion). Returns (values (2,), vectors (2, S)) or None
    when `max_steps` steps do not converge.

    ARPACK (`eigsh`) checks convergence only after a full cycle of ncv = 20 steps; here the
    small tridiagonal matrix is solved after every step, so typically fewer of the costly
    products with C and Cᵀ are needed. Dot products go through `einsum`, not BLAS: see
    `_gram` on OpenBLAS threads."""
    n = len(v0)
    steps = min(n, max_steps)
    basis = np.zeros((steps + 1, n))
    tridiagonal = np.zeros((steps, steps), order="F")
    norm = float(np.sqrt(np.einsum("i,i->", v0, v0)))
    if norm == 0:
        return None
    basis[0] = v0 / norm
    previous_beta = 0.0
    for j in range(steps):
        w = gram_times(basis[j])
        alpha = float(np.einsum("i,i->", w, basis[j]))
        w -= alpha * basis[j]
        if j:
            w -= previous_beta * basis[j - 1]
        # One full reorthogonalisation pass keeps the basis orthogonal to working precision.
        known = basis[: j + 1]
        if (j + 1) * n <= 8_000:  # small enough for single-threaded BLAS
            w -= (known @ w) @ known
        else:
            w -= np.einsum("ji,j->i", known, np.einsum("ji,i->j", known, w))
        beta = float(np.sqrt(np.einsum("i,i->", w, w)))
        tridiagonal[j, j] = alpha
        if j:
            tridiagonal[j - 1, j] = previous_beta
        size = j + 1
        # Two pairs need a few steps to converge: checking from the start would cost more.
        if size >= 2 and (size >= 6 or size == steps or beta == 0):
            try:
                values, vectors = _top2_small(tridiagonal[:size, :size])
            except np.linalg.LinAlgError:
                return None
            scale = max(abs(float(values[0])), 1e-300)
            exhausted = beta <= 1e-12 * scale  # an invariant subspace: the pairs are exact
            residual = np.abs(beta * vectors[-1])
            if exhausted or bool(
                np.all(residual <= tol * np.maximum(np.abs(values), 1e-12 * scale))
            ):
                return values, vectors.T @ basis[:size]
        if beta == 0 or j + 1 == steps:
            return None
        basis[j + 1] = w / beta
        previous_beta = beta
    return None


def _gram(dense: np.ndarray) -> np.ndarray:
    """CᵀC of a small dense C (P, S), in row blocks: each product stays below OpenBLAS'
    multi-threading threshold (m·n·k ≤ 65 536 · 4). A multi-threaded product – and NumPy's
    full `eigh` (dsyevd) – wakes OpenBLAS' worker threads, which then spin; on a busy 2-core
    machine that costs milliseconds, far more than the arithmetic."""
    n_statements = dense.shape[1]
    gram = np.zeros((n_statements, n_statements))
    step = max(200_000 // max(n_statements * n_statements, 1), 1)
    for start in range(0, len(dense), step):
        block = dense[start : start + step]
        gram += block.T @ block
    return gram


def _top2_small(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (up to) two largest eigenpairs of a small symmetric matrix given by its upper
    triangle, largest first: values (≤ 2,), vectors (S, ≤ 2) as columns."""
    size = len(matrix)
    top = min(2, size)
    if size <= SMALL_EIGH:
        values, vectors = np.linalg.eigh(matrix, UPLO="U")
        return values[: -top - 1 : -1], vectors[:, : -top - 1 : -1]
    from scipy.linalg.lapack import dsyevr  # slow to import: only for larger problems

    values, vectors, found, _, info = dsyevr(
        matrix, compute_v=1, range="I", il=size - top + 1, iu=size, lower=0
    )
    if info != 0 or found != top:
        raise np.linalg.LinAlgError(f"dsyevr failed (info {info})")
    return values[top - 1 :: -1], vectors[:, top - 1 :: -1]


def _dense_components(dense: np.ndarray, start: np.ndarray | None) -> np.ndarray:
    """`top_components` of a small dense C: the two largest eigenpairs of CᵀC – by NumPy's
    `eigh` up to SMALL_EIGH statements, else by Lanczos on the S × S matrix."""
    n_statements = dense.shape[1]
    if not dense.any():
        return np.zeros((2, n_statements))
    gram = _gram(dense)
    if n_statements <= SMALL_EIGH:
        values, vectors = _top2_small(gram)
        return _signed_components(values, vectors.T, start, n_statements)
    if start is not None and np.any(start):
        v0 = start[0] + 0.5 * start[1]
    else:
        v0 = np.random.default_rng(0).standard_normal(n_statements)
    found = _lanczos_top2(lambda x: np.einsum("ij,j->i", gram, x), v0, tol=LANCZOS_TOL)
    if found is None:  # rare: LAPACK on the whole matrix
        values, vectors = _top2_small(gram)
        found = values, vectors.T
    return _signed_components(found[0], found[1], start, n_statements)


def _signed_components(
    values: np.ndarray, vectors: np.ndarray, start: np.ndarray | None, n_statements: int
) -> np.ndarray:
    components = np.zeros((2, n_statements))
    scale = max(float(values[0]), 1.0)
    for axis in range(len(values)):
        # Numerically zero axes (rank < 2) carry no information; keep them at 0.
        if values[axis] <= 1e-10 * scale:
            continue
        components[axis] = _fix_sign(vectors[axis], None if start is None else start[axis])
    return components


def _fix_sign(vector: np.ndarray, reference: np.ndarray | None) -> np.ndarray:
    if reference is not None:
        alignment = float(vector @ reference)
        if abs(alignment) > 1e-6:
            return vector if alignment > 0 else -vector
    # Otherwise the largest loading is positive: flipping every vote then mirrors the picture.
    largest = int(np.argmax(np.abs(vector)))
    return vector if vector[largest] >= 0 else -vector


def project(
    table: VoteTable,
    *,
    start: np.ndarray | None = None,
    seed: int = 0,
    dense_cells_limit: int = DENSE_CELLS_LIMIT,
) -> Projection:
    """PCA of the centred matrix and the sparsity-aware projection of every participant."""
    n_participants, n_statements = table.shape
    if n_participants * n_statements <= dense_cells_limit:
        # Small: C as a dense array (no sparse matrix to build), the same arithmetic.
        data, means, counts = _centred_values(table)
        dense = np.zeros((n_participants, n_statements))
        dense[table.rows, table.cols] = data
        components = _dense_components(dense, start)
        raw = dense @ components.T  # (P, 2): far below the threading threshold
    elif n_participants * n_statements <= DENSE_PRODUCTS_CELLS and n_statements > 3:
        # Mid-size (every shared conversation): C densely, Lanczos with its products by
        # `einsum` – faster than sparse products at this size, and no SciPy import.
        data, means, counts = _centred_values(table)
        dense = np.zeros((n_participants, n_statements))
        dense[table.rows, table.cols] = data
        components = _operator_components(
            lambda x: np.einsum("ps,p->s", dense, np.einsum("ps,s->p", dense, x)),
            n_statements,
            start,
            seed,
        )
        raw = np.einsum("ps,as->pa", dense, components)
    elif 0 < table.nnz <= NUMPY_PRODUCTS_MAX_VOTES and n_statements > 3:
        data, means, counts = _centred_values(table)
        gram_times = _gram_operator_arrays(table.rows, table.cols, data, table.shape)
        components = _operator_components(gram_times, n_statements, start, seed)
        raw = np.empty((n_participants, 2))
        for axis in range(2):
            raw[:, axis] = np.bincount(
                table.rows, weights=data * components[axis][table.cols], minlength=n_participants
            )
    else:
        matrix, means, counts = centred_matrix(table)
        data = matrix.data
        components = top_components(
            matrix, start=start, seed=seed, dense_cells_limit=dense_cells_limit
        )
        raw = np.asarray(matrix @ components.T).reshape(n_participants, 2)
    votes_per_participant = np.bincount(table.rows, minlength=n_participants)
    n_active = int(np.count_nonzero(counts))
    # Pol.is scales by √(statements / own votes): sparse voters are not pulled to the centre.
    # It zeroes a moderated-out statement's column rather than removing it, so that statement
    # counts in both, for everybody – which makes the scaling of sparse voters milder when many
    # statements were moderated out (its `sparsity-aware-project-ptpt`, pca.clj).
    zeroed = table.moderated_columns
    n_columns = n_active + zeroed
    counted = votes_per_participant + zeroed
    scale = np.sqrt(n_columns / np.maximum(counted, 1))
    participants = raw * scale[:, None]
    counted_votes = (
        votes_per_participant
        if table.moderated_votes is None
        else votes_per_participant + table.moderated_votes
    )
    # Sums of squares without BLAS: OpenBLAS' ddot goes multi-threaded above 10 000 elements,
    # and its worker threads then spin for a while, stealing a core on a small machine.
    total = float(np.einsum("i,i->", data, data))
    explained = tuple(
        float(value) / total if total else 0.0 for value in np.einsum("pa,pa->a", raw, raw)
    )
    # A virtual participant who agrees with statement j only sits at (1 − mean_j)·V_j·√n
    # (n counted as Pol.is does: its virtual rows have one vote and no zeroed columns).
    agree_offset = np.where(counts > 0, 1.0 - means, 0.0)
    statements = components.T * (agree_offset * np.sqrt(max(n_columns, 1)))[:, None]
    return Projection(
        means=means,
        components=components,
        participants=participants,
        statements=statements,
        votes_per_participant=votes_per_participant,
        n_active=n_active,
        explained_variance=explained,
        counted_votes=counted_votes,
        n_columns=n_columns,
    )
