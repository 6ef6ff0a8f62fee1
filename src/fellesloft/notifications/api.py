"""The person's own notifications in the API: `GET /api/v1/me/notifications` (newest first,
`unread=true` for the unread only) and `POST /api/v1/me/notifications/{id}/read`. With an
API key or the logged-in session; another person's notification is a 404."""

from datetime import datetime

from django.conf import settings
from ninja import Query, Router, Schema

from fellesloft.api.auth import STAFF_AUTH
from fellesloft.api.permissions import permitted_object, require
from fellesloft.api.schemas import Id, Page, one_of
from fellesloft.notifications import selectors, services
from fellesloft.notifications.models import Kind, Notification

router = Router(tags=["Mine varsler"], auth=STAFF_AUTH)
PREFIX = "me"


class NotificationOut(Schema):
    id: int
    kind: one_of(Kind)
    text: str
    url: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_url(notification: Notification) -> str:
        return f"{settings.SITE_URL}{notification.url}" if notification.url else ""


@router.get("/notifications", response=list[NotificationOut], summary="Mine varsler, nyeste først")
def me_notifications(request, page: Query[Page], unread: bool = False):
    require(request, "notifications.view_notifications")
    mine = selectors.notifications_for(user=request.user)
    return page.of(mine.filter(read_at__isnull=True) if unread else mine)


@router.post(
    "/notifications/{int:notification_id}/read",
    response=NotificationOut,
    summary="Merk et varsel som lest",
)
def me_notification_read(request, notification_id: Id):
    notification = permitted_object(
        request,
        "notifications.change_notification",
        Notification,
        pk=notification_id,
        recipient=request.user,
    )
    return services.notification_mark_read(notification=notification)
