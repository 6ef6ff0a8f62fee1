"""The engine on data whose answer is known."""

import json
import tracemalloc

import numpy as np
import pytest

from fellesloft.opinion import MIN_FINDING_VOTES, VoteLog, analyse
from fellesloft.opinion.metrics import adjusted_rand_index
from fellesloft.opinion.pca import centred_matrix, top_components
from fellesloft.opinion.stats import priority, two_proportion_z
from fellesloft.opinion.synthetic import planted_conversation
from fellesloft.opinion.votes import build_vote_table


def opposed_camps(n_per_camp=30, n_divisive=12, n_consensus=4, seed=0):
    """Camp A agrees with the divisive statements d*, camp B disagrees; everybody agrees with
    c* ; a few votes are noise."""
    rng = np.random.default_rng(seed)
    votes, camp = [], {}
    for p in range(2 * n_per_camp):
        side = 1 if p < n_per_camp else -1
        camp[f"p{p}"] = side
        for j in range(n_divisive):
            vote = side if rng.random() < 0.9 else 0
            votes.append((f"p{p}", f"d{j}", vote))
        for j in range(n_consensus):
            votes.append((f"p{p}", f"c{j}", 1 if rng.random() < 0.95 else 0))
    return votes, camp


def ari_against(result, truth):
    clustered = [p for p in result.participants if p.clustered]
    return adjusted_rand_index([truth[p.id] for p in clustered], [p.group for p in clustered])


def test_two_opposed_camps_are_the_two_groups():
    votes, camp = opposed_camps()
    result = analyse(votes)
    assert len(result.groups) == 2
    assert all(p.clustered for p in result.participants)
    assert ari_against(result, camp) == 1.0
    assert sorted(g.size for g in result.groups) == [30, 30]
    # Each group's representative statements are divisive ones, in opposite directions; as in
    # Pol.is a group that rejects them all still gets the statement it agrees with most first.
    for group in result.groups:
        side = camp[group.members[0]]
        significant = [rep for rep in group.representative if not rep.best_agree]
        assert len(significant) >= 4
        for rep in significant:
            assert rep.statement.startswith("d")
            assert rep.direction == ("agree" if side == 1 else "disagree")
            assert rep.z > 1.2816
        heads = [rep for rep in group.representative if rep.best_agree]
        assert len(heads) == 1 and heads[0].direction == "agree"
        assert group.representative[0].direction == "agree"  # agree before disagree


def test_consensus_statements_are_found_and_divisive_ones_are_not():
    votes, _ = opposed_camps()
    result = analyse(votes)
    agreed = {c.statement for c in result.consensus_agree}
    assert agreed and agreed <= {"c0", "c1", "c2", "c3"}
    assert not result.consensus_disagree
    assert {d.statement for d in result.divisive} <= {f"d{j}" for j in range(12)}
    assert len(result.divisive) == 5
    c0, d0 = result.statement("c0"), result.statement("d0")
    assert c0.group_aware_consensus_agree > 0.7 > d0.group_aware_consensus_agree
    assert d0.divisiveness > 0.6 > c0.divisiveness


def test_a_consensus_of_disagreement_is_found():
    votes, _ = opposed_camps()
    votes += [(f"p{p}", "nobody", -1) for p in range(60)]
    result = analyse(votes)
    assert [c.statement for c in result.consensus_disagree] == ["nobody"]
    assert result.consensus_disagree[0].n_success == 60


def test_moderated_out_statements_are_ignored():
    votes, _ = opposed_camps()
    plain = analyse(votes)
    # Votes on a statement that splits people along another line, then moderated out.
    noisy = votes + [(f"p{p}", "spam", 1 if p % 2 else -1) for p in range(60)]
    moderated = analyse(noisy, moderated_out={"spam"})
    assert [(p.id, p.group) for p in moderated.participants] == [
        (p.id, p.group) for p in plain.participants
    ]
    assert np.allclose(
        [(p.x, p.y) for p in moderated.participants], [(p.x, p.y) for p in plain.participants]
    )
    spam = moderated.statement("spam")
    assert spam.moderated_out and spam.priority == 0 and spam.n_seen == 0
    listed = {r.statement for g in moderated.groups for r in g.representative}
    listed |= {c.statement for c in moderated.consensus_agree + moderated.consensus_disagree}
    assert "spam" not in listed


def test_moderated_out_statements_count_in_the_scaling_as_in_polis():
    """Pol.is zeroes a moderated-out statement's column instead of removing it (polismath
    named_matrix.clj `zero-out-columns`), so its `sparsity-aware-project-ptpt` scales a
    participant by √(columns / non-empty cells) with that statement counted in both: a sparse
    voter moves less far out than √(statements / votes) would put them."""
    votes, _ = opposed_camps()
    n_statements = 16
    sparse = [(p, s, v) for p, s, v in votes if p != "p0" or s in ("d0", "d1", "d2", "d3")]
    spam = [(f"p{p}", f"spam{k}", 1) for p in range(60) for k in range(4)]
    plain = analyse(sparse)
    moderated = analyse(sparse + spam, moderated_out={f"spam{k}" for k in range(4)})
    before, after = plain.participant("p0"), moderated.participant("p0")
    assert before.n_votes == after.n_votes == 4  # votes on moderated-out statements: not shown
    expected = np.sqrt((n_statements + 4) / (4 + 4)) / np.sqrt(n_statements / 4)
    assert np.hypot(after.x, after.y) == pytest.approx(expected * np.hypot(before.x, before.y))
    full_before, full_after = plain.participant("p1"), moderated.participant("p1")
    assert np.hypot(full_after.x, full_after.y) == pytest.approx(
        np.hypot(full_before.x, full_before.y)
    )


