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
