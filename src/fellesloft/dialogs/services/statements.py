"""Statements: the facilitator's seed statements, participants' own, and moderation."""

import csv
import io
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fellesloft.accounts.models import User
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.screening import describe_findings, describe_personal_data, find_personal_data
from fellesloft.dialogs import participation
from fellesloft.dialogs.models import (
    WORKSHOP_PHASES,
    Dialog,
    ModerationMode,
    Participant,
    Phase,
    RejectionCategory,
    Statement,
    StatementState,
    VoteValue,
)
from fellesloft.dialogs.services._common import (
    DialogClosed,
    _clean_text,
    normalise_statement_text,
    previous_phase,
)
from fellesloft.dialogs.services.analyses import request_analysis
from fellesloft.dialogs.services.votes import TokenVote, votes_write
from fellesloft.notifications import services as notifications
from fellesloft.notifications.models import Kind
from fellesloft.organisations.rules import counting_memberships

MAX_SEED_STATEMENTS = 500
MAX_SEED_CSV_BYTES = 512 * 1024


# --- seed statements --------------------------------------------------------------------------


def parse_seed_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def parse_seed_csv(data: bytes) -> list[str]:
    """Statements from a CSV file: the first column, or the column named «utsagn»/«text».

    Raises ServiceError naming the row when the file cannot be used."""
    if len(data) > MAX_SEED_CSV_BYTES:
        raise ServiceError(_("Filen er for stor (maks 512 kB)."), field="csv_file")
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError(
            _("Filen er ikke en CSV-fil i UTF-8. Lagre den som «CSV UTF-8» og prøv igjen."),
            field="csv_file",
        ) from None
    if "\x00" in content:
        raise ServiceError(_("Filen ser ikke ut som en CSV-fil."), field="csv_file")
    try:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(content), dialect))
    except csv.Error as error:
        raise ServiceError(
            _("CSV-filen kan ikke leses: %(error)s") % {"error": error}, field="csv_file"
        ) from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ServiceError(_("CSV-filen er tom."), field="csv_file")
    column, start = 0, 0
    header = [cell.strip().casefold() for cell in rows[0]]
    for name in ("utsagn", "text", "statement", "tekst"):
        if name in header:
            column, start = header.index(name), 1
            break
    texts = []
    for number, row in enumerate(rows[start:], start=start + 1):
        if column >= len(row) or not row[column].strip():
            raise ServiceError(
                _("Rad %(row)d i CSV-filen mangler utsagnet.") % {"row": number},
                field="csv_file",
            )
        texts.append(row[column].strip())
    return texts


@transaction.atomic
def seed_statements_add(
    *,
    dialog: Dialog,
    texts: list[str],
    phase: str | None = None,
    source: str = "line",
    builds_on: Statement | None = None,
) -> list[Statement]:
    """Adds the facilitator's starting statements – all of them, or none when one is invalid.

    In a future workshop they may build on a statement of the phase before (a fantasy typed
    in from the wall of post-its, answering one critique), which links them in the report."""
    phase = dialog.current_phase if phase is None else phase
    if dialog.is_future_workshop and phase not in WORKSHOP_PHASES:
        raise ServiceError(_("Velg en fase for utsagnene."), field="phase")
    if not dialog.is_future_workshop:
        phase = Phase.NONE
    if builds_on is not None:
        earlier = previous_phase(phase)
        if (
            earlier is None
            or builds_on.dialog_id != dialog.pk
            or builds_on.phase != earlier
            or builds_on.state != StatementState.APPROVED
        ):
            raise ServiceError(
                _("Utsagnene kan bare bygge på et publisert utsagn fra fasen før."),
                field="builds_on",
            )
    if not texts:
        raise ServiceError(_("Skriv minst ett utsagn."), field="texts")
    if len(texts) > MAX_SEED_STATEMENTS:
        raise ServiceError(
            _("Du kan legge inn høyst %(max)d utsagn om gangen.") % {"max": MAX_SEED_STATEMENTS},
            field="texts",
        )
    field = "csv_file" if source == "csv" else "texts"
    label = _("Rad") if source == "csv" else _("Linje")
    existing = set(
        dialog.statements.exclude(state=StatementState.REJECTED).values_list(
            "normalised_text", flat=True
        )
    )
    now = timezone.now()
    statements = []
    for number, raw in enumerate(texts, start=1):
        try:
            text = _clean_text(raw, max_length=dialog.statement_max_length, field=field)
        except ServiceError as error:
            raise ServiceError(f"{label} {number}: {error.message}", field=field) from None
        findings = find_personal_data(text)
        if findings:
            raise ServiceError(
                _("%(label)s %(number)d inneholder personopplysninger (%(what)s).")
                % {"label": label, "number": number, "what": describe_findings(findings)},
                field=field,
            )
        normalised = normalise_statement_text(text)
        if normalised in existing:
            continue  # the same statement twice is one statement
        existing.add(normalised)
        statements.append(
            Statement(
                dialog=dialog,
                phase=phase,
                text=text,
                normalised_text=normalised,
                is_seed=True,
                state=StatementState.APPROVED,
                builds_on=builds_on,
                created_at=now,
            )
        )
    # The search index sees bulk writes itself (fellesloft.search.indexing).
    return Statement.objects.bulk_create(statements)


