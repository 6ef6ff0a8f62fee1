"""Reads of the learning network.

Who sees which resource, discussion or meeting is decided in rules.py alone: the lists here
start from `core.policy.visible(...)` for the user, never from a filter of their own.
"""

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from fellesloft.core.ordering import norwegian
from fellesloft.core.policy import visible
from fellesloft.learning.models import (
    DigestPreference,
    Discussion,
    MeetingRegistration,
    MeetingTask,
    NetworkMeeting,
    Resource,
)
from fellesloft.learning.rules import is_task_owner
from fellesloft.organisations.rules import municipality_ids_of
from fellesloft.search import queries
from fellesloft.search.models import SearchDocument


def resource_list(*, user, kind: str = "", theme=None) -> QuerySet[Resource]:
    resources = (
        visible(Resource.objects.all(), user)
        .prefetch_related("themes")
        .annotate(question_count=Count("questions", distinct=True))
    )
    if kind:
        resources = resources.filter(kind=kind)
    if theme is not None:
        resources = resources.filter(themes=theme)
    return resources.order_by("kind", "-year", norwegian("title"))


def discussions_visible_to(*, user, resource: Resource | None = None) -> QuerySet[Discussion]:
    """Discussions the user may read (learning.view_discussion): their organisations' and
    those shared with the network."""
    discussions = visible(Discussion.objects.all(), user).select_related("organisation", "resource")
    if resource is not None:
        discussions = discussions.filter(resource=resource)
    return discussions


def _meetings(user) -> QuerySet[NetworkMeeting]:
    return visible(NetworkMeeting.objects.all(), user).select_related("host_municipality")


def _meeting_list(user) -> QuerySet[NetworkMeeting]:
    return _meetings(user).annotate(registration_count=Count("registrations"))


def meeting_list(*, user) -> QuerySet[NetworkMeeting]:
    """The meetings the user may see, each with `registration_count`."""
    return _meeting_list(user)


def meetings_upcoming(*, user, now: datetime | None = None) -> QuerySet[NetworkMeeting]:
    now = now or timezone.now()
    return _meeting_list(user).filter(ends_at__gte=now).order_by("starts_at")


def meetings_past(*, user, now: datetime | None = None) -> QuerySet[NetworkMeeting]:
    now = now or timezone.now()
    return _meeting_list(user).filter(ends_at__lt=now).order_by("-starts_at")


def next_meeting(*, user, now: datetime | None = None) -> NetworkMeeting | None:
    """The next meeting the user may see that has not ended, with `is_registered` (one
    query)."""
    registered = MeetingRegistration.objects.filter(
        meeting=OuterRef("pk"), user_id=user.pk if user.is_authenticated else None
    )
    return (
        _meetings(user)
        .filter(ends_at__gte=now or timezone.now())
        .annotate(is_registered=Exists(registered))
        .order_by("starts_at", "pk")
        .first()
    )


def meeting_detail(*, slug: str, user) -> NetworkMeeting:
    """The meeting, if the user may see it (NetworkMeeting.DoesNotExist otherwise)."""
    return (
        _meetings(user)
        .prefetch_related(
            "themes",
            Prefetch("tasks", queryset=MeetingTask.objects.select_related("owner")),
            "registrations__user",
            "questions__group_answers",
        )
        .get(slug=slug)
    )


def open_tasks_for(*, user) -> QuerySet[MeetingTask]:
    """The user's open tasks, their own and their organisations' (the rule that lets them
    tick a task off)."""
    open_tasks = MeetingTask.objects.filter(is_done=False).select_related("meeting", "organisation")
    return is_task_owner.filter(open_tasks, user)


def learning_feed(*, user, municipality=None, theme=None) -> QuerySet[SearchDocument]:
    return queries.feed(user=user, municipality=municipality, theme=theme)


def digest_items(
    *, preference: DigestPreference, since: datetime, limit: int = 40
) -> list[SearchDocument]:
    """What is new for the preference's user since `since`, in their municipalities and themes.

    With no municipality chosen, the municipalities of the user's organisations count; with
    neither municipalities nor themes, everything new the user may see is included.
    """
    user = preference.user
    municipality_ids = list(preference.municipalities.values_list("pk", flat=True))
    if not municipality_ids:
        municipality_ids = list(municipality_ids_of(user))
    theme_slugs = list(preference.themes.values_list("slug", flat=True))
    items = queries.feed(user=user, since=since)
    if municipality_ids or theme_slugs:
        wanted = Q(pk__in=[])
        for municipality_id in municipality_ids:
            wanted |= queries.in_municipality_q(municipality_id)
        for slug in theme_slugs:
            wanted |= Q(themes__contains=f" {slug} ")
        items = items.filter(wanted)
    return list(items[:limit])
