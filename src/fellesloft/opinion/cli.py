"""`opinion analyze DIR [--format json|text] [--seed N] [--previous PREVIOUS.json]` on a
Pol.is export folder.

Runs without Django: `python -m fellesloft.opinion analyze DIR`, and `fellesloft opinion …`
hands its arguments here before Django is imported (see `fellesloft.__main__`). The JSON
output carries the engine's state under "state"; `--previous` reads it back (an earlier
output, or a bare state), so a recompute keeps the groups' ids and number.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from .engine import analyse
from .polis import PolisExport, load_export
from .result import Analysis, WarmState
from .votes import OpinionInputError


def analysis_to_json(analysis: Analysis, load_ms: float = 0.0) -> dict:
    """The issue's JSON shape; ids are written as strings."""
    return {
        "participants": {
            str(p.id): {"x": p.x, "y": p.y, "group": p.group} for p in analysis.participants
        },
        "groups": [
            {
                "id": group.id,
                "size": group.size,
                "representative": [
                    {
                        "statement": str(rep.statement),
                        "direction": rep.direction,
                        "agree_ratio": rep.agree_ratio,
                        "disagree_ratio": rep.disagree_ratio,
                        "probability": rep.probability,
                        "z": rep.z,
                    }
                    for rep in group.representative
                ],
            }
            for group in analysis.groups
        ],
        "consensus": {
            "agree": [str(item.statement) for item in analysis.consensus_agree],
            "disagree": [str(item.statement) for item in analysis.consensus_disagree],
        },
        "divisive": [str(item.statement) for item in analysis.divisive],
        "timings_ms": {"load": load_ms, "analysis": analysis.timings_ms["total"]},
        "state": analysis.state.to_json() if analysis.state is not None else None,
    }


def read_previous(path: str) -> WarmState:
    """The engine state in a file: an earlier JSON output of this command, or a bare state."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as error:
        raise OpinionInputError(f"{path}: cannot read ({error.strerror})") from error
    except (ValueError, UnicodeDecodeError) as error:
        raise OpinionInputError(f"{path}: not JSON ({error})") from error
    if isinstance(data, dict) and "state" in data and "version" not in data:
        data = data["state"]
    try:
        return WarmState.from_json(data)
    except ValueError as error:
        raise OpinionInputError(f"{path}: {error}") from error


def analysis_to_text(analysis: Analysis, export: PolisExport, load_ms: float = 0.0) -> str:
    texts = export.texts

    def line(statement: object) -> str:
        body = " ".join(texts.get(statement, "").split())  # type: ignore[arg-type]
        return f"[{statement}] {body[:110]}"

    clustered = sum(p.clustered for p in analysis.participants)
    out = [
        f"{len(analysis.participants)} participants ({clustered} clustered), "
        f"{len(analysis.statements)} statements, {analysis.n_votes} votes; "
        f"{len(analysis.groups)} opinion group(s).",
    ]
    for group in analysis.groups:
        out.append("")
        out.append(f"Group {group.id} – {group.size} participants")
        for rep in group.representative:
            share = round(100 * rep.n_success / rep.n_seen) if rep.n_seen else 0
            out.append(
                f"  {rep.direction:8s} {share:3d}% of {rep.n_seen:4d}  {line(rep.statement)}"
            )
    for title, items in (
        ("Consensus – agreed", analysis.consensus_agree),
        ("Consensus – disagreed", analysis.consensus_disagree),
    ):
        out += ["", title]
        out += [
            f"  {round(100 * c.n_success / max(c.n_seen, 1)):3d}%  {line(c.statement)}"
            for c in items
        ]
    out += ["", "Divisive (groups differ most)"]
    out += [f"  {d.divisiveness:.2f}  {line(d.statement)}" for d in analysis.divisive]
    out += ["", f"Load {load_ms:.0f} ms, analysis {analysis.timings_ms['total']:.0f} ms."]
    return "\n".join(out) + "\n"


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    prog: str = "opinion",
) -> int:
    """Run the command line; returns the exit status (argparse exits itself on bad usage)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = argparse.ArgumentParser(prog=prog, description="Opinion groups of a Pol.is export")
    commands = parser.add_subparsers(dest="command", required=True)
    analyze = commands.add_parser("analyze", help="analyse a Pol.is export folder")
    analyze.add_argument("folder", help="folder with votes.csv and/or participants-votes.csv")
    analyze.add_argument("--format", choices=("json", "text"), default="json")
    analyze.add_argument("--seed", type=int, default=0)
    analyze.add_argument(
        "--previous",
        metavar="PREVIOUS.json",
        help="an earlier JSON output (or its state): start from it and keep its groups",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        previous = read_previous(args.previous) if args.previous else None
        export = load_export(args.folder, polis_groups=False)
    except OpinionInputError as error:
        print(f"error: {error}", file=stderr)
        return 2
    load_ms = (time.perf_counter() - started) * 1000.0
    analysis = analyse(
        export.votes,
        moderated_out=export.moderated_out,
        statements=export.statements,
        seed=args.seed,
        previous=previous,
    )
    if args.format == "json":
        # One `dumps` (C encoder) and one write: `json.dump` encodes piece by piece in Python.
        stdout.write(json.dumps(analysis_to_json(analysis, load_ms), ensure_ascii=False) + "\n")
    else:
        stdout.write(analysis_to_text(analysis, export, load_ms))
    return 0
