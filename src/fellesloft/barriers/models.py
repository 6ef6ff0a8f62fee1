"""System barriers («systembarrierer»): what stops the work, passed up to the national level.

A barrier is a tracked case. Its status moves only along `TRANSITIONS` (see workflow.py),
each step is written to `BarrierTransition` and the audit log, and the reporter and the
endorsing organisations' people are notified.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fellesloft.core.fields import optional_link
from fellesloft.core.models import CreatedAt, Named, Ranked, StatusChange, Titled, rank_field
from fellesloft.core.ordering import norwegian
from fellesloft.core.policy import field
from fellesloft.mission.models import NeedTheme, ReferenceTerm
from fellesloft.organisations.models import Organisation, Sector


class BarrierCategory(ReferenceTerm):
    """The kind of condition that stops the work; the mission lead edits the list."""

    list_slug = "barrierekategorier"

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("barrierekategori")
        verbose_name_plural = _("barrierekategorier")


class RecipientKind(models.TextChoices):
    PARTNERSHIP = "partnership", _("Partnerskap")
    MINISTRY = "ministry", _("Departement")
    DIRECTORATE = "directorate", _("Direktorat")
    STATE_ADMINISTRATOR = "state_administrator", _("Statsforvalteren")
    REGIONAL = "regional", _("Regionalt nivå")
    OTHER = "other", _("Annen mottaker")


class Recipient(Named):
    """Who a barrier is escalated to: PRI, a ministry, a directorate, Statsforvalteren."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=RecipientKind.choices)
    is_active = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        verbose_name = _("mottaker")
        verbose_name_plural = _("mottakere")
        ordering = ["kind", norwegian("name")]


class BarrierTheme(Ranked, CreatedAt):
    """A group of barriers that go up together in one escalation package."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = rank_field()

    class Meta(Ranked.Meta):
        verbose_name = _("tema for eskalering")
        verbose_name_plural = _("temaer for eskalering")


class Level(models.TextChoices):
    LOCAL = "local", _("Lokal")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("Nasjonal")


class Status(models.TextChoices):
    REPORTED = "reported", _("Meldt")
    UNDER_REVIEW = "under_review", _("Under vurdering")
    ESCALATED = "escalated", _("Eskalert")
    ANSWERED = "answered", _("Besvart")
    RESOLVED = "resolved", _("Løst")
    CLOSED = "closed", _("Lukket")
    MERGED = "merged", _("Slått sammen")


class Assessment(models.TextChoices):
    """The mission lead's screening: where does the barrier really sit?"""

    LOCAL_PRACTICE = "local_practice", _("Lokal praksis")
    REGULATION = "regulation", _("Lov- og regelverk")
    FUNDING = "funding", _("Finansiering")
    ICT_AND_DATA = "ict_and_data", _("IKT-systemer og datadeling")
    ORGANISATION = "organisation", _("Organisering og finansiering")
    CONFIDENTIALITY = "confidentiality", _("Taushetsplikt og informasjonsdeling")
    POLITICAL = "political", _("Politiske prioriteringer")


