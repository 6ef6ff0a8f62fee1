"""Every write of the notifications app, one module per concern (notifications and e-mail
choices, following, comments), re-exported here. `comments` builds on the other two."""

from fellesloft.notifications.services.comments import (
    COMMENT_MAX_LENGTH,
    comment_add,
    comment_delete,
)
from fellesloft.notifications.services.following import follow_add, follow_remove
from fellesloft.notifications.services.notifications import (
    email_choices_save,
    in_site_language,
    notification_mark_read,
    notifications_mark_all_read,
    notifications_mark_emailed,
    notify,
    notify_followers,
)

__all__ = [
    "COMMENT_MAX_LENGTH",
    "comment_add",
    "comment_delete",
    "email_choices_save",
    "in_site_language",
    "follow_add",
    "follow_remove",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notifications_mark_emailed",
    "notify",
    "notify_followers",
]
