"""`fellesloft opinion analyze DIR`: the Django command hands its arguments to the pure CLI."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from fellesloft.opinion.cli import main
from fellesloft.opinion.synthetic import planted_conversation


@pytest.fixture
def export(tmp_path):
    """A small Pol.is export folder: two planted camps, one statement moderated out."""
    planted = planted_conversation(60, 16, 12, n_groups=2, seed=4)
    log = planted.votes
    lines = ["timestamp,datetime,comment-id,voter-id,vote"]
    for position, (participant, statement, vote) in enumerate(
        zip(log.participants.tolist(), log.statements.tolist(), log.votes.tolist(), strict=True)
    ):
        lines.append(f"{position},x,{statement},{participant},{int(vote)}")
    (tmp_path / "votes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    comments = ["comment-id,moderated,comment-body"]
    comments += [f"{s},{-1 if s == 15 else 1},Statement number {s}" for s in range(16)]
    (tmp_path / "comments.csv").write_text("\n".join(comments) + "\n", encoding="utf-8")
    return tmp_path


def test_the_command_prints_the_same_json_as_the_cli(export):
    ours = io.StringIO()
    call_command("opinion", "analyze", str(export), "--seed", "2", stdout=ours)
    direct = io.StringIO()
    assert main(["analyze", str(export), "--seed", "2"], stdout=direct) == 0
    from_command, from_cli = json.loads(ours.getvalue()), json.loads(direct.getvalue())
    from_command.pop("timings_ms"), from_cli.pop("timings_ms")
    assert from_command == from_cli
    assert len(from_command["groups"]) == 2
    named = {r["statement"] for g in from_command["groups"] for r in g["representative"]}
    assert "15" not in named  # moderated out


def test_the_command_passes_format_text(export):
    out = io.StringIO()
    call_command("opinion", "analyze", str(export), "--format", "text", stdout=out)
    assert "opinion group(s)" in out.getvalue()
    assert "Statement number" in out.getvalue()


def test_bad_input_exits_with_the_clis_status_and_message(tmp_path):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("opinion", "analyze", str(tmp_path / "missing"), stderr=err)
    assert exit_info.value.code == 2
    assert "not a folder" in err.getvalue()


def test_the_fellesloft_entry_point_runs_it(export):
    done = subprocess.run(
        [sys.executable, "-m", "fellesloft", "opinion", "analyze", str(export), "--seed", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["groups"]) == 2


def test_the_opinion_package_never_imports_django():
    code = (
        "import sys, fellesloft.opinion, fellesloft.opinion.cli;"
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False, timeout=120).returncode == 0


def test_previous_keeps_the_groups_of_an_earlier_run(export, tmp_path):
    first = io.StringIO()
    assert main(["analyze", str(export), "--seed", "1"], stdout=first) == 0
    earlier = json.loads(first.getvalue())
    assert earlier["state"]["version"] == 1
    saved = tmp_path / "previous.json"
    saved.write_text(first.getvalue(), encoding="utf-8")
    again = io.StringIO()
    # Another seed: from scratch the ids could permute; from the previous run they stay.
    assert (
        main(["analyze", str(export), "--seed", "9", "--previous", str(saved)], stdout=again) == 0
    )
    later = json.loads(again.getvalue())
    assert {p: v["group"] for p, v in later["participants"].items()} == {
        p: v["group"] for p, v in earlier["participants"].items()
    }
    bare = tmp_path / "state.json"  # the state alone works as well
    bare.write_text(json.dumps(earlier["state"]), encoding="utf-8")
    assert main(["analyze", str(export), "--previous", str(bare)], stdout=io.StringIO()) == 0


@pytest.mark.parametrize("content", ["{not json", '{"state": {"version": 7}}', "[1, 2]"])
def test_a_bad_previous_file_is_named(export, tmp_path, content):
    bad = tmp_path / "previous.json"
    bad.write_text(content, encoding="utf-8")
    err = io.StringIO()
    assert main(["analyze", str(export), "--previous", str(bad)], stderr=err) == 2
    assert "previous.json" in err.getvalue()


def test_fellesloft_opinion_does_not_start_django(export):
    code = (
        "import sys, io, contextlib\n"
        "from fellesloft.__main__ import main\n"
        f"sys.argv = ['fellesloft', 'opinion', 'analyze', {str(export)!r}]\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as stop:\n"
        "        assert not stop.code, stop.code\n"
        "assert '\"groups\"' in out.getvalue()\n"
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, timeout=120)
    assert done.returncode == 0
