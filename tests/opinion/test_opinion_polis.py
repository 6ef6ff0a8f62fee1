"""Real Pol.is conversations (CC BY 4.0, The Computational Democracy Project) and the CLI."""

import io
import json
from pathlib import Path

import numpy as np
import pytest

from fellesloft.opinion import OpinionInputError, analyse
from fellesloft.opinion.cli import main
from fellesloft.opinion.metrics import adjusted_rand_index
from fellesloft.opinion.polis import load_export

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "polis-opendata"
CONVERSATIONS = sorted(p.name for p in DATA.iterdir() if p.is_dir()) if DATA.is_dir() else []
# Measured ARI against Pol.is' own labels with seed 0: 0.88, 0.90, 0.11, 0.95, 0.73 (red-dwarf
# 0.4.0: 0.46, 0.64, 0.12, 0.95, 0.83). Pol.is' labels come from an incremental history, so
# the floors sit a margin below what we measure (vtaiwan moves between 0.69 and 0.94 with the
# seed: its two groups are not far apart); london.youth.policing has 24 clustered
# participants and neither engine reproduces its three groups' membership.
ARI_FLOOR = {
    "15-per-hour-seattle": 0.75,
    "brexit-consensus": 0.75,
    "london.youth.policing": 0.0,
    "scoop-hivemind.biodiversity": 0.85,
    "vtaiwan.uberx": 0.65,
}

needs_data = pytest.mark.skipif(not CONVERSATIONS, reason="shared/data/polis-opendata is missing")


def agreement(name):
    export = load_export(DATA / name)
    result = analyse(export.votes, moderated_out=export.moderated_out, seed=0)
    ours = result.group_of()
    both = [p for p, g in export.polis_groups.items() if g is not None and ours.get(p) is not None]
    ari = adjusted_rand_index([export.polis_groups[p] for p in both], [ours[p] for p in both])
    polis_count = len({g for g in export.polis_groups.values() if g is not None})
    return export, result, ari, polis_count


@needs_data
@pytest.mark.parametrize("name", CONVERSATIONS)
def test_same_number_of_groups_as_polis_and_agreement_reported(name):
    export, result, ari, polis_count = agreement(name)
    print(f"{name}: {len(result.groups)} groups (Pol.is {polis_count}), ARI {ari:.3f}")
    assert len(result.groups) == polis_count
    assert ari >= ARI_FLOOR.get(name, 0.5)
    # Almost everybody Pol.is clustered is clustered here too (its in-conv set only grows).
    clustered = {p.id for p in result.participants if p.clustered}
    polis_clustered = {p for p, g in export.polis_groups.items() if g is not None}
    assert len(clustered & polis_clustered) >= 0.95 * len(polis_clustered)


@needs_data
def test_rejected_comments_play_no_part():
    export = load_export(DATA / "vtaiwan.uberx")
    assert export.moderated_out
    result = analyse(export.votes, moderated_out=export.moderated_out)
    named = {r.statement for g in result.groups for r in g.representative}
    named |= {c.statement for c in result.consensus_agree + result.consensus_disagree}
    named |= {d.statement for d in result.divisive}
    assert named and not named & export.moderated_out


@needs_data
def test_matrix_only_export_gives_the_same_votes(tmp_path):
    source = DATA / "brexit-consensus"
    for name in ("participants-votes.csv", "comments.csv"):
        (tmp_path / name).write_bytes((source / name).read_bytes())
    from_matrix = analyse(load_export(tmp_path).votes)
    from_log = analyse(load_export(source).votes)
    assert from_matrix.n_votes == from_log.n_votes


@needs_data
def test_cli_json_has_the_documented_shape():
    out = io.StringIO()
    assert main(["analyze", str(DATA / "london.youth.policing"), "--seed", "3"], stdout=out) == 0
    data = json.loads(out.getvalue())
    assert set(data) == {"participants", "groups", "consensus", "divisive", "timings_ms", "state"}
    assert set(data["consensus"]) == {"agree", "disagree"}
    assert set(data["timings_ms"]) == {"load", "analysis"}
    some = next(iter(data["participants"].values()))
    assert set(some) == {"x", "y", "group"}
    for group in data["groups"]:
        assert group["size"] > 0
        for rep in group["representative"]:
            assert rep["direction"] in ("agree", "disagree")
            assert isinstance(rep["statement"], str)


