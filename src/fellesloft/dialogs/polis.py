"""Import and export in the Pol.is open-data format (comments, votes, participants-votes, summary).

An import lands whole or not at all and becomes a closed dialog; an export writes the same four
files, so a conversation can move between Pol.is and Fellesløft.
"""

import csv
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.screening import describe_findings, find_personal_data
from fellesloft.core.spreadsheets import CsvWriter, restore_csv_text
from fellesloft.core.text import clean_text, is_blank
from fellesloft.dialogs.models import (
    Analysis,
    Dialog,
    ModerationMode,
    Participant,
    Statement,
    StatementState,
    Vote,
    VoteEvent,
)
from fellesloft.dialogs.services import normalise_statement_text, unique_dialog_slug

REQUIRED_FILES = ("comments.csv", "votes.csv")
MAX_ARCHIVE_BYTES = 50 * 1024 * 1024
POLIS_MODERATED = {
    "1": StatementState.APPROVED,
    "0": StatementState.APPROVED,
    "-1": StatementState.REJECTED,
}
STATE_TO_POLIS = {
    StatementState.APPROVED: 1,
    StatementState.PENDING: 0,
    StatementState.REJECTED: -1,
}


def _read_csv(files: dict[str, str], name: str) -> list[dict[str, str]]:
    try:
        return list(csv.DictReader(io.StringIO(files[name])))
    except csv.Error as error:
        raise ServiceError(
            _("%(file)s kan ikke leses: %(error)s") % {"file": name, "error": error}
        ) from None


def files_from_folder(folder: Path) -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8-sig")
        for path in Path(folder).iterdir()
        if path.suffix == ".csv"
    }


def files_from_zip(data: bytes) -> dict[str, str]:
    if len(data) > MAX_ARCHIVE_BYTES:
        raise ServiceError(_("Filen er for stor (maks 50 MB)."), field="archive")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        files = {}
        for info in archive.infolist():
            name = Path(info.filename).name
            if name.endswith(".csv") and info.file_size <= MAX_ARCHIVE_BYTES:
                files[name] = archive.read(info).decode("utf-8-sig")
        return files
    except (zipfile.BadZipFile, UnicodeDecodeError):
        raise ServiceError(
            _("Filen er ikke en gyldig ZIP-fil med CSV-filer i UTF-8."), field="archive"
        ) from None


def _int(value: str, *, file: str, row: int, column: str) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        raise ServiceError(
            _("%(file)s, rad %(row)d: «%(column)s» er ikke et tall.")
            % {"file": file, "row": row, "column": column}
        ) from None