# --- statements from participants -----------------------------------------------------------


def statement_submitted_message(statement: Statement) -> str:
    """What the participant is told once their statement is in (the API and the form)."""
    if statement.state == StatementState.APPROVED:
        return _("Takk! Utsagnet ditt er publisert.")
    if statement.hold_reason:
        return _("Takk! En moderator ser på utsagnet før det publiseres: %(reason)s") % {
            "reason": statement.hold_reason
        }
    return _("Takk! Utsagnet publiseres når en moderator har godkjent det.")


def find_near_duplicate(*, dialog: Dialog, normalised: str, phase: str) -> Statement | None:
    return (
        dialog.statements.filter(normalised_text=normalised, phase=phase)
        .exclude(state=StatementState.REJECTED)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def statement_submit(
    *,
    participant: Participant,
    text: str,
    builds_on_id: int | None = None,
    now: datetime | None = None,
) -> Statement:
    """A participant's own statement: screened for personal data and near-duplicates, then
    published or held for moderation as the dialog's moderation mode says."""
    dialog = participant.dialog
    if not dialog.is_open(now):
        raise DialogClosed
    if not dialog.participants_may_add:
        raise ServiceError(
            _("I denne dialogen kan deltakerne ikke skrive egne utsagn."), code="not_allowed"
        )
    text = _clean_text(text, max_length=dialog.statement_max_length)
    builds_on = None
    if builds_on_id:
        earlier = previous_phase(dialog.current_phase)
        builds_on = (
            dialog.statements.filter(
                pk=builds_on_id, state=StatementState.APPROVED, phase=earlier
            ).first()
            if earlier and isinstance(builds_on_id, int)
            else None
        )
        if builds_on is None:
            raise ServiceError(_("Ukjent utsagn å bygge på."), field="builds_on")
    normalised = normalise_statement_text(text)
    reasons = []
    findings = find_personal_data(text)
    if findings:
        reasons.append(
            _("Mulige personopplysninger: %(what)s.") % {"what": describe_findings(findings)}
        )
    duplicate = find_near_duplicate(
        dialog=dialog, normalised=normalised, phase=dialog.current_phase
    )
    if duplicate is not None:
        reasons.append(
            _("Nesten likt et utsagn som finnes fra før (nr. %(id)d).") % {"id": duplicate.pk}
        )
    publish = dialog.moderation_mode == ModerationMode.AFTER and not reasons
    statement = Statement.objects.create(
        dialog=dialog,
        phase=dialog.current_phase,
        text=text,
        normalised_text=normalised,
        author=participant,
        state=StatementState.APPROVED if publish else StatementState.PENDING,
        hold_reason=" ".join(str(reason) for reason in reasons),
        duplicate_of=duplicate,
        builds_on=builds_on,
        created_at=now or timezone.now(),
    )
    if publish:
        _author_agrees(statement, now=now)
        phase = dialog.current_phase
        transaction.on_commit(lambda: request_analysis(dialog_id=dialog.pk, phase=phase))
    return statement


def _author_agrees(statement: Statement, *, now: datetime | None = None) -> None:
    """A participant's own statement counts as their agreement, as in Pol.is, from the moment
    it may be voted on – so it is never put to them to vote on. Written like any vote (the
    dialog must be open), and left out when the author's token is gone."""
    author = statement.author
    if author is None or not author.token_hash:
        return
    votes_write(
        votes=[TokenVote(statement.dialog.slug, author.token_hash, statement.pk, VoteValue.AGREE)],
        now=now,
    )


@transaction.atomic
def statement_moderate(
    *,
    statement: Statement,
    moderator,
    approve: bool,
    reason: str = "",
    personal_data: bool = False,
    confirmed: bool = False,
    category: str = "",
) -> Statement:
    """Approves or rejects a statement.

    `personal_data`: rejected because it holds personal data; the text is deleted, whether or
    not the screening found any. `confirmed`: the moderator has confirmed that a statement the
    screening flags may be published anyway; without it such a statement is not approved.
    `category`: why it was rejected, in the words the participant sees (`RejectionCategory`;
    by default personal data, a near-duplicate or «other»)."""
    reason = " ".join((reason or "").split())
    if not approve and personal_data and not reason:
        reason = _("Personopplysninger")
    if not approve and not reason and category in RejectionCategory.values:
        reason = str(RejectionCategory(category).label)  # one click: the reason chosen
    if not approve and not reason:
        raise ServiceError(_("Skriv en begrunnelse for avvisningen."), field="reason")
    if category and category not in RejectionCategory.values:
        raise ServiceError(_("Ukjent grunn til avvisning."), field="category")
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    finding = describe_personal_data(statement.text)  # as the screening finds it today
    if approve and finding and not confirmed:
        raise ServiceError(
            _(
                "Utsagnet kan inneholde personopplysninger (%(what)s). Bekreft at det ikke gjør "
                "det før du godkjenner, eller avvis det."
            )
            % {"what": finding},
            field="confirm",
            code="needs_confirmation",
        )
    statement.state = StatementState.APPROVED if approve else StatementState.REJECTED
    statement.rejection_reason = "" if approve else reason[:300]
    statement.rejection_category = (
        ""
        if approve
        else _rejection_category(
            statement, category=category, personal_data=personal_data or bool(finding)
        )
    )
    statement.moderated_by = moderator
    statement.moderated_at = timezone.now()
    # Personal data must not live on in a rejected text that nobody will see again.
    if not approve and (personal_data or finding):
        statement.text = _("[Fjernet: inneholdt personopplysninger]")
        statement.normalised_text = ""
    statement.save()
    if approve:
        _author_agrees(statement)
    dialog_id, phase = statement.dialog_id, statement.phase
    transaction.on_commit(lambda: request_analysis(dialog_id=dialog_id, phase=phase))
    return statement


def statements_reject_near_duplicates(*, dialog: Dialog, moderator) -> int:
    """Rejects, as near-duplicates, the statements in the dialog's queue that the screening
    found nearly equal to an earlier one – each as `statement_moderate` would, so a text
    with personal data in it is still deleted. Returns how many."""
    waiting = Statement.objects.filter(
        participation.TO_REVIEW, dialog=dialog, duplicate_of__isnull=False
    )
    count = 0
    for statement in waiting.order_by("pk"):
        statement_moderate(
            statement=statement,
            moderator=moderator,
            approve=False,
            category=RejectionCategory.DUPLICATE,
        )
        count += 1
    return count


def dialogs_remind_moderators(now: datetime | None = None) -> int:
    """Reminds the facilitators (the members of the dialog's organisation) of each dialog in
    which a statement has waited longer than the dialog's `moderation_reminder_hours` – at most
    once per that many hours. Returns how many dialogs were reminded. Run by the clock."""
    now = now or timezone.now()
    reminded = 0
    dialogs = list(
        Dialog.objects.filter(moderation_reminder_hours__isnull=False)
        .filter(participation.open_filter(now))
        .select_related("organisation")
    )
    # When each waiting statement came, for all the dialogs in one query (few wait at a time).
    waiting_since: dict[int, list[datetime]] = {}
    for dialog_id, created_at in Statement.objects.filter(
        participation.TO_REVIEW, dialog__in=dialogs
    ).values_list("dialog_id", "created_at"):
        waiting_since.setdefault(dialog_id, []).append(created_at)
    for dialog in dialogs:
        hours = timedelta(hours=dialog.moderation_reminder_hours)
        waiting = sum(created_at <= now - hours for created_at in waiting_since.get(dialog.pk, []))
        if not waiting:
            continue
        if dialog.moderation_reminded_at and dialog.moderation_reminded_at > now - hours:
            continue
        claimed = Dialog.objects.filter(
            pk=dialog.pk, moderation_reminded_at=dialog.moderation_reminded_at
        ).update(moderation_reminded_at=now)
        if not claimed:
            continue
        facilitators = User.objects.filter(
            pk__in=counting_memberships(dialog.organisation.memberships.all()).values("user_id")
        )
        notifications.notify(
            users=facilitators,
            kind=Kind.MODERATION,
            text=notifications.in_site_language(
                lambda dialog=dialog, waiting=waiting: (
                    ngettext(
                        "%(count)d utsagn i «%(title)s» har ventet mer enn %(hours)d timer på "
                        "moderering.",
                        "%(count)d utsagn i «%(title)s» har ventet mer enn %(hours)d timer på "
                        "moderering.",
                        waiting,
                    )
                    % {
                        "count": waiting,
                        "title": dialog.title,
                        "hours": dialog.moderation_reminder_hours,
                    }
                )
            ),
            url=reverse("dialogs:moderation", kwargs={"slug": dialog.slug}),
        )
        reminded += 1
    return reminded


def _rejection_category(statement: Statement, *, category: str, personal_data: bool) -> str:
    if personal_data:
        return RejectionCategory.PERSONAL_DATA
    if category:
        return category
    if statement.duplicate_of_id:
        return RejectionCategory.DUPLICATE
    return RejectionCategory.OTHER
