"""Storing notifications, marking them read and e-mailed, and each person's e-mail choices."""

import datetime
from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.core.exceptions import ServiceError
from fellesloft.notifications import registry, selectors
from fellesloft.notifications.models import EmailChoice, Kind, Notification
from fellesloft.notifications.signals import notifications_stored


def in_site_language(text: Callable[[], str]) -> str:
    """Notification texts are written in Norwegian whatever language the actor uses:
    `text` builds the message (gettext and the labels in it) in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text())


def notify(
    *,
    users: Iterable[User],
    kind: str,
    text: str,
    url: str = "",
    about: Model | None = None,
) -> list[Notification]:
    """Stores one notification per person and e-mails them in the background once the change
    is saved. About an object (`about`), only to those its app's policy lets see it now; the
    link is then the object's page unless `url` says otherwise."""
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    if about is not None and registry.entry_for(about) is None:
        raise ValueError(f"{type(about).__name__} is not registered as followable.")
    recipients: dict[int, User] = {}
    for user in users:
        if (
            user.is_active
            and user.pk not in recipients
            and (about is None or registry.may_see(user, about))
        ):
            recipients[user.pk] = user
    if not recipients:
        return []
    about_fields = {}
    if about is not None:
        about_fields = {
            "content_type": ContentType.objects.get_for_model(about),
            "object_id": about.pk,
        }
        url = url or registry.url_of(about)
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind=kind, text=text[:500], url=url, **about_fields)
            for user in recipients.values()
        ]
    )
    ids = [notification.pk for notification in notifications]
    transaction.on_commit(
        lambda: notifications_stored.send(sender=Notification, notification_ids=ids)
    )
    return notifications


def notify_followers(
    *,
    about: Model,
    text: str,
    kind: str = Kind.CHANGE,
    actor: User | None = None,
    also: Iterable[User] = (),
) -> list[Notification]:
    """Tells the object's followers (and `also`, e.g. a barrier's reporter) of a change; the
    person who made it is not told of their own change."""
    users = [*selectors.followers_of(about), *also]
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return notify(
        users=[user for user in users if user.pk != actor_id], kind=kind, text=text, about=about
    )


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notifications_mark_emailed(
    *, notification_ids: list[int], now: datetime.datetime | None = None
) -> int:
    """Records that these notifications were e-mailed (the e-mail task). Returns how many
    rows changed."""
    return Notification.objects.filter(pk__in=notification_ids).update(
        emailed_at=now or timezone.now()
    )


@transaction.atomic
def email_choices_save(*, user: User, by_email: Mapping[str, bool]) -> dict[str, bool]:
    """Stores, per kind, whether the person wants it by e-mail."""
    unknown = set(by_email) - set(Kind.values)
    if unknown:
        raise ServiceError(
            _("Ukjent type varsel: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))}
        )
    for kind, wanted in by_email.items():
        EmailChoice.objects.update_or_create(
            user=user, kind=kind, defaults={"by_email": bool(wanted)}
        )
    return selectors.email_choices_of(user=user)
