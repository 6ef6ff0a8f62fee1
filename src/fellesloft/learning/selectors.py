"""Reads of the learning network."""

from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from fellesloft.learning.models import (
    DigestPreference,
    Discussion,
    DiscussionVisibility,
    MeetingTask,
    NetworkMeeting,
    Resource,
)
from fellesloft.search import queries
from fellesloft.search.models import SearchDocument


def resource_list(*, kind: str = "", theme=None) -> QuerySet[Resource]:
    resources = Resource.objects.prefetch_related("themes").annotate(
        question_count=Count("questions", distinct=True)
    )
    if kind:
        resources = resources.filter(kind=kind)
    if theme is not None:
        resources = resources.filter(themes=theme)
    return resources.order_by("kind", "-year", "title")


def discussions_visible_to(*, user, resource: Resource | None = None) -> QuerySet[Discussion]:
    """Discussions the user may read: their organisations' and those shared with the network."""
    discussions = Discussion.objects.select_related("organisation", "resource")
    if resource is not None:
        discussions = discussions.filter(resource=resource)
    if not user.is_authenticated:
        return discussions.none()
    if user.is_superuser:
        return discussions
    own = Q(organisation__memberships__user=user)
    if user.global_role or user.memberships.exists():
        own |= Q(visibility=DiscussionVisibility.SHARED)
    return discussions.filter(own).distinct()


def meetings_upcoming(*, now: datetime | None = None) -> QuerySet[NetworkMeeting]:
    now = now or timezone.now()
    return (
        NetworkMeeting.objects.filter(ends_at__gte=now)
        .select_related("host_municipality")
        .annotate(registration_count=Count("registrations"))
        .order_by("starts_at")
    )


def meetings_past(*, now: datetime | None = None) -> QuerySet[NetworkMeeting]:
    now = now or timezone.now()
    return (
        NetworkMeeting.objects.filter(ends_at__lt=now)
        .select_related("host_municipality")
        .annotate(registration_count=Count("registrations"))
        .order_by("-starts_at")
    )


def meeting_detail(*, slug: str) -> NetworkMeeting:
    return (
        NetworkMeeting.objects.select_related("host_municipality")
        .prefetch_related(
            "themes",
            Prefetch("tasks", queryset=MeetingTask.objects.select_related("owner")),
            "registrations__user",
        )
        .get(slug=slug)
    )


def open_tasks_for(*, user) -> QuerySet[MeetingTask]:
    return MeetingTask.objects.filter(owner=user, is_done=False).select_related("meeting")


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
        municipality_ids = list(
            user.memberships.exclude(organisation__municipality=None).values_list(
                "organisation__municipality_id", flat=True
            )
        )
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
