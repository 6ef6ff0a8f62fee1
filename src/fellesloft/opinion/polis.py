"""Reading a Pol.is export folder (the format of the Computational Democracy Project's open data).

- votes.csv: `timestamp, datetime, comment-id, voter-id, vote` – the event log;
- participants-votes.csv: `participant, [xid,] group-id, n-comments, n-votes, n-agree,
  n-disagree, <comment-id>…` – the final matrix with Pol.is' own group per participant;
- comments.csv: `…, comment-id, …, moderated, comment-body` (moderated −1 = rejected).

When both vote files exist the event log is used. A malformed row raises OpinionInputError
naming the file and line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .votes import OpinionInputError, VoteLog

MATRIX_META_COLUMNS = {
    "participant",
    "xid",
    "group-id",
    "n-comments",
    "n-votes",
    "n-agree",
    "n-disagree",
}


@dataclass(frozen=True, eq=False)
class PolisExport:
    """votes: the log; moderated_out: rejected comment ids; texts: comment id → text;
    polis_groups: participant id → Pol.is' group id (None = not clustered by Pol.is)."""

    votes: VoteLog
    moderated_out: frozenset[int] = frozenset()
    texts: dict[int, str] = field(default_factory=dict)
    polis_groups: dict[int, int | None] = field(default_factory=dict)
    statements: tuple[int, ...] = ()


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs; the line is where the row starts in the file."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as error:
        raise OpinionInputError(f"{path}: cannot read ({error.strerror})") from error
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise OpinionInputError(f"{path}: empty file, expected a header line") from None
        except (csv.Error, UnicodeDecodeError) as error:
            raise OpinionInputError(f"{path}, line 1: {error}") from error
        header = [name.strip() for name in header]
        line = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as error:
                raise OpinionInputError(f"{path}, line {line}: {error}") from error
            if cells:
                if len(cells) != len(header):
                    raise OpinionInputError(
                        f"{path}, line {line}: {len(cells)} fields, the header has {len(header)}"
                    )
                yield line, dict(zip(header, cells, strict=True))
            line = reader.line_num + 1


def _require(path: Path, row: dict[str, str], names: tuple[str, ...]) -> None:
    missing = [name for name in names if name not in row]
    if missing:
        raise OpinionInputError(f"{path}: missing column(s) {', '.join(missing)}")


def _int(path: Path, line: int, name: str, text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise OpinionInputError(
            f"{path}, line {line}: {name} {text!r} is not a whole number"
        ) from None


def _vote(path: Path, line: int, text: str) -> int:
    value = _int(path, line, "vote", text)
    if value not in (-1, 0, 1):
        raise OpinionInputError(f"{path}, line {line}: vote {value} is not 1, -1 or 0")
    return value


def read_votes_csv(path: Path) -> VoteLog:
    participants, statements, votes, stamps = [], [], [], []
    for line, row in _rows(path):
        _require(path, row, ("timestamp", "comment-id", "voter-id", "vote"))
        stamps.append(_int(path, line, "timestamp", row["timestamp"]))
        statements.append(_int(path, line, "comment-id", row["comment-id"]))
        participants.append(_int(path, line, "voter-id", row["voter-id"]))
        votes.append(_vote(path, line, row["vote"]))
    return VoteLog(
        participants=np.array(participants, dtype=np.int64),
        statements=np.array(statements, dtype=np.int64),
        votes=np.array(votes, dtype=np.int8),
        timestamps=np.array(stamps, dtype=np.int64),
    )


def read_participant_matrix(path: Path) -> tuple[VoteLog, dict[int, int | None]]:
    """The vote matrix as a log (one vote per cell) and Pol.is' group per participant."""
    participants, statements, votes = [], [], []
    groups: dict[int, int | None] = {}
    comment_columns: list[tuple[str, int]] | None = None
    for line, row in _rows(path):
        _require(path, row, ("participant",))
        if comment_columns is None:
            comment_columns = [
                (name, _int(path, 1, "comment column", name))
                for name in row
                if name not in MATRIX_META_COLUMNS
            ]
        pid = _int(path, line, "participant", row["participant"])
        group_text = row.get("group-id", "").strip()
        groups[pid] = _int(path, line, "group-id", group_text) if group_text else None
        for name, comment in comment_columns:
            cell = row[name].strip()
            if cell:
                participants.append(pid)
                statements.append(comment)
                votes.append(_vote(path, line, cell))
    log = VoteLog(
        participants=np.array(participants, dtype=np.int64),
        statements=np.array(statements, dtype=np.int64),
        votes=np.array(votes, dtype=np.int8),
    )
    return log, groups


def read_comments(path: Path) -> tuple[dict[int, str], frozenset[int]]:
    texts: dict[int, str] = {}
    rejected = set()
    for line, row in _rows(path):
        _require(path, row, ("comment-id",))
        comment = _int(path, line, "comment-id", row["comment-id"])
        texts[comment] = row.get("comment-body", "")
        moderated = row.get("moderated", "").strip()
        if moderated and _int(path, line, "moderated", moderated) == -1:
            rejected.add(comment)
    return texts, frozenset(rejected)


def load_export(folder: str | Path) -> PolisExport:
    """Read a Pol.is export folder; needs votes.csv or participants-votes.csv."""
    folder = Path(folder)
    if not folder.is_dir():
        raise OpinionInputError(f"{folder}: not a folder")
    votes_path = folder / "votes.csv"
    matrix_path = folder / "participants-votes.csv"
    comments_path = folder / "comments.csv"
    polis_groups: dict[int, int | None] = {}
    if matrix_path.exists():
        matrix_log, polis_groups = read_participant_matrix(matrix_path)
    if votes_path.exists():
        log = read_votes_csv(votes_path)
    elif matrix_path.exists():
        log = matrix_log
    else:
        raise OpinionInputError(f"{folder}: neither votes.csv nor participants-votes.csv")
    texts, rejected = read_comments(comments_path) if comments_path.exists() else ({}, frozenset())
    return PolisExport(
        votes=log,
        moderated_out=rejected,
        texts=texts,
        polis_groups=polis_groups,
        statements=tuple(sorted(texts)),
    )
