"""Cross-sector experiments run in sprints, their support hours and their learning cards.

Invariants that belong to one row live here; every write goes through services.py, which
also checks the rules that span rows (status transitions, overlapping sprints, the budget).
"""

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fellesloft.core.choices import TARGET_AGE_BANDS, AgeBand, choices_of
from fellesloft.core.fields import optional_link
from fellesloft.core.models import (
    CreatedAt,
    HasDetailPage,
    Named,
    StatusChange,
    Timestamped,
    Titled,
)
from fellesloft.core.ordering import norwegian
from fellesloft.mission.models import InnovationArea, MainChallenge, NeedTheme
from fellesloft.organisations.models import Municipality, Organisation

DEFAULT_SUPPORT_HOURS = Decimal("50")


class ExperimentStatus(models.TextChoices):
    IDEA = "idea", _("Idé")
    PLANNING = "planning", _("Planlegging")
    RUNNING = "running", _("Pågår")
    COMPLETED = "completed", _("Avsluttet")
    STOPPED = "stopped", _("Stoppet")


class ExperimentOutcome(models.TextChoices):
    CONTINUE = "continue", _("Videreføres")
    SCALE = "scale", _("Skaleres")
    END = "end", _("Avsluttes")


class Experiment(Titled, HasDetailPage, Timestamped):
    """«Forsøk» – a small cross-sector experiment with a hypothesis, run in sprints."""

    detail_url_name = "experiments:detail"

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="experiments",
        verbose_name=_("vertskommune"),
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="owned_experiments",
        verbose_name=_("eier"),
    )
    title = models.CharField(_("tittel"), max_length=200)
    challenge = models.TextField(
        _("utfordring på tvers"),
        help_text=_("Den konkrete utfordringen som flere sektorer må løse sammen."),
    )
    hypothesis_change = models.TextField(_("Vi tror at …"), max_length=1000)
    hypothesis_target_group = models.CharField(_("… for …"), max_length=300)
    hypothesis_effect = models.TextField(_("… vil gi …"), max_length=1000)
    hypothesis_evidence = models.TextField(_("Vi vet det når …"), max_length=1000)
    main_challenges = models.ManyToManyField(
        MainChallenge, blank=True, related_name="experiments", verbose_name=_("hovedutfordringer")
    )
    innovation_areas = models.ManyToManyField(
        InnovationArea,
        blank=True,
        related_name="experiments",
        verbose_name=_("innovasjonsområder"),
    )
    need_themes = models.ManyToManyField(
        NeedTheme, blank=True, related_name="experiments", verbose_name=_("behovstemaer")
    )
    goals = models.ManyToManyField(
        "mission.Goal",
        blank=True,
        related_name="experiments",
        verbose_name=_("mål i oppdraget"),
        help_text=_("De målbare målene i samfunnsoppdraget som forsøket skal bidra til."),
    )
    indicators = models.ManyToManyField(
        "mission.Indicator",
        blank=True,
        related_name="experiments",
        verbose_name=_("indikatorer"),
        help_text=_("Tallene som vil vise om forsøket virker."),
    )
    age_band = models.CharField(
        _("aldersgruppe"),
        max_length=8,
        choices=choices_of(TARGET_AGE_BANDS),
        default=AgeBand.AGE_15_29,
    )
    youth_involvement = models.TextField(
        _("hvordan unge er involvert"),
        blank=True,
        help_text=_("For eksempel et fremtidsverksted eller en dialog med unge."),
    )
    youth_dialogs = models.ManyToManyField(
        "dialogs.Dialog",
        blank=True,
        related_name="experiments",
        verbose_name=_("dialoger og fremtidsverksteder"),
        help_text=_("Dialogene eller fremtidsverkstedene med unge som forsøket bygger på."),
    )
    start_meeting_date = models.DateField(_("dato for startmøte"), null=True, blank=True)
    end_meeting_date = models.DateField(_("dato for sluttmøte"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ExperimentStatus.choices,
        default=ExperimentStatus.IDEA,
        db_index=True,
    )
    outcome = models.CharField(
        _("utfall"), max_length=16, choices=ExperimentOutcome.choices, blank=True
    )
    stop_reason = models.TextField(_("grunn til stopp"), blank=True)
    status_changed_at = models.DateTimeField(_("status endret"), auto_now_add=True)
    created_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")

    class Meta:
        verbose_name = _("forsøk")
        verbose_name_plural = _("forsøk")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"])]


class ExperimentPartner(models.Model):
    """An organisation in the experiment's team. Its sector counts for «på tvers»."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="experiment_partnerships",
        verbose_name=_("organisasjon"),
    )
    role = models.CharField(_("rolle i forsøket"), max_length=200, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("samarbeidspartner")
        verbose_name_plural = _("samarbeidspartnere")
        ordering = [norwegian("organisation__name")]
        constraints = [
            models.UniqueConstraint(
                fields=["experiment", "organisation"], name="experiment_partner_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} i {self.experiment}"


class ExperimentTeamMember(Named):
    """A person in the team. With a user account they may also write sprints."""

    experiment = models.ForeignKey(
        Experiment, on_delete=models.CASCADE, related_name="team_members"
    )
    user = optional_link(settings.AUTH_USER_MODEL, related_name="experiment_teams")
    name = models.CharField(_("navn"), max_length=150)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisasjon"),
    )
    role = models.CharField(_("rolle"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("teammedlem")
        verbose_name_plural = _("teammedlemmer")
        ordering = [norwegian("name")]


class ExperimentStatusChange(StatusChange):
    """The history of an experiment's status: who moved it, when and why."""

    experiment = models.ForeignKey(
        Experiment, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=ExperimentStatus.choices)
    to_status = models.CharField(max_length=16, choices=ExperimentStatus.choices)
    outcome = models.CharField(max_length=16, choices=ExperimentOutcome.choices, blank=True)
    reason = models.TextField(blank=True)
    changed_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta(StatusChange.Meta):
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.experiment_id}: {self.from_status} → {self.to_status}"


