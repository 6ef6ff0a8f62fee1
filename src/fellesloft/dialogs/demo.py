"""Demo dialogs: a co-creation dialog in Trondheim with votes and results, a future workshop
in Frøya in its fantasy phase, and a closed youth panel whose «Dette skjedde videre» links to
the demo experiments and barriers (those apps' demos load before this one). Idempotent: a
dialog that exists is left as it is. The content is in `data/demo_dialogs.toml`; this module
reads it into the typed specs below."""

import random
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.utils import timezone

from fellesloft.accounts.models import User
from fellesloft.core import demo_data
from fellesloft.dialogs import services
from fellesloft.dialogs.analysis import compute_analysis
from fellesloft.dialogs.models import (
    Audience,
    Dialog,
    DialogKind,
    ModerationMode,
    OutcomeKind,
    Phase,
    RejectionCategory,
    StatementState,
)
from fellesloft.organisations.models import Municipality, Organisation, Sector

DATA_FILE = "demo_dialogs.toml"


@dataclass(frozen=True)
class DialogSpec:
    """A dialog's own fields, as `services.dialog_create` takes them."""

    title: str
    question: str
    kind: DialogKind
    audience: Audience
    moderation_mode: ModerationMode
    description: str = ""
    results_public: bool = False
    critique_prompt: str = ""
    fantasy_prompt: str = ""
    realisation_prompt: str = ""


@dataclass(frozen=True)
class OwnStatement:
    """A participant's statement that a moderator approves, or rejects with a category."""

    text: str
    rejection_category: RejectionCategory | None = None
    rejection_reason: str = ""


@dataclass(frozen=True)
class Fantasy:
    text: str
    builds_on: int  # the critique statement it builds on, by its index


@dataclass(frozen=True)
class OutcomeSpec:
    """«Dette skjedde videre»: what came of a dialog."""

    kind: OutcomeKind
    title: str
    text: str
    days_ago: int  # when it was decided
    answers: list[int]  # the seed statements it answers, by their index
    linked: str = ""  # the title of the demo experiment or barrier it links to
    group: str = ""  # the opinion group it answers


@dataclass(frozen=True)
class DemoDialog:
    """One demo dialog and what goes in it; each dialog uses the parts its story needs."""

    dialog: DialogSpec
    municipality: str  # its number
    opens_in_days: int | None = None  # counted from now
    closes_in_days: int | None = None
    simulated_voters: int = 0
    seeds: list[str] = field(default_factory=list)
    participant_statements: list[str] = field(default_factory=list)  # as they come in
    own_statements: list[OwnStatement] = field(default_factory=list)  # moderated
    closed_days_ago: int = 0
    outcomes: list[OutcomeSpec] = field(default_factory=list)
    critique: list[str] = field(default_factory=list)  # a future workshop's phases
    fantasy: list[Fantasy] = field(default_factory=list)

    def create(self, *, created_by: User, organisation: Organisation) -> Dialog:
        now = timezone.now()
        return services.dialog_create(
            created_by=created_by,
            organisation=organisation,
            municipality=Municipality.objects.get(number=self.municipality),
            opens_at=_days_after(now, self.opens_in_days),
            closes_at=_days_after(now, self.closes_in_days),
            **asdict(self.dialog),
        )


def _days_after(moment, days: int | None):
    return None if days is None else moment + timedelta(days=days)


def _demo_dialog(name: str, table: dict) -> DemoDialog:
    where = f"{DATA_FILE}, [{name}]"

    def choice(enum, value, what):
        return demo_data.choice(enum, value, where=f"{where}, {what}")

    dialog = table.get("dialog", {})
    return demo_data.build(
        DemoDialog,
        table,
        where=where,
        dialog=demo_data.build(
            DialogSpec,
            dialog,
            where=f"{where}.dialog",
            kind=choice(DialogKind, dialog.get("kind"), "kind"),
            audience=choice(Audience, dialog.get("audience"), "audience"),
            moderation_mode=choice(
                ModerationMode, dialog.get("moderation_mode"), "moderation_mode"
            ),
        ),
        own_statements=[
            demo_data.build(
                OwnStatement,
                statement,
                where=f"{where}, own_statements",
                rejection_category=None
                if "rejection_category" not in statement
                else choice(
                    RejectionCategory, statement["rejection_category"], "rejection_category"
                ),
            )
            for statement in table.get("own_statements", [])
        ],
        outcomes=[
            demo_data.build(
                OutcomeSpec,
                outcome,
                where=f"{where}, outcomes",
                kind=choice(OutcomeKind, outcome.get("kind"), "outcomes, kind"),
            )
            for outcome in table.get("outcomes", [])
        ],
        fantasy=[
            demo_data.build(Fantasy, fantasy, where=f"{where}, fantasy")
            for fantasy in table.get("fantasy", [])
        ],
    )


def demo_dialogs() -> dict[str, DemoDialog]:
    """The demo dialogs in `data/demo_dialogs.toml`, by their name there."""
    content = demo_data.read(__file__, DATA_FILE)
    return {name: _demo_dialog(name, table) for name, table in content.items()}