class AnswerOutcome(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Delvis")
    NO = "no", _("Nei")
    PENDING = "pending", _("Under vurdering")


# Statuses in which the barrier is still open for endorsements and the workflow.
OPEN_STATUSES = (Status.REPORTED, Status.UNDER_REVIEW, Status.ESCALATED, Status.ANSWERED)


class Barrier(Titled):
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    example = models.TextField(
        _("konkret eksempel"),
        blank=True,
        help_text=_(
            "Hva skjedde? Skriv uten navn, fødselsnummer, telefonnummer eller e-post. "
            "Tekst med personopplysninger holdes tilbake til oppdragslederen har sett på den."
        ),
    )
    level = models.CharField(_("nivå"), max_length=16, choices=Level.choices)
    category = models.ForeignKey(
        BarrierCategory,
        on_delete=models.PROTECT,
        related_name="barriers",
        verbose_name=_("kategori"),
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="barriers", verbose_name=_("sektorer som er berørt")
    )
    need_themes = models.ManyToManyField(
        NeedTheme, blank=True, related_name="barriers", verbose_name=_("behovstemaer")
    )
    reporting_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="reported_barriers",
        verbose_name=_("meldt av organisasjon"),
    )
    reported_by = optional_link(settings.AUTH_USER_MODEL, related_name="reported_barriers")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REPORTED
    )
    # Held for the mission lead when the example looks like it holds personal data.
    is_held = models.BooleanField(_("holdt tilbake"), default=False)
    held_reason = models.CharField(_("hvorfor holdt tilbake"), max_length=200, blank=True)

    assessment = models.CharField(
        _("vurdering"), max_length=20, choices=Assessment.choices, blank=True
    )
    theme = optional_link(BarrierTheme, related_name="barriers", verbose_name=_("tema"))
    # Escalation
    recipient = models.ForeignKey(
        Recipient,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="barriers",
        verbose_name=_("mottaker"),
    )
    escalated_on = models.DateField(_("eskalert dato"), null=True, blank=True)
    answer_deadline = models.DateField(_("svarfrist"), null=True, blank=True)
    trial_act_candidate = models.BooleanField(
        _("kandidat for forsøk etter forsøksloven"), default=False
    )
    # Answer
    answer_outcome = models.CharField(
        _("svar"), max_length=16, choices=AnswerOutcome.choices, blank=True
    )
    answer_text = models.TextField(_("svaret"), blank=True)
    answered_on = models.DateField(_("svardato"), null=True, blank=True)
    commitment = models.TextField(_("hva mottakeren forpliktet seg til"), blank=True)
    follow_up_on = models.DateField(_("følges opp"), null=True, blank=True)
    follow_up_reminded_at = models.DateTimeField(
        _("påminnelse om oppfølging sendt"), null=True, blank=True
    )
    # Resolved, closed or merged
    closing_reason = models.TextField(_("begrunnelse"), blank=True)
    merged_into = optional_link(
        "self", related_name="merged_barriers", verbose_name=_("slått sammen med")
    )

    # Where the barrier was met (migration 0003, after the other apps' first migrations).
    experiments = models.ManyToManyField(
        "experiments.Experiment", blank=True, related_name="barriers", verbose_name=_("forsøk")
    )
    sprints = models.ManyToManyField(
        "experiments.Sprint", blank=True, related_name="barriers", verbose_name=_("sprinter")
    )
    dialogs = models.ManyToManyField(
        "dialogs.Dialog", blank=True, related_name="barriers", verbose_name=_("dialoger")
    )

    created_at = models.DateTimeField(_("meldt"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("systembarriere")
        verbose_name_plural = _("systembarrierer")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "answer_deadline"])]

    @property
    def was_escalated(self) -> bool:
        return self.escalated_on is not None

    @property
    def is_public(self) -> bool:
        return IS_PUBLIC.holds(None, self)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        """Computed on read, so the flag can never go stale (see selectors.overdue_q)."""
        return (
            self.status == Status.ESCALATED
            and self.answer_deadline is not None
            and self.answer_deadline < timezone.localdate()
        )


# Escalated barriers are followed up in the open (the public status page); the policy
# (barriers.rules) and every public list use this one definition.
IS_PUBLIC = (
    field("escalated_on__isnull", False) & field("is_held", False) & ~field("status", Status.MERGED)
)


