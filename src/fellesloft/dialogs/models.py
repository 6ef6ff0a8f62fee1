"""Co-creation dialogs and future workshops: statements, votes, anonymous participants.

A participant is a random token (only its hash is stored) with an optional, coarse
self-description (sector or «ungdom», age band) – never a name. Votes are one row per
participant and statement (the latest wins); every change is also kept in `VoteEvent`.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fellesloft.core.choices import PARTICIPANT_AGE_BANDS, choices_of
from fellesloft.core.choices import AgeBand as AgeBand  # re-exported: the services check with it
from fellesloft.core.fields import optional_link
from fellesloft.core.models import Timestamped, Titled
from fellesloft.dialogs import participation
from fellesloft.dialogs.participation import StatementState, VoteValue
from fellesloft.organisations.models import Municipality, Organisation, Sector


class Audience(models.TextChoices):
    YOUTH = "youth", _("Ungdom")
    PROFESSIONALS = "professionals", _("Fagpersoner")
    ALL = "all", _("Alle")


class DialogKind(models.TextChoices):
    DIALOG = "dialog", _("Samskapingsdialog")
    FUTURE_WORKSHOP = "future_workshop", _("Fremtidsverksted")


class Phase(models.TextChoices):
    """The phases of a future workshop. Plain dialogs have no phase (the empty string)."""

    NONE = "", _("Ingen fase")
    CRITIQUE = "critique", _("Kritikkfase")
    FANTASY = "fantasy", _("Fantasifase")
    REALISATION = "realisation", _("Virkeliggjøringsfase")


WORKSHOP_PHASES = [Phase.CRITIQUE, Phase.FANTASY, Phase.REALISATION]


def phase_field(verbose_name=None) -> models.CharField:
    """The phase a dialog is in, or a statement or an analysis belongs to (empty: none)."""
    return models.CharField(
        verbose_name, max_length=20, choices=Phase.choices, blank=True, default=""
    )


DEFAULT_MODERATION_POLICY = _(
    "Alle utsagn leses av en moderator før eller rett etter at de vises. Vi publiserer ikke "
    "utsagn med navn, telefonnumre eller andre opplysninger som kan vise hvem noen er, utsagn "
    "som kan såre eller krenke andre, utsagn som ikke handler om spørsmålet, eller utsagn som "
    "nesten er like et som finnes fra før. Blir utsagnet ditt ikke publisert, ser du hvorfor "
    "under «Utsagnene dine»."
)


class ModerationMode(models.TextChoices):
    BEFORE = "before", _("Før publisering")
    AFTER = "after", _("Etter publisering")


# The highest number of joins per hour from one address that a facilitator may allow.
JOIN_LIMIT_MAX = 20_000


class Dialog(Titled, Timestamped):
    slug = models.SlugField(max_length=80, unique=True)
    # Six characters to type from a poster (participation.new_short_code), set on creation.
    short_code = models.CharField(_("kode"), max_length=12, unique=True, null=True, editable=False)
    title = models.CharField(_("tittel"), max_length=200)
    question = models.CharField(_("spørsmål"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    kind = models.CharField(
        _("type"), max_length=20, choices=DialogKind.choices, default=DialogKind.DIALOG
    )
    current_phase = phase_field(_("gjeldende fase"))
    critique_prompt = models.CharField(_("spørsmål i kritikkfasen"), max_length=300, blank=True)
    fantasy_prompt = models.CharField(_("spørsmål i fantasifasen"), max_length=300, blank=True)
    realisation_prompt = models.CharField(
        _("spørsmål i virkeliggjøringsfasen"), max_length=300, blank=True
    )
    audience = models.CharField(
        _("målgruppe"), max_length=20, choices=Audience.choices, default=Audience.ALL
    )
    statement_max_length = models.PositiveSmallIntegerField(
        _("maks lengde på utsagn"),
        default=participation.STATEMENT_DEFAULT_LIMIT,
        validators=[
            MinValueValidator(participation.STATEMENT_MIN_LIMIT),
            MaxValueValidator(participation.STATEMENT_MAX_LENGTH),
        ],
    )
    moderation_mode = models.CharField(
        _("moderering"),
        max_length=10,
        choices=ModerationMode.choices,
        default=ModerationMode.BEFORE,
    )
    # Shown to participants before they write; empty: the standard policy (DEFAULT_POLICY).
    moderation_policy = models.TextField(_("retningslinjer for moderering"), blank=True)
    # The moderators are reminded when a statement has waited this long; empty: never.
    moderation_reminder_hours = models.PositiveSmallIntegerField(
        _("påminnelse når utsagn har ventet (timer)"),
        null=True,
        blank=True,
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
    )
    moderation_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    participants_may_add = models.BooleanField(_("deltakerne kan skrive egne utsagn"), default=True)
    ask_sector = models.BooleanField(_("spør om rolle eller sektor"), default=True)
    ask_age_band = models.BooleanField(_("spør om aldersgruppe"), default=True)
    results_public = models.BooleanField(_("deltakerne kan se resultatene"), default=False)
    opens_at = models.DateTimeField(_("åpner"), null=True, blank=True)
    closes_at = models.DateTimeField(_("stenger"), null=True, blank=True)
    retention_days = models.PositiveSmallIntegerField(
        _("dager før deltakeropplysninger slettes etter stenging"),
        default=30,
        validators=[MaxValueValidator(365)],
    )
    # Empty: DIALOGS_JOIN_LIMIT_PER_HOUR. Raised for an event where many share one network.
    join_limit_per_hour = models.PositiveIntegerField(
        _("nye deltakere per time fra én nettadresse"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(JOIN_LIMIT_MAX)],
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="dialogs",
        verbose_name=_("ansvarlig organisasjon"),
    )
    municipality = optional_link(Municipality, related_name="dialogs", verbose_name=_("kommune"))
    created_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    imported_from = models.CharField(_("importert fra"), max_length=300, blank=True)
    participant_data_purged_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the followers were last told: "open", "closed" or nothing yet (services: announce).
    announced_state = models.CharField(max_length=6, blank=True, editable=False)

    class Meta:
        verbose_name = _("dialog")
        verbose_name_plural = _("dialoger")
        ordering = ["-created_at"]

    @property
    def is_future_workshop(self) -> bool:
        return self.kind == DialogKind.FUTURE_WORKSHOP

    # The open window is defined once, for objects, filters and SQL, in `participation`.
    def is_open(self, now=None) -> bool:
        return participation.is_open(self, now)

    def has_closed(self, now=None) -> bool:
        return participation.has_closed(self, now)

    def has_opened(self, now=None) -> bool:
        return participation.has_opened(self, now)

    # The words beside the dialog's dates, by tense: «Stenger 3. januar» while it is open,
    # «Stengt 3. januar» once it has closed. Every page, the PDF and the list use these.
    def opening_label(self, now=None) -> str:
        return _("Åpnet") if self.has_opened(now) else _("Åpner")

    def closing_label(self, now=None) -> str:
        return _("Stengt") if self.has_closed(now) else _("Stenger")

    def window_status(self, now=None) -> participation.DialogStatus:
        return participation.window_status(self, now)

    def status_label(self, now=None) -> str:
        return self.window_status(now).label

    def public_url(self) -> str:
        """The address young people open (share link, QR code, poster, exports)."""
        return settings.SITE_URL + reverse("dialogs:participate", kwargs={"slug": self.slug})

    @property
    def moderation_policy_text(self) -> str:
        return self.moderation_policy or str(DEFAULT_MODERATION_POLICY)

    @property
    def current_prompt(self) -> str:
        prompts = {
            Phase.CRITIQUE: self.critique_prompt,
            Phase.FANTASY: self.fantasy_prompt,
            Phase.REALISATION: self.realisation_prompt,
        }
        return prompts.get(self.current_phase) or self.question


class Participant(models.Model):
    """An anonymous participant (or a logged-in staff member taking part).

    `token_hash` is the SHA-256 of the random token kept in the participant's cookie; it and
    the self-description are deleted `retention_days` after the dialog closes.
    """

    dialog = models.ForeignKey(Dialog, on_delete=models.CASCADE, related_name="participants")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    user = optional_link(settings.AUTH_USER_MODEL, related_name="dialog_participations")
    sector = optional_link(Sector, verbose_name=_("rolle/sektor"))
    age_band = models.CharField(
        _("aldersgruppe"), max_length=8, choices=choices_of(PARTICIPANT_AGE_BANDS), blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("deltaker")
        verbose_name_plural = _("deltakere")
        constraints = [
            models.UniqueConstraint(
                fields=["dialog", "user"],
                condition=models.Q(user__isnull=False),
                name="dialogs_one_participant_per_user",
            )
        ]
        indexes = [models.Index(fields=["dialog", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk}"


class RejectionCategory(models.TextChoices):
    """Why a statement was not published, in words a participant may read (never the
    moderator's own note or name)."""

    PERSONAL_DATA = "personal_data", _("Det inneholdt personopplysninger")
    DUPLICATE = "duplicate", _("Det var nesten likt et utsagn som fantes fra før")
    OFF_TOPIC = "off_topic", _("Det handlet ikke om spørsmålet")
    OFFENSIVE = "offensive", _("Det kunne såre eller krenke andre")
    OTHER = "other", _("Annen grunn")


class Statement(models.Model):
    dialog = models.ForeignKey(Dialog, on_delete=models.CASCADE, related_name="statements")
    phase = phase_field()
    text = models.CharField(_("utsagn"), max_length=participation.STATEMENT_MAX_LENGTH)
    normalised_text = models.CharField(
        max_length=participation.STATEMENT_MAX_LENGTH, db_index=True, editable=False
    )
    author = optional_link(Participant, related_name="statements")
    is_seed = models.BooleanField(_("startutsagn"), default=False)
    state = models.CharField(
        _("status"), max_length=10, choices=StatementState.choices, default=StatementState.PENDING
    )
    # Why the statement waits for a moderator: personal data found, near-duplicate, …
    hold_reason = models.CharField(_("grunn til å holde tilbake"), max_length=300, blank=True)
    duplicate_of = optional_link("self", related_name="+")
    builds_on = optional_link("self", related_name="followed_by", verbose_name=_("bygger på"))
    rejection_reason = models.CharField(_("begrunnelse for avvisning"), max_length=300, blank=True)
    rejection_category = models.CharField(
        _("grunn til avvisning"), max_length=20, choices=RejectionCategory.choices, blank=True
    )
    moderated_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("utsagn")
        verbose_name_plural = _("utsagn")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["dialog", "phase", "state"])]

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    """The latest vote of one participant on one statement."""

    dialog = models.ForeignKey(Dialog, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=VoteValue.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("stemme")
        verbose_name_plural = _("stemmer")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "statement"], name="dialogs_one_vote_per_statement"
            )
        ]
        indexes = [models.Index(fields=["dialog", "statement"])]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.statement_id}: {self.value}"


