"""From vote triples to a sparse, deduplicated vote table.

Ids of participants and statements may be ints or strings. They are sorted into a canonical
order, so the result never depends on the order in which the triples arrive (apart from which
vote is the latest).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import numpy as np


class OpinionInputError(ValueError):
    """Input that the engine cannot use, with a message that says where and why."""


@dataclass(frozen=True, eq=False)
class VoteLog:
    """A vote event log as three (optionally four) arrays of equal length n.

    participants: (n,) participant ids (int or str)
    statements:   (n,) statement ids (int or str)
    votes:        (n,) +1 agree, -1 disagree, 0 pass
    timestamps:   (n,) optional; when given, the latest timestamp wins, ties by position.
                  Without timestamps the later position in the arrays wins.
    """

    participants: np.ndarray
    statements: np.ndarray
    votes: np.ndarray
    timestamps: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = len(self.participants)
        lengths = {n, len(self.statements), len(self.votes)}
        if self.timestamps is not None:
            lengths.add(len(self.timestamps))
        if len(lengths) != 1:
            raise OpinionInputError(
                "participants, statements, votes (and timestamps) differ in length"
            )

    def __len__(self) -> int:
        return len(self.participants)

    @classmethod
    def from_triples(cls, triples: Iterable[tuple[object, object, int]]) -> VoteLog:
        """Build from (participant, statement, vote) triples in chronological order."""
        rows = list(triples)
        for position, row in enumerate(rows):
            if len(row) != 3:
                raise OpinionInputError(f"vote {position}: expected (participant, statement, vote)")
        participants = _as_id_array([row[0] for row in rows])
        statements = _as_id_array([row[1] for row in rows])
        votes = np.array([row[2] for row in rows], dtype=np.float64)
        return cls(participants, statements, votes)


@dataclass(frozen=True, eq=False)
class VoteTable:
    """The latest vote per (participant, statement), sorted by participant then statement.

    participant_ids: (P,) canonical order; statement_ids: (S,) canonical order.
    rows, cols: (nnz,) indices into them; values: (nnz,) int8 in {-1, 0, 1}.
    moderated: (S,) bool, statements moderated out (they have no entries in rows/cols).
    moderated_votes: (P,) latest votes each participant had cast on moderated-out statements
        (None: none); moderated_columns: moderated-out statements with at least one vote.
        Pol.is zeroes such columns instead of removing them, so they still count as seen by
        everybody in its projection scaling and its who-is-clustered rule (see `pca.project`).
    """

    participant_ids: np.ndarray
    statement_ids: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    moderated: np.ndarray
    moderated_votes: np.ndarray | None = None
    moderated_columns: int = 0

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participant_ids), len(self.statement_ids)

    @property
    def nnz(self) -> int:
        return len(self.rows)


def _as_id_array(values: Collection[object]) -> np.ndarray:
    kinds = {type(value) for value in values}
    if kinds and all(issubclass(kind, int | np.integer) and kind is not bool for kind in kinds):
        return np.asarray(values, dtype=np.int64)
    if kinds == {str}:
        return np.asarray(values, dtype=str)
    # Mixed or other types: NumPy would silently turn 3 into "3"; keep the objects.
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return array


def _factorize(*parts: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Canonical sorted ids over all parts and, per part, the index of each value in them."""
    parts = tuple(np.asarray(part) for part in parts)
    kinds = {part.dtype.kind for part in parts if len(part)}
    if kinds and kinds <= {"i", "u"}:
        joined = np.concatenate([part.astype(np.int64) for part in parts])
        low, high = int(joined.min()), int(joined.max())
        if low >= 0 and high < 4 * len(joined) + 1_000_000:
            # Small non-negative ints (the usual case): a lookup table instead of a sort.
            present = np.bincount(joined, minlength=high + 1) > 0
            ids = np.flatnonzero(present)
            rank = np.cumsum(present) - 1
            inverse = rank[joined]
        else:
            ids, inverse = np.unique(joined, return_inverse=True)
    elif kinds and kinds <= {"U"}:
        joined = np.concatenate([part for part in parts if len(part)])
        ids, inverse = np.unique(joined, return_inverse=True)
    else:
        joined = np.concatenate([np.asarray(part, dtype=object) for part in parts])
        # Mixed types do not compare; sort by type name, then value, then text.
        distinct = sorted(set(joined.tolist()), key=_mixed_key)
        index = {value: i for i, value in enumerate(distinct)}
        ids = np.empty(len(distinct), dtype=object)
        ids[:] = distinct
        inverse = np.fromiter((index[value] for value in joined), dtype=np.int64, count=len(joined))
    inverse = inverse.reshape(-1)
    split, start = [], 0
    for part in parts:
        split.append(inverse[start : start + len(part)])
        start += len(part)
    return ids, split


def _mixed_key(value: object) -> tuple[str, object]:
    if isinstance(value, bool | int | float):
        return ("0", float(value))
    return (type(value).__name__, str(value))


# A table with one cell per (participant, statement) replaces sorting the votes when it is
# not much larger than the votes (the usual case: Pol.is conversations are dense enough).
DENSE_CELLS_PER_VOTE = 16
DENSE_CELLS_MAX = 2**24  # 128 MB of counts at most