class Endorsement(models.Model):
    """«Gjelder oss også»: another organisation meets the same barrier."""

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="endorsements")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="barrier_endorsements"
    )
    endorsed_by = optional_link(settings.AUTH_USER_MODEL, related_name="barrier_endorsements")
    comment = models.TextField(_("kommentar"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("«gjelder oss også»")
        verbose_name_plural = _("«gjelder oss også»")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["barrier", "organisation"], name="one_endorsement_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.barrier}"


class BarrierNote(models.Model):
    """An internal note: never public, never on the status page or in the national report."""

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("notat"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("internt notat")
        verbose_name_plural = _("interne notater")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.barrier}: {self.text[:40]}"


class BarrierTransition(StatusChange):
    """One step of the workflow, for the barrier's public history."""

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, choices=Status.choices)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    summary = models.TextField(_("hva skjedde"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(StatusChange.Meta):
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.barrier}: {self.from_status} → {self.to_status}"


class StepStatus(models.TextChoices):
    """Where one step of a trial application stands."""

    DRAFT = "draft", _("Utkast")
    SENT = "sent", _("Sendt")
    APPROVED = "approved", _("Godkjent")
    REJECTED = "rejected", _("Avslått")


class TrialApplication(models.Model):
    """An application to run a trial under forsøksloven (see trial_act.py) to get round a
    barrier that is a rule: drafted by the reporting organisation, in the scheme's two steps –
    the preliminary application to the ministry, then the final one adopted by the municipal
    council with a local regulation. The evidence is chosen from what the barrier links to."""

    barrier = models.OneToOneField(
        Barrier, on_delete=models.CASCADE, related_name="trial_application"
    )
    purpose = models.TextField(_("formål med forsøket"), blank=True)
    trial_description = models.TextField(_("hva forsøket går ut på"), blank=True)
    start_date = models.DateField(_("ønsket oppstart"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("varighet i måneder"), default=24)
    extension_months = models.PositiveSmallIntegerField(_("mulig forlengelse i måneder"), default=0)
    evaluation = models.TextField(_("slik blir forsøket evaluert"), blank=True)
    ministry = models.ForeignKey(
        Recipient,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trial_applications",
        verbose_name=_("departement"),
    )
    # Step 1: the preliminary application to the ministry.
    preliminary_status = models.CharField(
        _("status for forhåndssøknaden"),
        max_length=16,
        choices=StepStatus.choices,
        default=StepStatus.DRAFT,
    )
    preliminary_sent_on = models.DateField(_("forhåndssøknad sendt"), null=True, blank=True)
    preliminary_decided_on = models.DateField(_("svar på forhåndssøknaden"), null=True, blank=True)
    # Step 2: the final application, adopted by the council with a local regulation.
    final_status = models.CharField(
        _("status for den endelige søknaden"),
        max_length=16,
        choices=StepStatus.choices,
        default=StepStatus.DRAFT,
    )
    council_adopted_on = models.DateField(_("vedtatt i kommunestyret"), null=True, blank=True)
    local_regulation = models.TextField(_("lokal forskrift for forsøket"), blank=True)
    final_sent_on = models.DateField(_("endelig søknad sendt"), null=True, blank=True)
    final_decided_on = models.DateField(_("svar på den endelige søknaden"), null=True, blank=True)
    # The evidence the drafter chose (the barrier's links and endorsements).
    sprints = models.ManyToManyField(
        "experiments.Sprint", blank=True, related_name="+", verbose_name=_("sprinter")
    )
    learning_cards = models.ManyToManyField(
        "experiments.LearningCard", blank=True, related_name="+", verbose_name=_("læringskort")
    )
    dialogs = models.ManyToManyField(
        "dialogs.Dialog", blank=True, related_name="+", verbose_name=_("dialoger")
    )
    endorsements = models.ManyToManyField(
        Endorsement, blank=True, related_name="+", verbose_name=_("«gjelder oss også»")
    )
    created_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("søknad om forsøk")
        verbose_name_plural = _("søknader om forsøk")

    def __str__(self) -> str:
        return f"{_('Søknad om forsøk')}: {self.barrier}"

    @property
    def is_locked(self) -> bool:
        """The content is final once the final application has gone to the ministry."""
        return self.final_status != StepStatus.DRAFT


class TrialDeviation(models.Model):
    """One provision the trial would deviate from, and how."""

    application = models.ForeignKey(
        TrialApplication, on_delete=models.CASCADE, related_name="deviations"
    )
    law = models.CharField(_("lov"), max_length=200)
    regulation = models.CharField(_("forskrift"), max_length=200, blank=True)
    section = models.CharField(_("paragraf"), max_length=100)
    deviation = models.TextField(_("avviket"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("avvik fra en bestemmelse")
        verbose_name_plural = _("avvik fra bestemmelser")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.law} {self.section}"


# The example is left out of the audit trail: it may hold personal data until it is edited away.
auditlog.register(
    Barrier,
    m2m_fields={"sectors", "need_themes", "experiments", "sprints", "dialogs"},
    exclude_fields=["example"],
)
for _model in (BarrierCategory, Recipient, BarrierTheme, Endorsement, BarrierNote, TrialDeviation):
    auditlog.register(_model)
auditlog.register(
    TrialApplication, m2m_fields={"sprints", "learning_cards", "dialogs", "endorsements"}
)
