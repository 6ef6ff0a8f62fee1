"""Notifications for every part of the product, who follows what («Følg»), and comments.

The domain apps build on this app, never the other way round: an object is pointed at with a
generic relation (content type and id), and the apps tell the registry (registry.py) which of
their kinds of object may be followed or commented on and who may see them.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about; the person chooses per kind whether it comes by e-mail."""

    CHANGE = "change", _("Endringer i noe jeg følger")
    COMMENT = "comment", _("Kommentarer på noe jeg følger eller er med på")
    BARRIER = "barrier", _("Systembarrierer jeg har meldt eller sagt «gjelder oss også» til")
    SCREENING = "screening", _("Barrierer som holdes tilbake og venter på gjennomgang")
    MODERATION = "moderation", _("Utsagn som har ventet lenge på moderering")


class Notification(models.Model):
    """A message to one person in the application (also sent by e-mail if they want it)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("tekst"), max_length=500)
    url = models.CharField(_("lenke"), max_length=300, blank=True)
    # What it is about: asked again before the e-mail goes, so nobody hears of an object they
    # may no longer see.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_newest"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailChoice(models.Model):
    """Whether one person wants one kind of notification by e-mail. No row: yes (the default,
    as the barrier notifications always were)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_emails"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    by_email = models.BooleanField(_("på e-post"), default=True)

    class Meta:
        verbose_name = _("valg av e-postvarsel")
        verbose_name_plural = _("valg av e-postvarsler")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="email_choice_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.by_email}"


class Follow(models.Model):
    """«Følg»: the person hears of the object's changes and comments."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    followed = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("følger")
        verbose_name_plural = _("følgere")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_once"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_object")]

    def __str__(self) -> str:
        return f"{self.user} → {self.content_type.model} {self.object_id}"


class Comment(models.Model):
    """A comment on an experiment or a learning card, so another municipality can ask."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    about = GenericForeignKey("content_type", "object_id")
    # A comment stays when its author's account is deleted on request, as «slettet bruker».
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    text = models.TextField(_("kommentar"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="comment_object")]

    def __str__(self) -> str:
        return self.text[:80]


auditlog.register(Comment)
