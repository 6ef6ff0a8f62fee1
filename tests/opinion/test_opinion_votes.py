"""The vote table: latest vote wins, moderation, ids, bad input."""

import numpy as np
import pytest

from fellesloft.opinion import OpinionInputError, VoteLog, analyse
from fellesloft.opinion.votes import build_vote_table


def cells(table):
    pids, sids = table.participant_ids.tolist(), table.statement_ids.tolist()
    return {
        (pids[r], sids[c]): int(v)
        for r, c, v in zip(
            table.rows.tolist(), table.cols.tolist(), table.values.tolist(), strict=True
        )
    }


def test_latest_vote_in_sequence_wins():
    log = VoteLog.from_triples([("a", "s1", 1), ("b", "s1", 0), ("a", "s1", -1), ("a", "s2", 0)])
    assert cells(build_vote_table(log)) == {("a", "s1"): -1, ("a", "s2"): 0, ("b", "s1"): 0}


def test_latest_timestamp_wins_whatever_the_order():
    log = VoteLog(
        participants=np.array([1, 1, 1]),
        statements=np.array([7, 7, 7]),
        votes=np.array([1, -1, 0]),
        timestamps=np.array([30, 10, 20]),
    )
    assert cells(build_vote_table(log)) == {(1, 7): 1}


def test_equal_timestamps_fall_back_to_position():
    log = VoteLog(
        participants=np.array([1, 1]),
        statements=np.array([7, 7]),
        votes=np.array([1, -1]),
        timestamps=np.array([5, 5]),
    )
    assert cells(build_vote_table(log)) == {(1, 7): -1}


def test_moderated_out_statements_have_no_votes_but_stay_listed():
    log = VoteLog.from_triples([(1, 1, 1), (1, 2, -1), (2, 2, 1)])
    table = build_vote_table(log, moderated_out=[2, 99])
    assert cells(table) == {(1, 1): 1}
    assert table.statement_ids.tolist() == [1, 2, 99]
    assert table.moderated.tolist() == [False, True, True]
    # What Pol.is still counts of them (its zeroed columns): votes per participant on
    # moderated-out statements, and those statements that have votes (99 has none).
    assert table.moderated_votes.tolist() == [1, 1]
    assert table.moderated_columns == 1


def test_ids_are_canonically_sorted_and_may_mix_types():
    table = build_vote_table(VoteLog.from_triples([("b", 2, 1), (3, "x", 0), ("a", 2, -1)]))
    assert table.participant_ids.tolist() == [3, "a", "b"]
    assert table.statement_ids.tolist() == [2, "x"]


def test_extra_participants_and_statements_without_votes():
    result = analyse([("a", "s", 1)], participants=["z"], statements=["t"])
    assert [p.id for p in result.participants] == ["a", "z"]
    assert result.participant("z").n_votes == 0
    assert result.statement("t").n_seen == 0


@pytest.mark.parametrize("bad", [2, -2, 0.5, float("nan")])
def test_a_vote_outside_plus_minus_one_and_pass_is_refused(bad):
    with pytest.raises(OpinionInputError, match="vote 1"):
        build_vote_table(VoteLog.from_triples([(1, 1, 1), (1, 2, bad)]))


def test_triples_of_the_wrong_length_are_refused():
    with pytest.raises(OpinionInputError, match="vote 0"):
        VoteLog.from_triples([(1, 1)])


def test_arrays_of_different_length_are_refused():
    with pytest.raises(OpinionInputError):
        VoteLog(np.array([1, 2]), np.array([1]), np.array([1, 1]))


def test_large_ids_take_the_sorting_path():
    big = 10**15
    table = build_vote_table(VoteLog.from_triples([(big, 5, 1), (3, 5, -1), (big, 5, 0)]))
    assert cells(table) == {(3, 5): -1, (big, 5): 0}