def test_votes_on_moderated_out_statements_count_towards_being_clustered():
    """Pol.is' in-conv rule counts the raw votes (moderated-out ones too) against
    min(7, columns); somebody whose only votes were moderated out is still never clustered."""
    votes, _ = opposed_camps()
    few = [(p, s, v) for p, s, v in votes if p != "p0" or s in ("d0", "d1", "d2", "d3", "d4")]
    moderated_out = {"spam0", "spam1"}
    result = analyse(
        few + [("p0", "spam0", 1), ("p0", "spam1", -1), ("ghost", "spam0", 1)],
        moderated_out=moderated_out,
    )
    assert result.participant("p0").n_votes == 5 and result.participant("p0").clustered
    without = analyse(few)
    assert not without.participant("p0").clustered  # 5 votes < 7
    assert not result.participant("ghost").clustered


def test_the_latest_vote_counts():
    votes, camp = opposed_camps()
    # Everybody in camp A first votes like camp B, then changes their mind.
    early = [(p, s, -v) for p, s, v in votes if camp[p] == 1 and s.startswith("d")]
    result = analyse(early + votes)
    assert ari_against(result, camp) == 1.0
    assert result.n_votes == len(votes)


def test_an_empty_conversation_gives_an_empty_result():
    result = analyse([])
    assert result.participants == () and result.groups == () and result.statements == ()
    assert result.consensus_agree == () and result.divisive == ()


def test_too_few_participants_are_projected_but_not_grouped():
    result = analyse([("a", "s1", 1), ("b", "s1", -1), ("c", "s2", 1)])
    assert len(result.participants) == 3
    assert result.groups == ()
    assert not any(p.clustered for p in result.participants)
    assert all(p.group is None for p in result.participants)


def test_one_opinion_group_is_a_valid_outcome():
    votes = [(p, s, 1) for p in range(20) for s in range(10)]
    result = analyse(votes)
    assert len(result.groups) == 1
    assert result.groups[0].size == 20
    assert result.groups[0].representative == ()
    assert len(result.consensus_agree) == 5


def test_few_voters_are_topped_up_to_fifteen():
    # 20 participants, only 5 voted on 7+ statements: the 10 most active of the rest join.
    votes = []
    for p in range(20):
        n = 8 if p < 5 else 1 + p % 6
        votes += [(p, s, 1 if (p + s) % 3 else -1) for s in range(n)]
    result = analyse(votes)
    clustered = [p for p in result.participants if p.clustered]
    assert len(clustered) == 15
    assert min(p.n_votes for p in clustered) >= max(
        p.n_votes for p in result.participants if not p.clustered
    )


def test_the_same_input_and_seed_give_the_same_result():
    planted = planted_conversation(400, 60, 25, n_groups=3, seed=4)
    first, second = analyse(planted.votes, seed=7), analyse(planted.votes, seed=7)
    assert first.participants == second.participants
    assert first.groups == second.groups
    assert first.statements == second.statements


def test_planted_groups_are_recovered():
    planted = planted_conversation(3000, 200, 40, n_groups=3, seed=2)
    result = analyse(planted.votes)
    assert len(result.groups) == 3
    truth = dict(enumerate(planted.groups.tolist()))
    assert ari_against(result, truth) >= 0.95
    agreed = {c.statement for c in result.consensus_agree}
    # Planted consensus, and statements where every group's opinion happens to be "agree".
    everyone_agrees = set(np.flatnonzero((planted.opinions == 1).all(axis=0)).tolist())
    assert agreed and agreed <= everyone_agrees


def test_a_recompute_keeps_group_ids_and_orientation():
    planted = planted_conversation(600, 80, 30, n_groups=3, seed=5)
    log = planted.votes
    first = analyse(log, seed=1)
    # A few new votes, and a different seed: without the previous result ids could permute.
    extra = VoteLog(
        participants=np.concatenate([log.participants, np.arange(20)]),
        statements=np.concatenate([log.statements, np.full(20, 79)]),
        votes=np.concatenate([log.votes, np.ones(20, dtype=np.int8)]),
    )
    second = analyse(extra, seed=99, previous=first)
    before, after = first.group_of(), second.group_of()
    same = sum(before[p] == after[p] for p in before)
    assert same / len(before) > 0.98
    xs_before = np.array([p.x for p in first.participants])
    xs_after = np.array([p.x for p in second.participants])
    assert np.corrcoef(xs_before, xs_after)[0, 1] > 0.99


