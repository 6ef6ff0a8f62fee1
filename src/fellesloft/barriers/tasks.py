"""Background work: e-mail for notifications, sent by the task worker, not the web request.

The services announce stored notifications by a signal (signals.py), since this task calls the
services; the receiver at the end enqueues the e-mails. The app's ready() loads this module.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.dispatch import receiver
from django.urls import reverse
from django_tasks import task

from fellesloft.barriers import services, signals
from fellesloft.barriers.models import Notification


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Sends one e-mail per notification that has not been e-mailed; returns how many."""
    notifications = list(
        Notification.objects.select_related("recipient")
        .filter(pk__in=notification_ids, emailed_at__isnull=True, recipient__is_active=True)
        .exclude(recipient__email="")
    )
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


def _subject(text: str) -> str:
    first_line = text.splitlines()[0] if text else ""
    return first_line if len(first_line) <= 120 else first_line[:119] + "…"


def _body(notification: Notification) -> str:
    lines = [
        f"Hei {notification.recipient.get_short_name()},",
        "",
        notification.text,
    ]
    if notification.link:
        lines += ["", f"Se saken: {settings.SITE_URL}{notification.link}"]
    reason = (
        "Du får denne e-posten fordi du er oppdragsleder og ser over barrierer som holdes "
        "tilbake, eller fordi du følger saken."
        if notification.recipient.is_mission_lead
        else "Du får denne e-posten fordi du meldte barrieren eller sa «Gjelder oss også»."
    )
    lines += [
        "",
        reason,
        f"Alle varslene dine: {settings.SITE_URL}{reverse('barriers:notifications')}",
        "",
        "Hilsen Fellesløft",
    ]
    return "\n".join(lines)


@receiver(signals.notifications_stored, dispatch_uid="barriers.tasks.send_notification_emails")
def _on_notifications_stored(sender, *, notification_ids: list[int], **kwargs) -> None:
    send_notification_emails.enqueue(notification_ids)
