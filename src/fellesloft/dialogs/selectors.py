"""Reads for dialogs: the next statement, progress, queues and what the report is built from.

What of the results the public sees is decided in `disclosure`."""

import random
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from fellesloft.core.policy import visible
from fellesloft.core.screening import describe_personal_data
from fellesloft.dialogs import participation
from fellesloft.dialogs.models import (
    Analysis,
    Dialog,
    Participant,
    Phase,
    Skip,
    Statement,
    StatementState,
    Vote,
)
from fellesloft.dialogs.rules import is_facilitator, may_moderate, may_see_results
from fellesloft.dialogs.services import previous_phase

_random = random.SystemRandom()


def dialog_list(*, user) -> QuerySet[Dialog]:
    """The dialogs the user may see (`dialogs.view_dialog`), newest first."""
    return (
        visible(Dialog.objects.all(), user)
        .select_related("organisation", "municipality")
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("-created_at")
    )


def dialogs_of_municipality(*, municipality, user, limit: int) -> list[Dialog]:
    """The municipality's newest dialogs, each flagged `may_see_results` by the results rule
    (`dialogs.rules.may_see_results`): one query, however many dialogs."""
    return list(
        Dialog.objects.filter(municipality=municipality)
        .select_related("organisation")
        .annotate(
            participant_count=Count("participants"),
            may_see_results=ExpressionWrapper(may_see_results.q(user), output_field=BooleanField()),
        )
        .order_by("-created_at")[:limit]
    )


def votable_statements(*, dialog: Dialog) -> QuerySet[Statement]:
    return Statement.objects.filter(participation.votable_filter(dialog))


def next_statement(
    *, participant: Participant, rng: random.Random | None = None
) -> Statement | None:
    """The engine's priority decides (weighted random); before the first analysis exists the
    least-voted statement comes first. Statements the participant voted on or skipped are out."""
    dialog = participant.dialog
    candidates = list(
        votable_statements(dialog=dialog)
        .exclude(pk__in=Vote.objects.filter(participant=participant).values("statement_id"))
        .exclude(pk__in=Skip.objects.filter(participant=participant).values("statement_id"))
        .only("pk", "text", "phase", "dialog_id")
    )
    if not candidates:
        return None
    rng = rng or _random
    priorities = (
        Analysis.objects.filter(dialog=dialog, phase=dialog.current_phase)
        .values_list("priorities", flat=True)
        .first()
    )
    if priorities:
        known = [float(value) for value in priorities.values()]
        # A statement newer than the analysis is shown as eagerly as the most wanted one.
        fresh = max(known) if known else 1.0
        weights = [max(float(priorities.get(str(s.pk), fresh)), 0.0) for s in candidates]
        if sum(weights) > 0:
            return rng.choices(candidates, weights=weights, k=1)[0]
    counts = dict(
        Vote.objects.filter(statement__in=[s.pk for s in candidates])
        .values_list("statement_id")
        .annotate(n=Count("id"))
        .values_list("statement_id", "n")
    )
    fewest = min(counts.get(s.pk, 0) for s in candidates)
    least_voted = [s for s in candidates if counts.get(s.pk, 0) == fewest]
    return least_voted[0] if len(least_voted) == 1 else rng.choice(least_voted)


@dataclass
class Progress:
    voted: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.voted / self.total) if self.total else 100


def participant_progress(*, participant: Participant) -> Progress:
    dialog = participant.dialog
    total = votable_statements(dialog=dialog).count()
    voted = Vote.objects.filter(
        participant=participant,
        statement__phase=dialog.current_phase,
        statement__state=StatementState.APPROVED,
    ).count()
    return Progress(voted=min(voted, total), total=total)


def builds_on_choices(*, dialog: Dialog) -> QuerySet[Statement]:
    """In a future workshop, the earlier phase's statements a new one may build on."""
    earlier = previous_phase(dialog.current_phase)
    if not dialog.is_future_workshop or earlier is None:
        return Statement.objects.none()
    return Statement.objects.filter(
        dialog=dialog, phase=earlier, state=StatementState.APPROVED
    ).order_by("pk")


# Waiting for a moderator: held statements, and in publish-first mode the participants'
# statements that went live without anybody having looked at them yet.
TO_REVIEW = Q(state=StatementState.PENDING) | Q(
    state=StatementState.APPROVED, is_seed=False, moderated_at__isnull=True
)


