"""A person's part of the notifications app in «Last ned mine data» (see core/profile.py)."""

from fellesloft.core.profile import PersonalRecords
from fellesloft.notifications.models import Comment, EmailChoice, Follow, Notification

PERSONAL_DATA = (
    PersonalRecords(
        "notifications",
        Notification,
        "recipient",
        columns=("kind", "text", "url", "read_at", "emailed_at", "created_at"),
    ),
    PersonalRecords(
        "notification_email_choices", EmailChoice, "user", columns=("kind", "by_email")
    ),
    PersonalRecords(
        "follows", Follow, "user", columns=("content_type__model", "object_id", "created_at")
    ),
    PersonalRecords(
        "comments",
        Comment,
        "author",
        columns=("content_type__model", "object_id", "text", "created_at"),
    ),
)