def _latest_dense(
    key: np.ndarray, votes: np.ndarray, stamps: np.ndarray | None, cells: int
) -> tuple[np.ndarray, np.ndarray]:
    """Latest vote per key, keys in ascending order, in O(votes + cells) without a full sort:
    only keys voted more than once are sorted (by key, timestamp, position)."""
    counts = np.bincount(key, minlength=cells)
    value = np.zeros(cells, dtype=np.int8)
    repeated = counts[key] > 1
    if repeated.any():
        single = ~repeated
        value[key[single]] = votes[single]
        where = np.flatnonzero(repeated)
        if stamps is None:
            order = np.argsort(key[where], kind="stable")
        else:
            order = np.lexsort((where, stamps[where], key[where]))
        where = where[order]
        grouped = key[where]
        last = np.ones(len(where), dtype=bool)
        last[:-1] = grouped[1:] != grouped[:-1]
        value[grouped[last]] = votes[where[last]]
    else:
        value[key] = votes
    kept_key = np.flatnonzero(counts > 0)  # on booleans: much faster than on the counts
    return kept_key, value[kept_key]


def _latest_sorted(
    key: np.ndarray, votes: np.ndarray, stamps: np.ndarray | None, cells: int
) -> tuple[np.ndarray, np.ndarray]:
    """`_latest_dense` by sorting, for sparse tables (cells ≫ votes)."""
    if stamps is not None and np.any(stamps[1:] < stamps[:-1]):  # usually in order already
        order = np.argsort(stamps, kind="stable")
        key, votes = key[order], votes[order]
    n = len(key)
    if cells * max(n, 1) < 2**62:
        # One plain sort of key·n + (n−1−position): within a key the latest vote comes first.
        # np.sort on int64 is much faster than a stable argsort.
        composite = np.sort(key * n + (n - 1 - np.arange(n, dtype=np.int64)))
        sorted_key = composite // max(n, 1)
        positions = n - 1 - (composite - sorted_key * n)
    else:
        positions = np.lexsort((-np.arange(n), key))
        sorted_key = key[positions]
    first = np.ones(n, dtype=bool)
    first[1:] = sorted_key[1:] != sorted_key[:-1]
    return sorted_key[first], votes[positions[first]]


def build_vote_table(
    log: VoteLog,
    *,
    moderated_out: Iterable[object] = (),
    participants: Iterable[object] = (),
    statements: Iterable[object] = (),
) -> VoteTable:
    """Keep the latest vote per (participant, statement) and drop moderated-out statements.

    `participants` and `statements` add ids that have no votes (yet); moderated-out ids are
    listed among the statements but carry no votes.
    """
    votes = np.asarray(log.votes)
    if votes.size and votes.dtype.kind == "f" and not np.all(np.isfinite(votes)):
        bad = int(np.flatnonzero(~np.isfinite(votes))[0])
        raise OpinionInputError(f"vote {bad}: not a number")
    if votes.size:
        invalid = (votes != 1) & (votes != 0) & (votes != -1)
        if invalid.any():
            bad = int(np.flatnonzero(invalid)[0])
            raise OpinionInputError(f"vote {bad}: {votes[bad]!r} is not +1, -1 or 0")
    votes = votes.astype(np.int8)

    moderated_list = list(moderated_out)
    extra_participants = _as_id_array(list(participants))
    extra_statements = _as_id_array(list(statements) + moderated_list)
    participant_ids, (p_index, _) = _factorize(np.asarray(log.participants), extra_participants)
    statement_ids, (s_index, _, moderated_index) = _factorize(
        np.asarray(log.statements), extra_statements, _as_id_array(moderated_list)
    )
    n_statements = len(statement_ids)
    moderated = np.zeros(n_statements, dtype=bool)
    moderated[moderated_index] = True

    stamps = None if log.timestamps is None or not len(votes) else np.asarray(log.timestamps)
    width = max(n_statements, 1)
    key = p_index.astype(np.int64) * width + s_index
    cells = len(participant_ids) * width
    if cells <= DENSE_CELLS_PER_VOTE * len(key) + 65_536 and cells <= DENSE_CELLS_MAX:
        kept_key, kept_votes = _latest_dense(key, votes, stamps, cells)
    else:
        kept_key, kept_votes = _latest_sorted(key, votes, stamps, cells)

    rows, cols = np.divmod(kept_key, width)
    moderated_votes, moderated_columns = None, 0
    if moderated_list:
        on_moderated = moderated[cols]
        if on_moderated.any():
            moderated_votes = np.bincount(rows[on_moderated], minlength=len(participant_ids))
            voted = np.bincount(cols[on_moderated], minlength=n_statements)
            moderated_columns = int(np.count_nonzero(voted))
        keep = ~on_moderated
        rows, cols, kept_votes = rows[keep], cols[keep], kept_votes[keep]
    return VoteTable(
        participant_ids=participant_ids,
        statement_ids=statement_ids,
        rows=rows.astype(np.int64, copy=False),
        cols=cols.astype(np.int64, copy=False),
        values=kept_votes,
        moderated=moderated,
        moderated_votes=moderated_votes,
        moderated_columns=moderated_columns,
    )