class VoteEvent(models.Model):
    """Every vote as it was cast, also the ones a later vote replaced (append-only)."""

    dialog = models.ForeignKey(Dialog, on_delete=models.CASCADE, related_name="vote_events")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="vote_events"
    )
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(choices=VoteValue.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["dialog", "created_at"])]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.statement_id}: {self.value} ({self.created_at})"


class Skip(models.Model):
    """A statement the participant skipped: not a vote, but not shown again."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="skips")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "statement"], name="dialogs_one_skip_per_statement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} hoppet over {self.statement_id}"


class Analysis(models.Model):
    """The latest published analysis of a dialog (one per phase), as a JSON snapshot.

    Computed in the background (tasks.py) after votes arrive; pages only read it.
    """

    dialog = models.ForeignKey(Dialog, on_delete=models.CASCADE, related_name="analyses")
    phase = phase_field()
    computed_at = models.DateTimeField()
    votes_counted = models.PositiveIntegerField(default=0)
    last_event_id = models.BigIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict)
    # statement id (as a string) → priority for choosing the next statement
    priorities = models.JSONField(default=dict)
    # the opinion engine's state (`WarmState.to_json`): the next recompute starts from it, so
    # groups keep their letters and their number does not flip (see dialogs/analysis.py)
    engine_state = models.JSONField(default=dict, blank=True)
    # Where each participant of the analysis landed, for «Du er her» on their own results:
    # "p<participant id>" → [x, y, group id, votes counted]; x, y and group are null for one
    # not clustered. Keyed so one participant's entry is read in the database
    # (`selectors.own_places`), never the whole object; shown to that participant only.
    positions = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dialog", "phase"], name="dialogs_one_analysis_per_phase"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dialog_id} {self.phase or '–'} {self.computed_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def position_key(participant_id: int) -> str:
        """A participant's key in `positions` (a key of digits only would be read as a list
        index by the databases' JSON paths)."""
        return f"p{participant_id}"


