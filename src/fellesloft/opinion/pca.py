"""Sparse PCA of the mean-imputed vote matrix and Pol.is' sparsity-aware projection.

With every missing vote replaced by its statement's mean, the centred matrix is
C[p, j] = vote[p, j] − mean[j] where p voted on j, and 0 everywhere else. C is therefore exactly
as sparse as the votes, and its columns already sum to zero, so PCA is the top right singular
vectors of C. They are the top eigenvectors of CᵀC, found with Lanczos iterations (ARPACK) on
the operator x ↦ Cᵀ(Cx), which never forms a dense participants × statements matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from .votes import VoteTable

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
    """

    means: np.ndarray
    components: np.ndarray
    participants: np.ndarray
    statements: np.ndarray
    votes_per_participant: np.ndarray
    n_active: int
    explained_variance: tuple[float, float]


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
    from scipy.sparse.linalg import LinearOperator, eigsh  # only needed here: imported late

    transposed = matrix.T.tocsr()

    def gram_times(x: np.ndarray) -> np.ndarray:
        return transposed @ (matrix @ x)

    operator = LinearOperator((n_statements, n_statements), matvec=gram_times, dtype=float)
    if start is not None and np.any(start):
        v0 = start[0] + 0.5 * start[1]
    else:
        v0 = np.random.default_rng(seed).standard_normal(n_statements)
    values, vectors = eigsh(operator, k=2, which="LA", v0=v0, tol=1e-9)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order].T
    return _signed_components(values, vectors, start, n_statements)


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


def _dense_components(dense: np.ndarray, start: np.ndarray | None) -> np.ndarray:
    """`top_components` of a small dense C: only the two largest eigenpairs of CᵀC (dsyevr)."""
    n_statements = dense.shape[1]
    if not dense.any():
        return np.zeros((2, n_statements))
    from scipy.linalg import eigh  # imported on first use: slow to import

    eigenvalues, eigenvectors = eigh(
        _gram(dense),
        subset_by_index=(max(n_statements - 2, 0), n_statements - 1),
        check_finite=False,
    )
    order = np.argsort(eigenvalues)[::-1][:2]
    return _signed_components(eigenvalues[order], eigenvectors[:, order].T, start, n_statements)


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
    scale = np.sqrt(n_active / np.maximum(votes_per_participant, 1))
    participants = raw * scale[:, None]
    # Sums of squares without BLAS: OpenBLAS' ddot goes multi-threaded above 10 000 elements,
    # and its worker threads then spin for a while, stealing a core on a small machine.
    total = float(np.einsum("i,i->", data, data))
    explained = tuple(
        float(value) / total if total else 0.0 for value in np.einsum("pa,pa->a", raw, raw)
    )
    # A virtual participant who agrees with statement j only sits at (1 − mean_j)·V_j·√n.
    agree_offset = np.where(counts > 0, 1.0 - means, 0.0)
    statements = components.T * (agree_offset * np.sqrt(max(n_active, 1)))[:, None]
    return Projection(
        means=means,
        components=components,
        participants=participants,
        statements=statements,
        votes_per_participant=votes_per_participant,
        n_active=n_active,
        explained_variance=explained,
    )
