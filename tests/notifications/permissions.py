"""Every URL of the notification centre, «Følg» and comments, as every role. The world gets
a notification for the member, and the member's comment on the matrix experiment."""

from fellesloft.notifications import services
from fellesloft.notifications.models import Kind
from tests.matrix import Case, everyone, logged_in, only

MANAGERS = {"mission_lead", "superuser"}


def extend_world(world) -> None:
    member = world.users["member"]
    world.extra["member_notification"] = services.notify(
        users=[member], kind=Kind.CHANGE, text="Forsøket har fått ny status.", url="/forsok/"
    )[0]
    world.extra["member_comment"] = services.comment_add(
        author=member, about=world.experiment, text="Hvordan fikk dere med NAV?"
    )


def _own_notification(world):
    return {"pk": world.member_notification.pk}


def _held_barrier(world):
    # Seen by the reporting organisation (the member's) and the mission lead only.
    return {"app_label": "barriers", "model": "barrier", "object_id": world.held_barrier.pk}


def _draft_card(world):
    # A draft: the team (the member) and the mission lead see it; the other coordinator not.
    return {
        "app_label": "experiments",
        "model": "learningcard",
        "object_id": world.draft_card.pk,
    }


ONLY_THE_RECIPIENT = {
    **only({"member"}, 302),
    "other_coordinator": 404,
    "mission_lead": 404,
    "superuser": 404,
}
SEES_THE_HELD_BARRIER = {**only({"member"} | MANAGERS, 302), "other_coordinator": 404}

CASES = [
    Case("notifications:list", logged_in()),
    Case("notifications:open", ONLY_THE_RECIPIENT, kwargs=_own_notification, method="post"),
    Case("notifications:read", ONLY_THE_RECIPIENT, kwargs=_own_notification, method="post"),
    Case("notifications:read_all", logged_in(302), method="post"),
    Case("notifications:email_choices", logged_in()),
    Case("notifications:follow", SEES_THE_HELD_BARRIER, kwargs=_held_barrier, method="post"),
    Case("notifications:unfollow", SEES_THE_HELD_BARRIER, kwargs=_held_barrier, method="post"),
    Case(
        "notifications:comment_add",
        {**only({"member"} | MANAGERS), "other_coordinator": 404},
        kwargs=_draft_card,
    ),
    Case(
        "notifications:comment_delete",
        only({"member"} | MANAGERS, 302),
        kwargs=lambda world: {"pk": world.member_comment.pk},
        method="post",
    ),
    Case("api:me_notifications", {**everyone(), "anonymous": 401}, html=False),
    Case(
        "api:me_notification_read",
        {**ONLY_THE_RECIPIENT, "member": 200, "anonymous": 401},
        kwargs=lambda world: {"notification_id": world.member_notification.pk},
        method="post",
        html=False,
    ),
]
