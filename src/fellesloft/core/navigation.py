"""The main menu, assembled from the apps.

An app lists its entries in `navigation` on its AppConfig (core.apps), so adding a part
of the product never means editing a central menu. An entry can hide itself from users
who may not use it with `permission`, a django-rules permission name checked without object.
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 50
    permission: str | None = None


def navigation_for(user) -> list[dict]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "navigation", []))
    visible = [item for item in items if item.permission is None or user.has_perm(item.permission)]
    visible.sort(key=lambda item: (item.order, str(item.label)))
    return [{"label": item.label, "url": reverse(item.url_name)} for item in visible]