def test_sparse_and_dense_principal_components_agree():
    planted = planted_conversation(800, 120, 30, n_groups=2, seed=3)
    matrix, _, _ = centred_matrix(build_vote_table(planted.votes))
    dense = top_components(matrix, dense_cells_limit=10**9)
    sparse = top_components(matrix, dense_cells_limit=0)
    assert np.allclose(np.abs(dense @ sparse.T), np.eye(2), atol=1e-6)


def test_a_large_sparse_conversation_never_builds_the_dense_matrix():
    # 50 000 × 20 000 cells would need 8 GB dense; the votes are 150 000.
    planted = planted_conversation(50_000, 20_000, 3, n_groups=2, seed=0)
    tracemalloc.start()
    try:
        result = analyse(planted.votes)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.participants) == 50_000
    assert peak < 400 * 2**20, f"peak {peak / 2**20:.0f} MiB"


def test_priority_follows_the_published_formula():
    # A = 3, P = 1, S = 5, E = 0.5: p = 2/7, a = 4/7.
    expected = ((1 - 2 / 7) * 1.5 * (4 / 7) * (1 + 8 * 2 ** (-1))) ** 2
    value = priority(np.array([3.0]), np.array([1.0]), np.array([5.0]), np.array([0.5]))
    assert value[0] == pytest.approx(expected)
    # A statement nobody has seen gets the full newness boost.
    fresh = analyse([(1, "old", 1), (2, "old", 1)], statements=["new"]).statement("new")
    assert fresh.priority == pytest.approx((0.5 * 0.5 * 9) ** 2)


def test_representativeness_statistics_by_hand():
    # Group A: 10 of 10 agree; group B: 1 of 10 agree.
    z = two_proportion_z(np.array(10), np.array(1), np.array(10), np.array(10))
    p1, p2 = 11 / 11, 2 / 11
    pooled = 13 / 22
    assert z == pytest.approx((p1 - p2) / np.sqrt(pooled * (1 - pooled) * (2 / 11)))


def test_no_finding_rests_on_fewer_votes_than_the_floor():
    """Issue 17, item 12: «Dette er de fleste uenige i …» showed 100 % from a single vote."""
    votes, _ = opposed_camps(n_per_camp=10)
    votes += [("p0", "lonely", -1)]  # one vote, nobody else saw it
    votes += [(f"p{i}", "few", 1) for i in range(3)]  # three votes in one camp, two in the other
    votes += [(f"p{10 + i}", "few", -1) for i in range(2)]
    result = analyse(votes)
    findings = list(result.consensus_agree + result.consensus_disagree)
    findings += [rep for group in result.groups for rep in group.representative]
    assert findings and all(item.n_seen >= MIN_FINDING_VOTES for item in findings)
    assert {item.statement for item in findings}.isdisjoint({"lonely", "few"})
    group_of = result.group_of()
    voters: dict[tuple, set] = {}
    for participant, statement, _ in votes:
        voters.setdefault((group_of[participant], statement), set()).add(participant)
    assert result.divisive
    for item in result.divisive:
        for group in (item.most_agreeing_group, item.least_agreeing_group):
            assert len(voters[group, item.statement]) >= MIN_FINDING_VOTES


def test_k_changes_only_after_winning_several_recomputes_in_a_row():
    """Pol.is' `:group-k-smoother` (group-k-buffer 4): a new best k is shown only once it has
    been the best 4 recomputes in a row; alternating winners never change the shown k."""
    from fellesloft.opinion.cluster import GROUP_K_BUFFER, smooth_k

    assert GROUP_K_BUFFER == 4
    state = smooth_k(2, {2, 3}, None)
    assert state.smoothed_k == 2
    for best in (3, 2, 3, 2):
        state = smooth_k(best, {2, 3}, state)
        assert state.smoothed_k == 2
    shown = []
    for _ in range(4):
        state = smooth_k(3, {2, 3}, state)
        shown.append(state.smoothed_k)
    assert shown == [2, 2, 2, 3]
    assert (state.last_k, state.last_k_count) == (3, 4)
    # A shown k that is no longer possible (fewer base clusters) gives way at once.
    held = smooth_k(5, {2, 3, 4, 5}, state)
    assert held.smoothed_k == 3
    assert smooth_k(2, {2}, held).smoothed_k == 2


def test_a_recompute_keeps_the_number_of_groups_until_a_new_one_wins_four_times():
    from fellesloft.opinion import WarmState

    planted = planted_conversation(300, 40, 30, n_groups=3, seed=4)
    fresh = analyse(planted.votes, seed=0)
    assert len(fresh.groups) == 3
    # A stored state that says: 2 groups shown, and 2 was the best for a long while.
    stored = fresh.state.to_json()
    stored["k_smoother"] = [2, 9, 2]
    state = WarmState.from_json(json.loads(json.dumps(stored)))
    counts = []
    for _ in range(5):
        result = analyse(planted.votes, seed=0, previous=state)
        counts.append(len(result.groups))
        state = result.state
    assert counts == [2, 2, 2, 3, 3]