class OutcomeKind(models.TextChoices):
    EXPERIMENT = "experiment", _("Forsøk startet")
    BARRIER = "barrier", _("Systembarriere meldt")
    DECISION = "decision", _("Vedtak")
    NOT_TAKEN_FURTHER = "not_taken_further", _("Ikke tatt videre")


class DialogOutcome(Titled):
    """«Dette skjedde videre»: what came of a dialog, or of some of its statements or opinion
    groups – an experiment started, a barrier reported, a decision, or «not taken further»
    with the reason. The links to experiments and barriers are named by string, since those
    apps build on dialogs (they read the outcomes through `dialogs.selectors`)."""

    dialog = models.ForeignKey(Dialog, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("hva skjedde"), max_length=20, choices=OutcomeKind.choices)
    experiment = models.ForeignKey(
        "experiments.Experiment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dialog_outcomes",
        verbose_name=_("forsøk"),
    )
    barrier = models.ForeignKey(
        "barriers.Barrier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dialog_outcomes",
        verbose_name=_("systembarriere"),
    )
    title = models.CharField(_("overskrift"), max_length=200)
    text = models.TextField(_("hva skjedde, eller hvorfor ikke"), max_length=2000, blank=True)
    decided_on = models.DateField(_("dato"))
    statements = models.ManyToManyField(
        Statement, blank=True, related_name="outcomes", verbose_name=_("utsagn")
    )
    # Labels of the opinion groups («A», «B» …) of the analysis at the time.
    group_labels = models.JSONField(_("meningsgrupper"), default=list, blank=True)
    created_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dette skjedde videre")
        verbose_name_plural = _("dette skjedde videre")
        ordering = ["-decided_on", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=OutcomeKind.EXPERIMENT, experiment__isnull=False)
                    | ~models.Q(kind=OutcomeKind.EXPERIMENT)
                )
                & (
                    models.Q(kind=OutcomeKind.BARRIER, barrier__isnull=False)
                    | ~models.Q(kind=OutcomeKind.BARRIER)
                ),
                name="dialogs_outcome_links_its_kind",
            )
        ]


class OutcomeSubscription(models.Model):
    """A participant's «Gi meg beskjed om hva som skjer»: the e-mail address, kept apart from
    the token and deleted with the rest of the participant data (`services.purges`)."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="outcome_subscription"
    )
    email = models.EmailField(_("e-postadresse"), max_length=254)
    created_at = models.DateTimeField(default=timezone.now)
    # Outcomes added after this moment are still to be told (the e-mail task moves it on).
    notified_until = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("varsel om hva som skjer")
        verbose_name_plural = _("varsler om hva som skjer")

    def __str__(self) -> str:
        return f"#{self.participant_id}"


auditlog.register(Dialog)
auditlog.register(
    Statement,
    include_fields=["state", "rejection_reason", "rejection_category", "moderated_by"],
)
auditlog.register(DialogOutcome, m2m_fields={"statements"})
