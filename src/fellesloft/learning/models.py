"""The learning network: resources, discussion guides, network meetings and digest
preferences."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fellesloft.core.fields import optional_link
from fellesloft.core.models import CreatedAt, HasDetailPage, Timestamped, Titled, rank_field
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality, Organisation


class ResourceKind(models.TextChoices):
    WEBINAR = "webinar", _("Webinar")
    REPORT = "report", _("Rapport")
    ARTICLE = "article", _("Artikkel")
    PROGRAMME = "programme", _("Program eller satsing")


class Resource(Titled, HasDetailPage, Timestamped):
    """A webinar (with reflection questions) or a report/article in the knowledge base."""

    detail_url_name = "learning:resource_detail"
    detail_url_key = "slug"

    kind = models.CharField(_("type"), max_length=16, choices=ResourceKind.choices)
    title = models.CharField(_("tittel"), max_length=250)
    slug = models.SlugField(max_length=260, unique=True)
    publisher = models.CharField(_("utgiver"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    url = models.URLField(_("lenke"), max_length=500, blank=True)
    video_url = models.URLField(
        _("videoadresse"),
        max_length=500,
        blank=True,
        help_text=_("YouTube- eller Vimeo-adresse. Videoen lastes først når brukeren ber om det."),
    )
    summary = models.TextField(
        _("sammendrag"), blank=True, help_text=_("Skrevet for denne plattformen.")
    )
    themes = models.ManyToManyField(
        NeedTheme, blank=True, related_name="resources", verbose_name=_("behovstema")
    )

    class Meta:
        verbose_name = _("ressurs")
        verbose_name_plural = _("ressurser")
        ordering = ["-created_at", "title"]


class Question(models.Model):
    """A reflection question in its place among the others (a webinar's, a meeting's)."""

    text = models.CharField(_("spørsmål"), max_length=500)
    order = rank_field()

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class ReflectionQuestion(Question):
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="questions", verbose_name=_("ressurs")
    )

    class Meta(Question.Meta):
        verbose_name = _("refleksjonsspørsmål")
        verbose_name_plural = _("refleksjonsspørsmål")


class DiscussionVisibility(models.TextChoices):
    PRIVATE = "private", _("Bare for organisasjonen")
    SHARED = "shared", _("Delt med nettverket")


class Discussion(HasDetailPage, Timestamped):
    """A leadership group's answers to a webinar's reflection questions (the discussion guide)."""

    detail_url_name = "learning:discussion_detail"

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="discussions", verbose_name=_("ressurs")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="learning_discussions",
        verbose_name=_("organisasjon"),
    )
    held_on = models.DateField(_("dato for samtalen"))
    participants = models.CharField(
        _("hvem var med"),
        max_length=300,
        blank=True,
        help_text=_("Roller, ikke navn – for eksempel «ledergruppen i oppvekst»."),
    )
    visibility = models.CharField(
        _("synlighet"),
        max_length=16,
        choices=DiscussionVisibility.choices,
        default=DiscussionVisibility.PRIVATE,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("samtale")
        verbose_name_plural = _("samtaler")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.resource} – {self.organisation}"

    @property
    def is_shared(self) -> bool:
        return self.visibility == DiscussionVisibility.SHARED


class DiscussionAnswer(models.Model):
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        ReflectionQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("svar"), blank=True)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        ordering = ["question__order", "question__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["discussion", "question"], name="learning_one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.text[:60]}"


class NetworkMeeting(Titled, HasDetailPage, Timestamped):
    """A network meeting («nettverkssamling»)."""

    detail_url_name = "learning:meeting_detail"
    detail_url_key = "slug"

    title = models.CharField(_("tittel"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    location = models.CharField(
        _("sted"), max_length=250, blank=True, help_text=_("Adresse eller rom.")
    )
    online_url = models.URLField(_("lenke til nettmøtet"), max_length=500, blank=True)
    host_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_meetings",
        verbose_name=_("vertskommune"),
    )
    agenda = models.TextField(_("program"), blank=True)
    notes = models.TextField(_("referat"), blank=True)
    notes_published_at = models.DateTimeField(null=True, blank=True)
    themes = models.ManyToManyField(
        NeedTheme, blank=True, related_name="network_meetings", verbose_name=_("behovstema")
    )
    capacity = models.PositiveIntegerField(
        _("antall plasser"), null=True, blank=True, help_text=_("Tomt betyr ingen grense.")
    )

    class Meta:
        verbose_name = _("nettverkssamling")
        verbose_name_plural = _("nettverkssamlinger")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["starts_at"])]

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)


class MeetingRegistration(CreatedAt):
    meeting = models.ForeignKey(
        NetworkMeeting, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_registrations"
    )
    # Recorded by the organiser after the meeting; None until then.
    attended = models.BooleanField(_("møtte"), null=True, blank=True)

    class Meta:
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="learning_one_registration")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting}"


class MeetingQuestion(Question):
    """A reflection question the groups at a network meeting discuss."""

    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.CASCADE, related_name="questions")

    class Meta(Question.Meta):
        verbose_name = _("refleksjonsspørsmål på samling")
        verbose_name_plural = _("refleksjonsspørsmål på samlinger")


class MeetingGroupAnswer(CreatedAt):
    """What one group at the meeting answered to a reflection question."""

    question = models.ForeignKey(
        MeetingQuestion, on_delete=models.CASCADE, related_name="group_answers"
    )
    group = models.CharField(
        _("gruppe"), max_length=100, help_text=_("For eksempel «Bord 3» eller «Gruppe Nord».")
    )
    text = models.TextField(_("svar"))
    written_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")

    class Meta:
        verbose_name = _("gruppesvar")
        verbose_name_plural = _("gruppesvar")
        ordering = ["group", "pk"]

    def __str__(self) -> str:
        return f"{self.group}: {self.text[:60]}"


class MeetingTask(Titled, CreatedAt):
    """Something to do before the next meeting, for a person, an organisation or both."""

    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("oppgave"), max_length=300)
    # Emptied when the owner's account is deleted on their request: the task stays, shown
    # as «slettet bruker»'s.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="meeting_tasks",
        verbose_name=_("ansvarlig"),
        blank=True,
    )
    # Assigned to an organisation: each of its members sees it in «Mitt arbeid» and may tick
    # it off.
    organisation = optional_link(
        Organisation, related_name="meeting_tasks", verbose_name=_("ansvarlig organisasjon")
    )
    due_date = models.DateField(_("frist"))
    is_done = models.BooleanField(_("utført"), default=False)

    class Meta:
        verbose_name = _("oppgave")
        verbose_name_plural = _("oppgaver")
        ordering = ["is_done", "due_date", "pk"]


class DigestPreference(models.Model):
    """Whether a user gets the weekly digest, and about which municipalities and themes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    is_subscribed = models.BooleanField(_("motta ukentlig oppsummering"), default=False)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("kommuner")
    )
    themes = models.ManyToManyField(
        NeedTheme, blank=True, related_name="+", verbose_name=_("behovstema")
    )
    last_sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("innstilling for ukeoppsummering")
        verbose_name_plural = _("innstillinger for ukeoppsummering")

    def __str__(self) -> str:
        return str(self.user)


for _model in (
    Resource,
    ReflectionQuestion,
    Discussion,
    DiscussionAnswer,
    NetworkMeeting,
    MeetingRegistration,
    MeetingQuestion,
    MeetingGroupAnswer,
    MeetingTask,
    DigestPreference,
):
    auditlog.register(_model)
