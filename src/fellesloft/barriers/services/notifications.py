"""Who hears of a barrier: the people who follow it, and who screens held ones. The messages
themselves are the notifications app's (stored, shown in the centre, e-mailed by choice)."""

from django.db.models import Q

from fellesloft.accounts.models import GlobalRole, User
from fellesloft.barriers.models import Barrier
from fellesloft.barriers.services._common import _n
from fellesloft.notifications import services as notifications
from fellesloft.notifications.models import Kind, Notification
from fellesloft.notifications.selectors import followers_of


def followers(barrier: Barrier) -> list[User]:
    """The reporter, the people who said «gjelder oss også» and those who chose «Følg»."""
    user_ids = set(
        barrier.endorsements.exclude(endorsed_by=None).values_list("endorsed_by_id", flat=True)
    )
    if barrier.reported_by_id:
        user_ids.add(barrier.reported_by_id)
    return list(
        User.objects.filter(
            Q(pk__in=user_ids) | Q(pk__in=followers_of(barrier).values("pk")), is_active=True
        ).order_by("pk")
    )


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
    return notifications.notify(users=users, kind=Kind.SCREENING, text=text, about=barrier)


def _notify_followers(
    barrier: Barrier, *, actor: User, text: str, recipients: list[User] | None = None
) -> list[Notification]:
    """Each follower who may still see the barrier hears of the step (not the one who took
    it)."""
    users = recipients if recipients is not None else followers(barrier)
    return notifications.notify(
        users=[user for user in users if user.pk != actor.pk],
        kind=Kind.BARRIER,
        text=text,
        about=barrier,
    )
