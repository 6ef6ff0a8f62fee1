"""A person's part of the notifications app in «Last ned mine data» (see core/profile.py)."""

from fellesloft.core.profile import records
from fellesloft.notifications.models import Comment, EmailChoice, Follow, Notification

PERSONAL_DATA_FIELDS = (
    "notifications.Notification.recipient",
    "notifications.EmailChoice.user",
    "notifications.Follow.user",
    "notifications.Comment.author",
)


def personal_data(*, user) -> dict:
    return {
        "notifications": records(
            Notification.objects.filter(recipient=user),
            "kind",
            "text",
            "url",
            "read_at",
            "emailed_at",
            "created_at",
        ),
        "notification_email_choices": records(
            EmailChoice.objects.filter(user=user), "kind", "by_email"
        ),
        "follows": records(
            Follow.objects.filter(user=user), "content_type__model", "object_id", "created_at"
        ),
        "comments": records(
            Comment.objects.filter(author=user),
            "content_type__model",
            "object_id",
            "text",
            "created_at",
        ),
    }
