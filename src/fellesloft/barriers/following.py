"""Barriers may be followed: the followers hear of its transitions and answers."""

from fellesloft.barriers.models import Barrier
from fellesloft.notifications.registry import followable

followable(Barrier, permission="barriers.view_barrier")