def _timestamp(value: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(float(value)) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


@transaction.atomic
def import_polis(
    *, files: dict[str, str], organisation, created_by=None, source: str = ""
) -> Dialog:
    missing = [name for name in REQUIRED_FILES if name not in files]
    if missing:
        raise ServiceError(
            _("Eksporten mangler %(files)s.") % {"files": ", ".join(missing)}, field="archive"
        )
    summary = {}
    if "summary.csv" in files:
        for row in csv.reader(io.StringIO(files["summary.csv"])):
            if len(row) >= 2:
                summary[row[0].strip()] = clean_text(row[1]).strip()
    comments = _read_csv(files, "comments.csv")
    votes = _read_csv(files, "votes.csv")
    topic = summary.get("topic") or _("Importert Pol.is-samtale")
    now = timezone.now()
    dialog = Dialog.objects.create(
        slug=unique_dialog_slug(topic),
        title=topic[:200],
        question=topic[:300],
        description=summary.get("conversation-description", ""),
        moderation_mode=ModerationMode.BEFORE,
        statement_max_length=500,
        organisation=organisation,
        created_by=created_by,
        imported_from=clean_text(source or summary.get("url", ""))[:300],
        opens_at=None,
        closes_at=now,
    )
    participants: dict[int, Participant] = {}

    def participant(voter: int) -> Participant:
        if voter not in participants:
            participants[voter] = Participant(dialog=dialog)
        return participants[voter]

    statements: dict[int, Statement] = {}
    comment_authors: dict[int, int] = {}
    for number, row in enumerate(comments, start=2):
        comment_id = _int(
            row.get("comment-id"), file="comments.csv", row=number, column="comment-id"
        )
        # Our own export keeps formula-like text as text with a leading «'»; read it back.
        body = restore_csv_text(clean_text(row.get("comment-body") or "").strip())
        text = " ".join(body.split())[:500]
        if is_blank(text):
            raise ServiceError(_("comments.csv, rad %(row)d: utsagnet er tomt.") % {"row": number})
        state = POLIS_MODERATED.get((row.get("moderated") or "0").strip(), StatementState.APPROVED)
        hold_reason = ""
        findings = find_personal_data(text)
        if findings and state != StatementState.REJECTED:
            state = StatementState.PENDING
            hold_reason = _("Mulige personopplysninger: %(what)s.") % {
                "what": describe_findings(findings)
            }
        statements[comment_id] = Statement(
            dialog=dialog,
            text=text,
            normalised_text=normalise_statement_text(text),
            state=state,
            hold_reason=hold_reason,
            is_seed=False,
            # Moderated in Pol.is already; only the ones held here wait for a moderator.
            moderated_at=None if state == StatementState.PENDING else now,
            created_at=_timestamp(row.get("timestamp")) or now,
        )
        author = (row.get("author-id") or "").strip()
        if author:
            comment_authors[comment_id] = _int(
                author, file="comments.csv", row=number, column="author-id"
            )
            participant(comment_authors[comment_id])

    events = []
    for number, row in enumerate(votes, start=2):
        comment_id = _int(row.get("comment-id"), file="votes.csv", row=number, column="comment-id")
        voter = _int(row.get("voter-id"), file="votes.csv", row=number, column="voter-id")
        value = _int(row.get("vote"), file="votes.csv", row=number, column="vote")
        if comment_id not in statements:
            raise ServiceError(
                _("votes.csv, rad %(row)d: utsagn %(id)d finnes ikke i comments.csv.")
                % {"row": number, "id": comment_id}
            )
        if value not in (-1, 0, 1):
            raise ServiceError(
                _("votes.csv, rad %(row)d: stemmen må være 1, -1 eller 0.") % {"row": number}
            )
        events.append((_timestamp(row.get("timestamp")) or now, number, voter, comment_id, value))
    events.sort(key=lambda event: (event[0], event[1]))

    for voter in sorted({event[2] for event in events}):
        participant(voter)
    Participant.objects.bulk_create(
        [participants[key] for key in sorted(participants)], batch_size=2000
    )
    for comment_id, author in comment_authors.items():
        statements[comment_id].author = participants[author]
    Statement.objects.bulk_create([statements[key] for key in sorted(statements)], batch_size=2000)

    latest: dict[tuple[int, int], tuple] = {}
    vote_events = []
    for created_at, _number, voter, comment_id, value in events:
        key = (voter, comment_id)
        first = latest.get(key, (created_at,))[0]
        latest[key] = (first, created_at, value)
        vote_events.append(
            VoteEvent(
                dialog=dialog,
                participant=participants[voter],
                statement=statements[comment_id],
                value=value,
                created_at=created_at,
            )
        )
    VoteEvent.objects.bulk_create(vote_events, batch_size=5000)
    Vote.objects.bulk_create(
        [
            Vote(
                dialog=dialog,
                participant=participants[voter],
                statement=statements[comment_id],
                value=value,
                created_at=first,
                updated_at=last,
            )
            for (voter, comment_id), (first, last, value) in latest.items()
        ],
        batch_size=5000,
    )
    return dialog


def _polis_time(moment: datetime) -> tuple[str, str]:
    return str(int(moment.timestamp() * 1000)), moment.strftime("%a %b %d %H:%M:%S UTC %Y")


def _polis_csv(stream) -> CsvWriter:
    return CsvWriter(stream, delimiter=",", lineterminator="\n", byte_order_mark=False)


def export_polis(*, dialog: Dialog) -> dict[str, str]:
    """The four files of Pol.is' open-data export, as text.

    Only published statements and the votes on them: the text of a held or rejected statement
    (possibly personal data) and who wrote it never leave through an export."""
    statements = list(
        Statement.objects.filter(dialog=dialog, state=StatementState.APPROVED).order_by("pk")
    )
    counts: dict[int, dict[int, int]] = {}
    matrix: dict[int, dict[int, int]] = {}
    for participant_id, statement_id, value in Vote.objects.filter(
        dialog=dialog, statement__state=StatementState.APPROVED
    ).values_list("participant_id", "statement_id", "value"):
        counts.setdefault(statement_id, {1: 0, -1: 0, 0: 0})[value] += 1
        matrix.setdefault(participant_id, {})[statement_id] = value

    comments = io.StringIO()
    writer = _polis_csv(comments)
    writer.writerow(
        [
            "timestamp",
            "datetime",
            "comment-id",
            "author-id",
            "agrees",
            "disagrees",
            "moderated",
            "comment-body",
        ]
    )
    for statement in statements:
        stamp, text_time = _polis_time(statement.created_at)
        count = counts.get(statement.pk, {1: 0, -1: 0, 0: 0})
        writer.writerow(
            [
                stamp,
                text_time,
                statement.pk,
                statement.author_id,
                count[1],
                count[-1],
                STATE_TO_POLIS[statement.state],
                statement.text,
            ]
        )

    votes = io.StringIO()
    writer = _polis_csv(votes)
    writer.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
    for created_at, statement_id, participant_id, value in (
        VoteEvent.objects.filter(dialog=dialog, statement__state=StatementState.APPROVED)
        .order_by("created_at", "pk")
        .values_list("created_at", "statement_id", "participant_id", "value")
        .iterator(chunk_size=10_000)
    ):
        stamp, text_time = _polis_time(created_at)
        writer.writerow([stamp, text_time, statement_id, participant_id, value])

    groups: dict[int, int] = {}
    for analysis in Analysis.objects.filter(dialog=dialog):
        for group in analysis.summary.get("groups", []):
            for member in group.get("members", []):
                groups[member] = group["id"]
    authored: dict[int, int] = {}
    for statement in statements:
        if statement.author_id:
            authored[statement.author_id] = authored.get(statement.author_id, 0) + 1

    participants_votes = io.StringIO()
    writer = _polis_csv(participants_votes)
    writer.writerow(
        ["participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]
        + [statement.pk for statement in statements]
    )
    participant_ids = sorted(set(matrix) | set(authored))
    for participant_id in participant_ids:
        row_votes = matrix.get(participant_id, {})
        values = list(row_votes.values())
        writer.writerow(
            [
                participant_id,
                "",
                groups.get(participant_id, ""),
                authored.get(participant_id, 0),
                len(values),
                values.count(1),
                values.count(-1),
            ]
            + [row_votes.get(statement.pk, "") for statement in statements]
        )

    summary = io.StringIO()
    writer = _polis_csv(summary)
    url = dialog.public_url()
    group_count = max(
        (len(a.summary.get("groups", [])) for a in Analysis.objects.filter(dialog=dialog)),
        default=0,
    )
    for key, value in [
        ("topic", dialog.question),
        ("url", url),
        ("views", len(participant_ids)),
        ("voters", len(matrix)),
        ("voters-in-conv", len(matrix)),
        ("commenters", len(authored)),
        ("comments", len(statements)),
        ("groups", group_count),
        ("conversation-description", dialog.description),
    ]:
        writer.writerow([key, value])
    return {
        "comments.csv": comments.getvalue(),
        "votes.csv": votes.getvalue(),
        "participants-votes.csv": participants_votes.getvalue(),
        "summary.csv": summary.getvalue(),
    }


def export_polis_zip(*, dialog: Dialog) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in export_polis(dialog=dialog).items():
            archive.writestr(f"{dialog.slug}/{name}", content)
    return buffer.getvalue()
