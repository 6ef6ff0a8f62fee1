from functools import cached_property

from fellesloft.notifications.selectors import unread_notification_count


class UnreadNotifications:
    """The header's count, asked of the database once, and only by a page that shows it."""

    def __init__(self, user):
        self._user = user

    @cached_property
    def count(self) -> int:
        return unread_notification_count(user=self._user)


def unread_notifications(request) -> dict:
    return {"unread_notifications": UnreadNotifications(request.user)}
