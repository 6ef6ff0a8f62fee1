"""Reads: a person's notifications and e-mail choices, who follows what, the comments."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from fellesloft.accounts.models import User
from fellesloft.notifications.models import Comment, EmailChoice, Follow, Kind, Notification


def notifications_for(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_notification_count(*, user) -> int:
    """One query on the (recipient, read_at) index: the header shows it on every page."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def email_choices_of(*, user) -> dict[str, bool]:
    """Each kind → whether the person wants it by e-mail (yes unless they said no)."""
    chosen = dict(EmailChoice.objects.filter(user=user).values_list("kind", "by_email"))
    return {kind: chosen.get(kind, True) for kind in Kind.values}


def _of(obj: Model) -> dict:
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk}


def followers_of(obj: Model) -> QuerySet[User]:
    user_ids = Follow.objects.filter(**_of(obj)).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk")


def is_following(*, user, obj: Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(user=user, **_of(obj)).exists()


def follower_count(obj: Model) -> int:
    return Follow.objects.filter(**_of(obj)).count()


def comments_on(obj: Model) -> QuerySet[Comment]:
    """The comments on one object, oldest first. The caller has asked whether the person may
    see the object: a comment is seen by whoever sees what it is about."""
    return Comment.objects.filter(**_of(obj)).select_related("author").order_by("created_at", "pk")
