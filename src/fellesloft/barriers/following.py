"""Barriers may be followed: the followers hear of its transitions and answers."""

from django.urls import reverse

from fellesloft.barriers.models import Barrier
from fellesloft.notifications.registry import followable

followable(
    Barrier,
    permission="barriers.view_barrier",
    url=lambda barrier: reverse("barriers:detail", args=[barrier.pk]),
)
