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
from fellesloft.core.models import Named
from fellesloft.core.policy import field
from fellesloft.mission.models import NeedTheme, ReferenceTerm
from fellesloft.organisations.models import Organisation, Sector


class BarrierCategory(ReferenceTerm):
    """The kind of condition that stops the work; the mission lead edits the list."""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("barrierekategori")
        verbose_name_plural = _("barrierekategorier")


class RecipientKind(models.TextChoices):
    PARTNERSHIP = "partnership", _("Partnerskap")
    MINISTRY = "ministry", _("Departement")
    DIRECTORATE = "directorate", _("Direktorat")
    STATE_ADMINISTRATOR = "state_administrator", _("Statsforvalteren")
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
        ordering = ["kind", "name"]


class BarrierTheme(Named):
    """A group of barriers that go up together in one escalation package."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tema for eskalering")
        verbose_name_plural = _("temaer for eskalering")
        ordering = ["order", "name"]


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


class AnswerOutcome(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Delvis")
    NO = "no", _("Nei")
    PENDING = "pending", _("Under vurdering")


# Statuses in which the barrier is still open for endorsements and the workflow.
OPEN_STATUSES = (Status.REPORTED, Status.UNDER_REVIEW, Status.ESCALATED, Status.ANSWERED)


class Barrier(models.Model):
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

    def __str__(self) -> str:
        return self.title

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


class BarrierTransition(models.Model):
    """One step of the workflow, for the barrier's public history."""

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, choices=Status.choices)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    summary = models.TextField(_("hva skjedde"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("statusendring")
        verbose_name_plural = _("statusendringer")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.barrier}: {self.from_status} → {self.to_status}"


# The example is left out of the audit trail: it may hold personal data until it is edited away.
auditlog.register(
    Barrier,
    m2m_fields={"sectors", "need_themes", "experiments", "sprints", "dialogs"},
    exclude_fields=["example"],
)
for _model in (BarrierCategory, Recipient, BarrierTheme, Endorsement, BarrierNote):
    auditlog.register(_model)