MODERATION_PAGE_SIZE = 25


def moderation_queue(*, dialogs: QuerySet[Dialog] | None = None) -> QuerySet[Statement]:
    statements = Statement.objects.filter(TO_REVIEW).select_related("dialog", "duplicate_of")
    if dialogs is not None:
        statements = statements.filter(dialog__in=dialogs)
    return statements.order_by("created_at", "pk")


def moderation_page(*, statements: QuerySet[Statement], number) -> Page:
    """One page of the queue; each statement with what the screening finds in it today
    (`personal_data_finding`), which approving it must confirm (`services.statement_moderate`)."""
    page = Paginator(statements, MODERATION_PAGE_SIZE).get_page(number)
    for statement in page:
        statement.personal_data_finding = describe_personal_data(statement.text)
    return page


def dialogs_moderated_by(*, user) -> QuerySet[Dialog]:
    return may_moderate.filter(Dialog.objects.all(), user)


def dialogs_awaiting_moderation(*, user) -> QuerySet[Dialog]:
    """The dialogs the user moderates with statements waiting for a moderator (`TO_REVIEW`,
    the queue's own condition), each with `waiting`, the count (one query)."""
    waiting = (
        Statement.objects.filter(TO_REVIEW, dialog=OuterRef("pk"))
        .order_by()
        .values("dialog")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        dialogs_moderated_by(user=user)
        .annotate(waiting=Subquery(waiting))
        .filter(waiting__gt=0)
        .order_by("title", "pk")
    )


def dialogs_opening_or_closing(*, user, start, end) -> QuerySet[Dialog]:
    """The dialogs the user facilitates that open or close between `start` and `end`."""
    return is_facilitator.filter(
        Dialog.objects.filter(
            Q(opens_at__gte=start, opens_at__lte=end) | Q(closes_at__gte=start, closes_at__lte=end)
        ),
        user,
    ).order_by("pk")


def statement_counts(*, dialog: Dialog) -> QuerySet[Statement]:
    """Every published statement with its vote counts (for the report and the overview)."""
    return (
        Statement.objects.filter(dialog=dialog, state=StatementState.APPROVED)
        .annotate(
            n_agree=Count("votes", filter=Q(votes__value=1)),
            n_disagree=Count("votes", filter=Q(votes__value=-1)),
            n_pass=Count("votes", filter=Q(votes__value=0)),
        )
        .select_related("builds_on")
        .order_by("phase", "pk")
    )


@dataclass
class WorkshopChain:
    critique: Statement
    fantasies: list[tuple[Statement, list[Statement]]]


def workshop_chains(*, statements: list[Statement]) -> list[WorkshopChain]:
    """critique → fantasy → realisation, following `builds_on`."""
    by_parent: dict[int, list[Statement]] = {}
    for statement in statements:
        if statement.builds_on_id:
            by_parent.setdefault(statement.builds_on_id, []).append(statement)
    chains = []
    for statement in statements:
        if statement.phase != Phase.CRITIQUE or statement.pk not in by_parent:
            continue
        fantasies = [
            (fantasy, by_parent.get(fantasy.pk, []))
            for fantasy in by_parent[statement.pk]
            if fantasy.phase == Phase.FANTASY
        ]
        if fantasies:
            chains.append(WorkshopChain(critique=statement, fantasies=fantasies))
    return chains


def linked_experiments(*, dialog: Dialog):
    """The experiments this dialog feeds into (chosen on either side)."""
    return dialog.experiments.select_related("municipality").order_by("title")


def participation_totals(*, dialog: Dialog) -> dict:
    return {
        "participants": Participant.objects.filter(dialog=dialog).count(),
        "voters": Vote.objects.filter(dialog=dialog).values("participant_id").distinct().count(),
        "votes": Vote.objects.filter(dialog=dialog).count(),
        "statements": Statement.objects.filter(
            dialog=dialog, state=StatementState.APPROVED
        ).count(),
        "participant_statements": Statement.objects.filter(
            dialog=dialog, state=StatementState.APPROVED, is_seed=False
        ).count(),
        "pending": Statement.objects.filter(dialog=dialog, state=StatementState.PENDING).count(),
        "to_review": Statement.objects.filter(TO_REVIEW, dialog=dialog).count(),
    }
