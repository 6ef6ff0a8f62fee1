"""Notifications: who follows a barrier, who screens held ones, and the messages they get."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fellesloft.accounts.models import GlobalRole, User
from fellesloft.barriers.models import Barrier, Notification
from fellesloft.barriers.services._common import _n
from fellesloft.barriers.signals import notifications_stored


def followers(barrier: Barrier) -> list[User]:
    """The reporter and the people who said «gjelder oss også»."""
    user_ids = set(
        barrier.endorsements.exclude(endorsed_by=None).values_list("endorsed_by_id", flat=True)
    )
    if barrier.reported_by_id:
        user_ids.add(barrier.reported_by_id)
    return list(User.objects.filter(pk__in=user_ids, is_active=True))


def mission_leads() -> list[User]:
    """The people who screen held barriers: the mission leads, else the superusers."""
    active = User.objects.filter(is_active=True).order_by("pk")
    leads = list(active.filter(global_role=GlobalRole.MISSION_LEAD))
    return leads or list(active.filter(is_superuser=True))


def _notify_mission_leads_of_hold(barrier: Barrier, *, actor: User | None) -> list[Notification]:
    """A held barrier waits for the mission lead; tell them, or it waits unseen."""
    text = _n(
        "«%(title)s» fra %(organisation)s er holdt tilbake fordi eksempelet ser ut til å "
        "inneholde personopplysninger (%(what)s). Se over og frigi den."
    ) % {
        "title": barrier.title,
        "organisation": barrier.reporting_organisation.name,
        "what": barrier.held_reason,
    }
    users = [user for user in mission_leads() if actor is None or user.pk != actor.pk]
    return notify(users=users, text=text, link=reverse("barriers:detail", args=[barrier.pk]))


def _notify_followers(
    barrier: Barrier, *, actor: User, text: str, recipients: list[User] | None = None
) -> list[Notification]:
    link = reverse("barriers:detail", args=[barrier.pk])
    users = recipients if recipients is not None else followers(barrier)
    return notify(users=[user for user in users if user.pk != actor.pk], text=text, link=link)


def notify(*, users: Iterable[User], text: str, link: str = "") -> list[Notification]:
    """Stores the notifications and e-mails them in the background once the change is saved."""
    notifications = Notification.objects.bulk_create(
        [Notification(recipient=user, text=text[:500], link=link) for user in users]
    )
    ids = [notification.pk for notification in notifications]
    if ids:
        transaction.on_commit(
            lambda: notifications_stored.send(sender=Notification, notification_ids=ids)
        )
    return notifications


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    if not notification.is_read:
        notification.is_read = True
        notification.save(update_fields=["is_read"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, is_read=False).update(is_read=True)


@transaction.atomic
def notifications_mark_emailed(
    *, notification_ids: list[int], now: datetime.datetime | None = None
) -> int:
    """Records that these notifications were e-mailed (the e-mail task). Returns how many
    rows changed."""
    return Notification.objects.filter(pk__in=notification_ids).update(
        emailed_at=now or timezone.now()
    )
