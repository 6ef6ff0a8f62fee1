"""Agreement between two partitions, for checks against Pol.is' labels and planted groups."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.special import comb


def adjusted_rand_index(labels_a: Sequence[object], labels_b: Sequence[object]) -> float:
    """Hubert and Arabie's adjusted Rand index: 1 for equal partitions, about 0 for chance.

    Both sequences label the same items in the same order; label names do not matter.
    """
    if len(labels_a) != len(labels_b):
        raise ValueError("the two labelings differ in length")
    n = len(labels_a)
    if n < 2:
        return 1.0
    _, a = np.unique(np.asarray(labels_a, dtype=object).astype(str), return_inverse=True)
    _, b = np.unique(np.asarray(labels_b, dtype=object).astype(str), return_inverse=True)
    table = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(table, (a.ravel(), b.ravel()), 1)
    pairs = comb(table, 2).sum()
    rows = comb(table.sum(axis=1), 2).sum()
    cols = comb(table.sum(axis=0), 2).sum()
    expected = rows * cols / comb(n, 2)
    maximum = (rows + cols) / 2.0
    if maximum == expected:
        return 1.0
    return float((pairs - expected) / (maximum - expected))
