"""Reads for dialogs: the next statement, progress, queues and what the report is built from.

What of the results the public sees is decided in `disclosure`."""

import random
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KeyTransform
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fellesloft.core.ordering import norwegian
from fellesloft.core.policy import visible
from fellesloft.core.screening import describe_personal_data
from fellesloft.dialogs import participation
from fellesloft.dialogs.models import (
    Analysis,
    Dialog,
    DialogOutcome,
    OutcomeKind,
    OutcomeSubscription,
    Participant,
    Phase,
    RejectionCategory,
    Skip,
    Statement,
    StatementState,
    Vote,
)
from fellesloft.dialogs.rules import is_facilitator, may_moderate, may_see_results
from fellesloft.dialogs.services import previous_phase
from fellesloft.opinion.engine import MIN_VOTES

_random = random.SystemRandom()


def dialog_list(*, user) -> QuerySet[Dialog]:
    """The dialogs the user may see (`dialogs.view_dialog`), newest first."""
    return (
        visible(Dialog.objects.all(), user)
        .select_related("organisation", "municipality")
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class OwnPlace:
    """Where a participant is in one phase's published analysis – for their eyes only: their
    opinion group and point on the map, or (`group` None) why they are not on it."""

    group: int | None = None
    x: float | None = None
    y: float | None = None
    # Their votes the analysis counted (None: it was made before they voted), and how many put
    # a participant on the map (all of them when there are fewer statements).
    votes: int | None = None
    needed: int = MIN_VOTES


def own_places(*, participant: Participant) -> dict[str, OwnPlace]:
    """Phase → the participant's place in that phase's analysis, read by its key inside
    `Analysis.positions` in the database: one query, and never the whole object."""
    statements = (
        Statement.objects.filter(
            dialog_id=OuterRef("dialog_id"), phase=OuterRef("phase"), state=StatementState.APPROVED
        )
        .values("dialog_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Analysis.objects.filter(dialog_id=participant.dialog_id)
        .annotate(
            place=KeyTransform(Analysis.position_key(participant.pk), "positions"),
            statements=Subquery(statements),
        )
        .values_list("phase", "place", "statements")
    )
    places = {}
    for phase, place, n_statements in rows:
        needed = min(MIN_VOTES, n_statements or 0)
        if isinstance(place, list) and len(place) == 4:
            x, y, group, votes = place
            places[phase] = OwnPlace(group=group, x=x, y=y, votes=votes, needed=needed)
        else:
            places[phase] = OwnPlace(needed=needed)
    return places


def dialog_by_code(*, code: str) -> Dialog | None:
    """The dialog a short code names; its start page is reached by its link, open or not
    (as the link itself)."""
    code = participation.normalise_short_code(code)
    return Dialog.objects.filter(short_code=code).first() if code else None


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
    statements = (
        votable_statements(dialog=participant.dialog)
        .exclude(pk__in=Vote.objects.filter(participant=participant).values("statement_id"))
        .exclude(pk__in=Skip.objects.filter(participant=participant).values("statement_id"))
    )
    return _pick_statement(participant.dialog, statements, rng)


def first_statement(*, dialog: Dialog, rng: random.Random | None = None) -> Statement | None:
    """What a newcomer sees first, on the page the link opens: `next_statement` for someone
    who has answered nothing yet."""
    return _pick_statement(dialog, votable_statements(dialog=dialog), rng)


def _pick_statement(
    dialog: Dialog, statements: QuerySet[Statement], rng: random.Random | None
) -> Statement | None:
    candidates = list(statements.only("pk", "text", "phase", "dialog_id"))
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


TO_REVIEW = participation.TO_REVIEW  # waiting for a moderator


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


def moderation_log(*, dialog: Dialog) -> QuerySet[Statement]:
    """Every decision a moderator took in the dialog, newest first, with who took it (for the
    facilitators: the queue's «behandlet nylig» and the log as CSV)."""
    return (
        Statement.objects.filter(dialog=dialog, moderated_at__isnull=False)
        .select_related("moderated_by")
        .order_by("-moderated_at", "-pk")
    )


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
        .order_by(norwegian("title"), "pk")
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
    return dialog.experiments.select_related("municipality").order_by(norwegian("title"))


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


# --- «Dette skjedde videre» -----------------------------------------------------------------

# Where the kind of outcome is its own status (no linked object to ask).
_KIND_STATUS = {
    OutcomeKind.DECISION: ("decided", _("Vedtatt")),
    OutcomeKind.NOT_TAKEN_FURTHER: ("not_taken_further", _("Ikke tatt videre")),
}
_TARGET_PAGES = {
    OutcomeKind.EXPERIMENT: ("experiment", "experiments:detail", "experiments.view_experiment"),
    OutcomeKind.BARRIER: ("barrier", "barriers:detail", "barriers.view_barrier"),
}


def _describe_outcome(outcome: DialogOutcome, user) -> DialogOutcome:
    """Adds what the pages and the API show of the linked experiment or barrier – its page
    and status, only to those who may see it – or the kind's own status."""
    outcome.target = None
    outcome.target_url = ""
    outcome.status = None
    outcome.status_label = ""
    if outcome.kind in _KIND_STATUS:
        outcome.status, outcome.status_label = (str(part) for part in _KIND_STATUS[outcome.kind])
        return outcome
    attribute, url_name, permission = _TARGET_PAGES[outcome.kind]
    target = getattr(outcome, attribute)
    if target is not None and user.has_perm(permission, target):
        outcome.target = target
        outcome.target_url = reverse(url_name, args=[target.pk])
        outcome.status = target.status
        outcome.status_label = target.get_status_display()
    return outcome


def dialog_outcomes(*, dialog: Dialog, user) -> list[DialogOutcome]:
    """What came of the dialog, newest first – those the user may see (the dialog's results
    rule, `dialogs.view_dialogoutcome`), each with the published statements it answers."""
    outcomes = (
        visible(DialogOutcome.objects.filter(dialog=dialog), user)
        .select_related("dialog", "experiment", "barrier")
        .prefetch_related(
            Prefetch(
                "statements",
                queryset=Statement.objects.filter(state=StatementState.APPROVED).order_by("pk"),
            )
        )
        .order_by("-decided_on", "-created_at", "-pk")
    )
    return [_describe_outcome(outcome, user) for outcome in outcomes]


def outcome_url(*, outcome: DialogOutcome) -> str:
    """The outcome on the dialog's public page (for the API and the e-mails)."""
    path = reverse("dialogs:participate", kwargs={"slug": outcome.dialog.slug})
    return f"{settings.SITE_URL}{path}#videre-{outcome.pk}"


def outcomes_for_target(*, user, experiment=None, barrier=None) -> list[DialogOutcome]:
    """«Fra dialogen …»: the outcomes that link this experiment or barrier to a dialog, as the
    experiment's and the barrier's pages show them (the dialogs the user may see results of)."""
    if (experiment is None) == (barrier is None):
        raise TypeError("Give an experiment or a barrier.")
    found = DialogOutcome.objects.filter(
        **({"experiment": experiment} if experiment is not None else {"barrier": barrier})
    )
    return list(
        visible(found, user).select_related("dialog").order_by("-decided_on", "-created_at")
    )


@dataclass
class OwnStatement:
    """A statement the participant wrote, what became of it and what followed from it."""

    statement: Statement
    published: bool
    state_label: str
    reason: str  # the rejection category's words, never the moderator's note or name
    outcomes: list[DialogOutcome]


_STATE_LABELS = {
    StatementState.APPROVED: _("Publisert"),
    StatementState.PENDING: _("Venter på moderering"),
    StatementState.REJECTED: _("Ikke publisert"),
}


def participant_statements(*, participant: Participant, user) -> list[OwnStatement]:
    """The participant's own statements (theirs only, found by their token), oldest first."""
    outcomes = dialog_outcomes(dialog=participant.dialog, user=user)
    by_statement: dict[int, list[DialogOutcome]] = {}
    for outcome in outcomes:
        for statement in outcome.statements.all():
            by_statement.setdefault(statement.pk, []).append(outcome)
    own = []
    for statement in Statement.objects.filter(author=participant).order_by("created_at", "pk"):
        rejected = statement.state == StatementState.REJECTED
        own.append(
            OwnStatement(
                statement=statement,
                published=statement.state == StatementState.APPROVED,
                state_label=str(_STATE_LABELS[statement.state]),
                reason=str(RejectionCategory(statement.rejection_category).label)
                if rejected and statement.rejection_category
                else "",
                outcomes=by_statement.get(statement.pk, []),
            )
        )
    return own


def outcome_subscription_of(*, participant: Participant) -> OutcomeSubscription | None:
    return OutcomeSubscription.objects.filter(participant=participant).first()


def outcome_news(*, subscription: OutcomeSubscription) -> list[DialogOutcome]:
    """The outcomes added since the participant was last told, theirs first (those that
    answer a statement they wrote), each flagged `is_about_own`."""
    participant = subscription.participant
    outcomes = list(
        DialogOutcome.objects.filter(
            dialog_id=participant.dialog_id, created_at__gt=subscription.notified_until
        )
        .annotate(own_statements=Count("statements", filter=Q(statements__author=participant)))
        .order_by("-decided_on", "-created_at", "-pk")
    )
    for outcome in outcomes:
        outcome.is_about_own = outcome.own_statements > 0
    return sorted(outcomes, key=lambda outcome: not outcome.is_about_own)


def outcome_statement_choices(*, dialog: Dialog) -> QuerySet[Statement]:
    """The statements a facilitator may link an outcome to: the dialog's published ones."""
    return Statement.objects.filter(dialog=dialog, state=StatementState.APPROVED).order_by(
        "phase", "pk"
    )