class PdsaDecision(models.TextChoices):
    ADOPT = "adopt", _("Ta i bruk")
    ADAPT = "adapt", _("Juster")
    ABANDON = "abandon", _("Forkast")


class Sprint(Timestamped):
    """A sprint of 2–6 weeks with its PDSA cycle (planlegge – gjennomføre – evaluere –
    korrigere). The evaluation («evaluere») is the initiative's three questions; there is
    no second set of evaluation fields (migration 0004 folded the old ones into them)."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="sprints")
    number = models.PositiveSmallIntegerField(_("nummer"))
    start_date = models.DateField(_("startdato"))
    end_date = models.DateField(_("sluttdato"))
    # Plan
    plan_change = models.TextField(_("endringen vi prøver ut"), blank=True)
    plan_prediction = models.TextField(_("hva vi tror skjer"), blank=True)
    plan_data = models.TextField(_("hvilke data vi samler"), blank=True)
    plan_responsibilities = models.TextField(_("hvem gjør hva"), blank=True)
    # Do
    do_what_happened = models.TextField(_("hva skjedde"), blank=True)
    do_observations = models.TextField(_("observasjoner"), blank=True)
    # Act
    act_decision = models.CharField(
        _("beslutning"), max_length=16, choices=PdsaDecision.choices, blank=True
    )
    act_notes = models.TextField(_("begrunnelse for beslutningen"), blank=True)
    # Study: the initiative's three questions
    what_worked = models.TextField(_("Hva fungerte?"), blank=True)
    what_to_adjust = models.TextField(_("Hva justerer vi?"), blank=True)
    what_to_take_forward = models.TextField(_("Hva tar vi med videre?"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluert"), null=True, blank=True, db_index=True)
    evaluated_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")

    class Meta:
        verbose_name = _("sprint")
        verbose_name_plural = _("sprinter")
        ordering = ["experiment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["experiment", "number"], name="sprint_number_once"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="sprint_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Sprint {self.number}"

    @property
    def is_evaluated(self) -> bool:
        return self.evaluated_at is not None

    @property
    def length_days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class SprintBarrierNote(models.Model):
    """A system barrier noted during a sprint. The barriers app turns it into a barrier;
    until then it is kept here so nothing found along the way is lost."""

    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="barrier_notes")
    text = models.TextField(_("systembarriere"))
    noted_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    noted_at = models.DateTimeField(auto_now_add=True)
    converted_at = models.DateTimeField(_("registrert som barriere"), null=True, blank=True)
    converted_reference = models.CharField(_("referanse til barrieren"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("notert systembarriere")
        verbose_name_plural = _("noterte systembarrierer")
        ordering = ["noted_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class SupportBudget(models.Model):
    """A municipality's support budget (50 hours by default), set by the mission lead."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="support_budget"
    )
    hours = models.DecimalField(
        _("timer"),
        max_digits=6,
        decimal_places=1,
        default=DEFAULT_SUPPORT_HOURS,
        validators=[MinValueValidator(Decimal("0"))],
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")

    class Meta:
        verbose_name = _("støttebudsjett")
        verbose_name_plural = _("støttebudsjetter")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.hours} t"


