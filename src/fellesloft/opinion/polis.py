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
import os
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


VOTE_COLUMNS = ("timestamp", "comment-id", "voter-id", "vote")
BLOCK_BYTES = 1 << 25  # 32 MB of the file at a time
_POWERS = 10 ** np.arange(18, dtype=np.int64)[::-1]  # 10¹⁷ … 10⁰
_NEWLINE, _COMMA, _MINUS = 10, 44, 45


def read_votes_csv(path: Path) -> VoteLog:
    """votes.csv as a VoteLog. Plain files (no quotes, `\n` line ends, whole numbers) are read
    column-wise with NumPy (`_read_votes_columnar`); anything else – or anything wrong – goes
    through the row-by-row reader, which reads quoted CSV and names the file and line of the
    first bad row. Both give the same log wherever the columnar reader accepts a file."""
    try:
        fast = _read_votes_columnar(path)
    except OSError as error:
        raise OpinionInputError(f"{path}: cannot read ({error.strerror})") from error
    return fast if fast is not None else _read_votes_rows(path)


def _parse_ints(buffer: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray | None:
    """The whole numbers in buffer[start:end] per row (ASCII digits, optional leading minus,
    at most 18 digits), or None when any field is something else. The fields are read
    right-aligned: the last W bytes of each (W = the longest), those before its start as 0."""
    if not len(start):
        return np.zeros(0, dtype=np.int64)
    if not (end > start).all():
        return None
    negative = buffer[start] == _MINUS
    first = start + negative
    length = end - first
    widest = int(length.max())
    if length.min() < 1 or widest > 18:
        return None
    offsets = np.arange(-widest, 0, dtype=np.int32)
    positions = end.astype(np.int32)[:, None] + offsets  # (n, W); a block is < 2 GB
    if start.min() < widest:
        np.maximum(positions, 0, out=positions)
    digits = buffer[positions]
    digits -= np.uint8(48)  # wraps above 9 if not 0–9
    if int(length.min()) < widest:
        digits *= offsets[None, :] >= -length[:, None]  # bytes before the field count 0
    if digits.max() > 9:
        return None
    values = np.einsum("nw,w->n", digits, _POWERS[-widest:])
    np.negative(values, out=values, where=negative)
    return values


def _read_votes_columnar(path: Path) -> VoteLog | None:
    """`read_votes_csv` for plain files, 32 MB at a time: newline and comma positions come
    from NumPy, every line must have exactly the header's number of fields, and the four
    needed columns are parsed as digit blocks. None: not a plain file (the caller falls back)."""
    with path.open("rb") as handle:
        header_line = handle.readline()
        if not header_line.endswith(b"\n") or b'"' in header_line or b"\r" in header_line:
            return None
        try:
            header = [name.strip() for name in header_line[:-1].decode("utf-8").split(",")]
        except UnicodeDecodeError:
            return None
        if any(name not in header for name in VOTE_COLUMNS):
            return None
        width = len(header)
        wanted = [header.index(name) for name in VOTE_COLUMNS]
        columns: list[list[np.ndarray]] = [[] for _ in VOTE_COLUMNS]
        # One buffer for the whole file: the unfinished last line of a block moves to the
        # front and the next block is read behind it (no copies of whole blocks).
        size = os.fstat(handle.fileno()).st_size - len(header_line)
        buffer = bytearray(max(min(BLOCK_BYTES, size + 1), 1))
        view = memoryview(buffer)
        filled = 0
        while True:
            read = handle.readinto(view[filled:])
            total = filled + read
            if not read:  # end of file: the last line may lack its newline
                if not total:
                    break
                if buffer[total - 1] != _NEWLINE:
                    if total == len(buffer):
                        return None  # a last line as long as a block: leave it to `csv`
                    buffer[total] = _NEWLINE
                    total += 1
                cut = total
            else:
                cut = buffer.rfind(b"\n", 0, total) + 1
                if not cut:
                    if total == len(buffer):
                        return None  # one line longer than a block
                    filled = total
                    continue
            # bytes.find is memchr: far cheaper than comparing every byte in NumPy.
            if buffer.find(b'"', 0, cut) >= 0 or buffer.find(b"\r", 0, cut) >= 0:
                return None
            parsed = _parse_block(np.frombuffer(buffer, dtype=np.uint8, count=cut), width, wanted)
            if parsed is None:
                return None
            votes = parsed[3]
            if len(votes) and (votes.min() < -1 or votes.max() > 1):
                return None
            parsed[3] = votes.astype(np.int8)
            for column, values in zip(columns, parsed, strict=True):
                column.append(values)
            if not read:
                break
            rest = total - cut
            buffer[:rest] = buffer[cut:total]
            filled = rest
    stamps, statements, participants = (
        np.concatenate(column) if column else np.zeros(0, dtype=np.int64) for column in columns[:3]
    )
    votes = np.concatenate(columns[3]) if columns[3] else np.zeros(0, dtype=np.int8)
    return VoteLog(participants=participants, statements=statements, votes=votes, timestamps=stamps)


def _parse_block(buffer: np.ndarray, width: int, wanted: list[int]) -> list[np.ndarray] | None:
    """The wanted columns of whole lines in `buffer` (which ends with a newline), or None."""
    ends = np.flatnonzero(buffer == _NEWLINE)
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    if (ends == starts).any():  # an empty line (the csv module skips those)
        return None
    commas = np.flatnonzero(buffer == _COMMA)
    lines = len(ends)
    if len(commas) != lines * (width - 1):
        return None
    if width > 1:
        # The commas are sorted: line i has exactly its share when the i-th run of width − 1
        # commas starts and ends inside that line.
        commas = commas.reshape(lines, width - 1)
        if (commas[:, 0] < starts).any() or (commas[:, -1] >= ends).any():
            return None
    result = []
    for column in wanted:
        field_start = starts if column == 0 else commas[:, column - 1] + 1
        field_end = ends if column == width - 1 else commas[:, column]
        values = _parse_ints(buffer, field_start, field_end)
        if values is None:
            return None
        result.append(values)
    return result


def _read_votes_rows(path: Path) -> VoteLog:
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


def load_export(folder: str | Path, *, polis_groups: bool = True) -> PolisExport:
    """Read a Pol.is export folder; needs votes.csv or participants-votes.csv.
    polis_groups=False skips participants-votes.csv when votes.csv is there (the matrix only
    adds Pol.is' own groups, and it is read row by row)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise OpinionInputError(f"{folder}: not a folder")
    votes_path = folder / "votes.csv"
    matrix_path = folder / "participants-votes.csv"
    comments_path = folder / "comments.csv"
    groups: dict[int, int | None] = {}
    if matrix_path.exists() and (polis_groups or not votes_path.exists()):
        matrix_log, groups = read_participant_matrix(matrix_path)
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
        polis_groups=groups,
        statements=tuple(sorted(texts)),
    )