@needs_data
def test_cli_text_names_the_statements():
    out = io.StringIO()
    assert main(["analyze", str(DATA / "brexit-consensus"), "--format", "text"], stdout=out) == 0
    assert "Labour should oppose the Brexit process." in out.getvalue()


def write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


def test_a_malformed_row_names_file_and_line(tmp_path):
    write(
        tmp_path,
        "votes.csv",
        "timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,1\n2,x,0,1,yes\n",
    )
    with pytest.raises(OpinionInputError, match=r"votes\.csv, line 3: vote 'yes'"):
        load_export(tmp_path)


def test_a_row_with_missing_fields_names_file_and_line(tmp_path):
    write(tmp_path, "votes.csv", "timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,1\n2,x,0\n")
    with pytest.raises(OpinionInputError, match=r"votes\.csv, line 3: 3 fields"):
        load_export(tmp_path)


def test_an_out_of_range_vote_in_the_matrix_is_refused(tmp_path):
    write(tmp_path, "participants-votes.csv", "participant,group-id,n-votes,0,1\n0,0,2,1,5\n")
    with pytest.raises(OpinionInputError, match=r"participants-votes\.csv, line 2: vote 5"):
        load_export(tmp_path)


def test_a_folder_without_votes_is_refused(tmp_path):
    with pytest.raises(OpinionInputError, match="neither votes.csv"):
        load_export(tmp_path)


def test_an_export_with_no_votes_gives_an_empty_result(tmp_path):
    write(tmp_path, "votes.csv", "timestamp,datetime,comment-id,voter-id,vote\n")
    out = io.StringIO()
    assert main(["analyze", str(tmp_path)], stdout=out) == 0
    data = json.loads(out.getvalue())
    assert data["participants"] == {} and data["groups"] == []


def test_cli_reports_bad_input_without_a_traceback(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "missing")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_the_columnar_reader_gives_what_the_row_reader_gives(tmp_path):
    from fellesloft.opinion.polis import _read_votes_columnar, _read_votes_rows

    rng = np.random.default_rng(3)
    n = 5000
    rows = zip(
        rng.integers(0, 2**41, n).tolist(),
        rng.integers(0, 300, n).tolist(),
        rng.integers(0, 100_000, n).tolist(),
        rng.integers(-1, 2, n).tolist(),
        strict=True,
    )
    lines = ["timestamp,datetime,comment-id,voter-id,vote"]
    lines += [f"{t},Tue Jun 30 15:49:52 WIB 2015,{c},{p},{v}" for t, c, p, v in rows]
    path = tmp_path / "votes.csv"
    path.write_text("\n".join(lines), encoding="utf-8")  # no newline at the end
    fast, slow = _read_votes_columnar(path), _read_votes_rows(path)
    assert fast is not None
    for name in ("participants", "statements", "votes", "timestamps"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name))
        assert getattr(fast, name).dtype == getattr(slow, name).dtype


@pytest.mark.parametrize(
    "text",
    [
        'timestamp,datetime,comment-id,voter-id,vote\n1,"Tue, Jun 30",0,0,1\n2,x,0,1,-1\n',
        "timestamp,datetime,comment-id,voter-id,vote\r\n1,x,0,0,1\r\n2,x,0,1,-1\r\n",
        "timestamp,datetime,comment-id,voter-id,vote\n1,x, 0,0,1\n\n2,x,0,1,-1\n",
    ],
)
def test_quoted_or_unusual_files_are_read_row_by_row(tmp_path, text):
    from fellesloft.opinion.polis import _read_votes_columnar, read_votes_csv

    write(tmp_path, "votes.csv", text)
    assert _read_votes_columnar(tmp_path / "votes.csv") is None
    log = read_votes_csv(tmp_path / "votes.csv")
    assert log.votes.tolist() == [1, -1] and log.participants.tolist() == [0, 1]


def test_a_bad_line_deep_in_a_large_file_is_named(tmp_path, monkeypatch):
    from fellesloft.opinion import polis

    monkeypatch.setattr(polis, "BLOCK_BYTES", 1000)  # many blocks
    lines = ["timestamp,datetime,comment-id,voter-id,vote"]
    lines += [f"{i},x,{i % 7},{i % 50},1" for i in range(3000)]
    lines[2500] = "2499,x,3,4,2"
    write(tmp_path, "votes.csv", "\n".join(lines) + "\n")
    with pytest.raises(OpinionInputError, match=r"votes\.csv, line 2501: vote 2 is not"):
        load_export(tmp_path)
