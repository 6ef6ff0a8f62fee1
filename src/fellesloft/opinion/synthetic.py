"""Synthetic conversations with planted opinion groups, for tests and benchmarks.

Each group has an opinion per statement (+1, −1 or a coin flip); a member votes on a random
subset of statements and follows their group's opinion with probability `loyalty`, passes with
probability `pass_rate`, and otherwise votes at random. A share of statements is consensus
(every group agrees). Generated in chunks of participants, so memory stays O(votes).

Activity: by default everybody casts `votes_per_participant` votes. With `activity_sigma`
the number of votes per participant is heavy-tailed, as in real conversations (a few vote on
nearly everything, many on a handful): log-normal with that σ, at least 1 and at most every
statement, scaled so that the mean stays `votes_per_participant`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .votes import VoteLog


@dataclass(frozen=True, eq=False)
class PlantedConversation:
    """votes: the log; groups: (P,) planted group per participant id 0…P−1;
    consensus: ids of statements every group agrees with; opinions: (G, S) in {−1, +1}."""

    votes: VoteLog
    groups: np.ndarray
    consensus: np.ndarray
    opinions: np.ndarray


def planted_conversation(
    n_participants: int,
    n_statements: int,
    votes_per_participant: int,
    *,
    n_groups: int = 2,
    loyalty: float = 0.85,
    pass_rate: float = 0.1,
    consensus_share: float = 0.1,
    activity_sigma: float | None = None,
    seed: int = 0,
) -> PlantedConversation:
    rng = np.random.default_rng(seed)
    votes_per_participant = min(votes_per_participant, n_statements)
    if activity_sigma is None:
        activity = np.full(n_participants, votes_per_participant, dtype=np.int64)
    else:
        # Log-normal with mean `votes_per_participant`: median = mean · e^(−σ²/2).
        median = np.log(votes_per_participant) - activity_sigma**2 / 2
        draws = rng.lognormal(median, activity_sigma, n_participants)
        # Rescale so that, after the cap at every statement, the total stays P · mean.
        target, scale = n_participants * votes_per_participant, 1.0
        for _ in range(20):
            total = np.clip(np.rint(draws * scale), 1, n_statements).sum()
            if abs(total - target) <= 0.001 * target or total >= n_participants * n_statements:
                break
            scale *= target / total
        activity = np.clip(np.rint(draws * scale), 1, n_statements).astype(np.int64)
    opinions = rng.choice(np.array([-1, 1], dtype=np.int8), size=(n_groups, n_statements))
    n_consensus = int(round(consensus_share * n_statements))
    consensus = rng.choice(n_statements, n_consensus, replace=False)
    opinions[:, consensus] = 1
    groups = np.arange(n_participants) % n_groups
    rng.shuffle(groups)

    participants, statements, values = [], [], []
    chunk = max(1, 4_000_000 // max(n_statements, 1))  # about 16 MB of random keys at a time
    for start in range(0, n_participants, chunk):
        stop = min(start + chunk, n_participants)
        rows = stop - start
        counts = activity[start:stop]
        most = int(counts.max()) if rows else 0
        if most == 0:
            continue
        if most * 20 <= n_statements:
            # Very sparse: draw with replacement; a rare repeat is a changed vote, as in life.
            chosen = rng.integers(0, n_statements, (rows, most))
        else:
            # The k smallest of random keys per row: a uniform subset without replacement
            # (its first n are a uniform subset of n, the statements being exchangeable).
            keys = rng.random((rows, n_statements), dtype=np.float32)
            chosen = np.argpartition(keys, most - 1, axis=1)[:, :most]
            del keys
        member_groups = groups[start:stop]
        planned = opinions[member_groups[:, None], chosen]
        draw = rng.random(chosen.shape, dtype=np.float32)
        noise = rng.choice(np.array([-1, 1], dtype=np.int8), size=chosen.shape)
        vote = np.where(draw < loyalty, planned, noise).astype(np.int8)
        vote[draw >= 1.0 - pass_rate] = 0
        cast = np.arange(most)[None, :] < counts[:, None]
        participants.append(np.repeat(np.arange(start, stop), counts))
        statements.append(chosen[cast])
        values.append(vote[cast])
    log = VoteLog(
        participants=np.concatenate(participants) if participants else np.zeros(0, np.int64),
        statements=np.concatenate(statements) if statements else np.zeros(0, np.int64),
        votes=np.concatenate(values) if values else np.zeros(0, np.int8),
    )
    return PlantedConversation(
        votes=log, groups=groups, consensus=np.sort(consensus), opinions=opinions
    )