class SupportKind(models.TextChoices):
    TRAINING = "training", _("Opplæring")
    START_MEETING = "start_meeting", _("Startmøte")
    GUIDANCE = "guidance", _("Veiledning")
    END_MEETING = "end_meeting", _("Sluttmøte")
    EVALUATION = "evaluation", _("Evaluering")


class SupportEntry(CreatedAt):
    """One entry in a municipality's support log."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="support_entries"
    )
    experiment = optional_link(Experiment, related_name="support_entries", verbose_name=_("forsøk"))
    date = models.DateField(_("dato"))
    hours = models.DecimalField(
        _("timer"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    kind = models.CharField(_("type støtte"), max_length=16, choices=SupportKind.choices)
    # Who gave the support: a person (the mission lead's team, a coordinator) and/or the
    # organisation they came from – chosen, not typed, so the log can be counted and followed.
    given_by_person = optional_link(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("gitt av (person)")
    )
    given_by_organisation = optional_link(
        Organisation, related_name="+", verbose_name=_("gitt av (organisasjon)")
    )
    notes = models.TextField(_("notater"), blank=True)
    over_budget_override = models.BooleanField(_("godkjent over budsjett"), default=False)
    override_reason = models.TextField(_("begrunnelse for overskridelse"), blank=True)
    created_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")

    class Meta:
        verbose_name = _("støttetime")
        verbose_name_plural = _("støttelogg")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="support_hours_positive")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.hours} t"

    @property
    def given_by(self) -> str:
        """«Person (organisasjon)», whichever of the two is known."""
        person, organisation = self.given_by_person, self.given_by_organisation
        if person and organisation:
            return f"{person} ({organisation})"
        return str(person or organisation or "")


class LearningCardStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publisert")


class LearningCard(Titled, HasDetailPage, Timestamped):
    """«Læringskort»: hypothesis → observation → learning → decision, shared in the network."""

    detail_url_name = "experiments:card_detail"

    experiment = models.ForeignKey(
        Experiment, on_delete=models.CASCADE, related_name="learning_cards"
    )
    sprint = optional_link(Sprint, related_name="learning_cards", verbose_name=_("sprint"))
    title = models.CharField(_("tittel"), max_length=200)
    hypothesis = models.TextField(_("hypotese"))
    observation = models.TextField(_("observasjon"))
    learning = models.TextField(_("læring"))
    decision = models.TextField(_("beslutning"))
    status = models.CharField(
        max_length=16,
        choices=LearningCardStatus.choices,
        default=LearningCardStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True, db_index=True)
    published_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    # Someone from the experiment whom another municipality may call; only by their own choice.
    contact_person = optional_link(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("kontaktperson")
    )
    created_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")

    class Meta:
        verbose_name = _("læringskort")
        verbose_name_plural = _("læringskort")
        ordering = ["-published_at", "-created_at", "-pk"]


for _model in (
    Experiment,
    ExperimentPartner,
    ExperimentTeamMember,
    ExperimentStatusChange,
    Sprint,
    SprintBarrierNote,
    SupportBudget,
    SupportEntry,
    LearningCard,
):
    auditlog.register(_model)
