"""The evidence a trial application may cite, from what the barrier links to: the sprints
(with their PDSA evaluation) and learning cards of the linked experiments, the linked
dialogs' results (consensus statements and the sector lens of the latest analysis) and the
endorsements from other organisations.

Offered to the drafter only from what the drafter may see, and shown to each reader only
from what that reader may see (the same rules, `core.policy.visible`): an application on an
escalated barrier is public, a sprint evaluation is not. A dialog's results are the dialogs
app's to publish: its results rule (`dialogs.rules.may_see_results`) picks the dialogs, and
its disclosure module (the one source of published figures) gives the consensus and the lens.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from fellesloft.barriers.models import Barrier, Endorsement, TrialApplication
from fellesloft.core.numbers import format_share
from fellesloft.core.ordering import norwegian
from fellesloft.core.policy import visible
from fellesloft.dialogs.disclosure import dialog_results
from fellesloft.dialogs.models import Dialog
from fellesloft.dialogs.rules import may_see_results
from fellesloft.experiments.models import Experiment, LearningCard, Sprint


def _experiment_ids(barrier: Barrier) -> set[int]:
    """The linked experiments and those of the linked sprints."""
    ids = set(barrier.experiments.values_list("pk", flat=True))
    ids.update(barrier.sprints.values_list("experiment_id", flat=True))
    return ids


def sprint_choices(*, barrier: Barrier, user) -> QuerySet[Sprint]:
    """The linked experiments' sprints that have an evaluation, for those who see them."""
    experiments = visible(Experiment.objects.filter(pk__in=_experiment_ids(barrier)), user)
    return (
        Sprint.objects.filter(experiment__in=experiments)
        .filter(Q(evaluated_at__isnull=False) | Q(pk__in=barrier.sprints.values("pk")))
        .select_related("experiment")
        .order_by(norwegian("experiment__title"), "number")
    )


def learning_card_choices(*, barrier: Barrier, user) -> QuerySet[LearningCard]:
    cards = LearningCard.objects.filter(experiment_id__in=_experiment_ids(barrier))
    return (
        visible(cards, user)
        .select_related("experiment")
        .order_by(norwegian("experiment__title"), norwegian("title"))
    )


def dialog_choices(*, barrier: Barrier, user) -> QuerySet[Dialog]:
    return may_see_results.filter(barrier.dialogs.all(), user).order_by(norwegian("title"))


def endorsement_choices(*, barrier: Barrier) -> QuerySet[Endorsement]:
    """Another organisation's «gjelder oss også» is seen by whoever sees the barrier."""
    return barrier.endorsements.select_related("organisation__municipality").order_by(
        "organisation__name"
    )


def evidence_choices(*, barrier: Barrier, user) -> dict[str, QuerySet]:
    return {
        "sprints": sprint_choices(barrier=barrier, user=user),
        "learning_cards": learning_card_choices(barrier=barrier, user=user),
        "dialogs": dialog_choices(barrier=barrier, user=user),
        "endorsements": endorsement_choices(barrier=barrier),
    }


def sprint_label(sprint: Sprint) -> str:
    return f"{sprint.experiment.title} – {sprint}"


# --- What a reader sees -----------------------------------------------------------------------


@dataclass
class DialogEvidence:
    dialog: Dialog
    computed_at: object = None
    consensus_agree: list[str] = field(default_factory=list)
    consensus_disagree: list[str] = field(default_factory=list)
    lens_sectors: list[str] = field(default_factory=list)
    lens_rows: list[tuple[str, list[str]]] = field(default_factory=list)  # (statement, shares)


@dataclass
class Evidence:
    sprints: list[Sprint]
    learning_cards: list[LearningCard]
    dialogs: list[DialogEvidence]
    endorsements: list[Endorsement]

    @property
    def is_empty(self) -> bool:
        return not (self.sprints or self.learning_cards or self.dialogs or self.endorsements)


def _share(cell: dict) -> str:
    if cell.get("agree_share") is None:
        return "–"
    return f"{format_share(cell['agree_share'])} (n={cell['n']})"


def dialog_evidence(dialog: Dialog) -> DialogEvidence:
    """The published results of the dialog's latest analysis (of any phase)."""
    analysed = [result for result in dialog_results(dialog=dialog) if result.analysis]
    if not analysed:
        return DialogEvidence(dialog=dialog)
    latest = max(analysed, key=lambda result: result.analysis.computed_at)
    lens = latest.sector_lens or {}
    return DialogEvidence(
        dialog=dialog,
        computed_at=latest.analysis.computed_at,
        consensus_agree=[item["text"] for item in latest.consensus_agree],
        consensus_disagree=[item["text"] for item in latest.consensus_disagree],
        lens_sectors=[sector["name"] for sector in lens.get("sectors", [])],
        lens_rows=[
            (row["text"], [_share(cell) for cell in row["cells"]])
            for row in lens.get("rows", [])
            if any(cell.get("agree_share") is not None for cell in row["cells"])
        ],
    )


def application_evidence(*, application: TrialApplication, user) -> Evidence:
    """The evidence the drafter chose, as much of it as `user` may see."""
    barrier = application.barrier
    chosen_sprints = application.sprints.values("pk")
    chosen_cards = application.learning_cards.values("pk")
    chosen_dialogs = application.dialogs.values("pk")
    return Evidence(
        sprints=list(sprint_choices(barrier=barrier, user=user).filter(pk__in=chosen_sprints)),
        learning_cards=list(
            learning_card_choices(barrier=barrier, user=user).filter(pk__in=chosen_cards)
        ),
        dialogs=[
            dialog_evidence(dialog)
            for dialog in dialog_choices(barrier=barrier, user=user).filter(pk__in=chosen_dialogs)
        ],
        endorsements=list(
            endorsement_choices(barrier=barrier).filter(
                pk__in=application.endorsements.values("pk")
            )
        ),
    )