def _youth_panel(spec: DemoDialog, *, rng: random.Random, organisation, coordinator) -> None:
    """A closed dialog with published results and what came of it (`spec.outcomes`)."""
    now = timezone.now()
    panel = spec.create(created_by=coordinator, organisation=organisation)
    seeds = services.seed_statements_add(dialog=panel, texts=spec.seeds)
    _camp_votes(panel, rng, participants=spec.simulated_voters)
    author = services.participant_create(dialog=panel).participant
    for own in spec.own_statements:
        statement = services.statement_submit(participant=author, text=own.text)
        services.statement_moderate(
            statement=statement,
            moderator=coordinator,
            approve=own.rejection_category is None,
            reason=own.rejection_reason,
            category=own.rejection_category or "",
        )
    compute_analysis(dialog_id=panel.pk, phase="")
    services.dialog_close(dialog=panel, now=now - timedelta(days=spec.closed_days_ago))
    groups = set(services.group_labels_of(panel))
    for outcome in spec.outcomes:
        kind = outcome.kind
        target = None
        model = services.outcome_target_model(kind)
        if model is not None:
            target = model.objects.filter(title=outcome.linked).first()
            if target is None:
                continue  # that app's demo is not there
        services.outcome_create(
            dialog=panel,
            user=coordinator,
            kind=kind,
            title=outcome.title,
            text=outcome.text,
            decided_on=timezone.localdate() - timedelta(days=outcome.days_ago),
            experiment=target if kind == OutcomeKind.EXPERIMENT else None,
            barrier=target if kind == OutcomeKind.BARRIER else None,
            statements=[seeds[index] for index in outcome.answers],
            group_labels=[outcome.group] if outcome.group in groups else [],
        )


def _camp_votes(dialog: Dialog, rng: random.Random, *, participants: int) -> None:
    """Simulated voters: young people and professionals lean different ways on some statements."""
    statements = list(dialog.statements.filter(state=StatementState.APPROVED).order_by("pk"))
    youth = Sector.objects.get(slug="ungdom")
    professions = list(Sector.objects.filter(slug__in=["nav", "skole-oppvekst", "helse"]))
    start = timezone.now() - timedelta(days=6)
    for number in range(participants):
        is_youth = number % 2 == 0
        sector = youth if is_youth else professions[number % len(professions)]
        participant = services.participant_create(
            dialog=dialog,
            sector=sector,
            age_band=rng.choice(["16-19", "20-24"]) if is_youth else "30+",
        ).participant
        moment = start + timedelta(hours=number * 3)
        for index, statement in enumerate(statements):
            if rng.random() < 0.2:
                continue
            lean = 0.8 if (index % 3 == 0) == is_youth else 0.3
            if index in (0, 6):
                lean = 0.9  # what everybody agrees on
            roll = rng.random()
            value = 1 if roll < lean else (0 if roll < lean + 0.1 else -1)
            services.vote_cast(
                participant=participant,
                statement_id=statement.pk,
                value=value,
                now=moment + timedelta(minutes=index),
            )


def load(*, stdout) -> None:
    rng = random.Random(2025)
    content = demo_dialogs()
    coordinator = User.objects.filter(email="koordinator.trondheim@demo.fellesloft.no").first()
    organisation = Organisation.objects.filter(name="Trondheim kommune – oppvekst").first()
    if coordinator is None or organisation is None:
        stdout.write("  Dialoger: hoppet over (organisasjonene mangler)")
        return
    trondheim = content["trondheim"]
    if not Dialog.objects.filter(title=trondheim.dialog.title).exists():
        dialog = trondheim.create(created_by=coordinator, organisation=organisation)
        services.seed_statements_add(dialog=dialog, texts=trondheim.seeds)
        _camp_votes(dialog, rng, participants=trondheim.simulated_voters)
        author = services.participant_create(dialog=dialog).participant
        for text in trondheim.participant_statements:
            services.statement_submit(participant=author, text=text)
        compute_analysis(dialog_id=dialog.pk, phase="")

    panel = content["panel"]
    if not Dialog.objects.filter(title=panel.dialog.title).exists():
        _youth_panel(panel, rng=rng, organisation=organisation, coordinator=coordinator)
    # Opens in a few days: the coordinator's «Mitt arbeid» reminds them to share the link.
    upcoming = content["upcoming"]
    if not Dialog.objects.filter(title=upcoming.dialog.title).exists():
        dialog = upcoming.create(created_by=coordinator, organisation=organisation)
        services.seed_statements_add(dialog=dialog, texts=trondheim.seeds[:3])

    froya_org = Organisation.objects.filter(name="Frøya kommune – oppvekst").first()
    froya_user = User.objects.filter(email="koordinator.froya@demo.fellesloft.no").first()
    workshop = content["workshop"]
    if froya_org and froya_user and not Dialog.objects.filter(title=workshop.dialog.title).exists():
        dialog = workshop.create(created_by=froya_user, organisation=froya_org)
        critiques = services.seed_statements_add(
            dialog=dialog, texts=workshop.critique, phase=Phase.CRITIQUE
        )
        _camp_votes(dialog, rng, participants=workshop.simulated_voters)
        services.dialog_phase_set(dialog=dialog, phase=Phase.FANTASY)
        author = services.participant_create(dialog=dialog).participant
        for fantasy in workshop.fantasy:
            statement = services.statement_submit(
                participant=author, text=fantasy.text, builds_on_id=critiques[fantasy.builds_on].pk
            )
            services.statement_moderate(statement=statement, moderator=froya_user, approve=True)
        compute_analysis(dialog_id=dialog.pk, phase=Phase.CRITIQUE)
        compute_analysis(dialog_id=dialog.pk, phase=Phase.FANTASY)
    stdout.write(f"  Dialoger: {Dialog.objects.count()}")
