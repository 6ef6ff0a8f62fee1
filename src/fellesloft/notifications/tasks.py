"""Background work: e-mail for notifications, sent by the task worker, not the web request.

The services announce stored notifications by a signal (signals.py), since this task calls the
services; the receiver at the end enqueues the e-mails. The app's ready() loads this module.
Before each e-mail the task asks again what the person chose for that kind, and whether they
may still see what it is about (a barrier may have been held, a card withdrawn since).
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.dispatch import receiver
from django.urls import reverse
from django_tasks import task

from fellesloft.notifications import registry, services, signals
from fellesloft.notifications.models import EmailChoice, Kind, Notification

REASONS = {
    Kind.CHANGE: "Du får denne e-posten fordi du følger saken.",
    Kind.COMMENT: "Du får denne e-posten fordi du følger saken eller er med i teamet.",
    Kind.BARRIER: "Du får denne e-posten fordi du meldte barrieren, sa «Gjelder oss også» "
    "eller følger den.",
    Kind.SCREENING: "Du får denne e-posten fordi du er oppdragsleder og ser over barrierer "
    "som holdes tilbake.",
}


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Sends one e-mail per notification that has not been e-mailed, to those who want that
    kind by e-mail and may still see what it is about; returns how many were sent."""
    candidates = (
        Notification.objects.select_related("recipient", "content_type")
        .filter(pk__in=notification_ids, emailed_at__isnull=True, recipient__is_active=True)
        .exclude(recipient__email="")
    )
    declined = set(
        EmailChoice.objects.filter(
            user__in=candidates.values("recipient"), by_email=False
        ).values_list("user_id", "kind")
    )
    notifications = [
        notification
        for notification in candidates
        if (notification.recipient_id, notification.kind) not in declined
        and _still_visible(notification)
    ]
    if not notifications:
        return 0
    messages = [
        EmailMessage(
            subject=f"Fellesløft: {_subject(notification.text)}",
            body=_body(notification),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient.email],
        )
        for notification in notifications
    ]
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    services.notifications_mark_emailed(notification_ids=[n.pk for n in notifications])
    return sent


def _still_visible(notification: Notification) -> bool:
    if notification.content_type_id is None:
        return True
    about = notification.about
    return about is not None and registry.may_see(notification.recipient, about)


def _subject(text: str) -> str:
    first_line = text.splitlines()[0] if text else ""
    return first_line if len(first_line) <= 120 else first_line[:119] + "…"


def _body(notification: Notification) -> str:
    lines = [f"Hei {notification.recipient.get_short_name()},", "", notification.text]
    if notification.url:
        lines += ["", f"Se saken: {settings.SITE_URL}{notification.url}"]
    lines += [
        "",
        REASONS.get(notification.kind, ""),
        "Du velger selv hvilke varsler du får på e-post: "
        f"{settings.SITE_URL}{reverse('notifications:email_choices')}",
        f"Alle varslene dine: {settings.SITE_URL}{reverse('notifications:list')}",
        "",
        "Hilsen Fellesløft",
    ]
    return "\n".join(lines)


@receiver(signals.notifications_stored, dispatch_uid="notifications.tasks.send_notification_emails")
def _on_notifications_stored(sender, *, notification_ids: list[int], **kwargs) -> None:
    send_notification_emails.enqueue(notification_ids)
