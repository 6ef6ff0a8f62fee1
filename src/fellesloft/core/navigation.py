"""The main menu, assembled from the apps.

An app lists its entries in `navigation` on its AppConfig (core.apps), so adding a part
of the product never means editing a central menu. An entry can hide itself from users
who may not use it with `permission`, a django-rules permission name checked without object,
and names the `group` of the menu it belongs under (`GROUPS`); the menu shows the groups in
the order of their first entry, and collapses behind a «Meny» button on phones.
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The menu's groups, by key; an entry without a group stands on its own.
GROUPS = {
    "mission": _("Oppdraget og tall"),
    "experiments": _("Forsøk"),
    "dialogs": _("Dialoger"),
    "barriers": _("Barrierer"),
    "learning": _("Læring"),
    "municipalities": _("Kommuner"),
}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 50
    permission: str | None = None
    group: str = ""

    def __post_init__(self) -> None:
        if self.group and self.group not in GROUPS:
            raise ValueError(f"Unknown menu group {self.group!r}; known: {sorted(GROUPS)}")


def navigation_for(user) -> list[dict]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "navigation", []))
    visible = [item for item in items if item.permission is None or user.has_perm(item.permission)]
    visible.sort(key=lambda item: (item.order, str(item.label)))
    return [
        {"label": item.label, "url": reverse(item.url_name), "group": item.group}
        for item in visible
    ]


def grouped(items: list[dict]) -> list[dict]:
    """The menu's entries (from `navigation_for`, with "current" set) in groups: each group
    {"key", "label", "items", "current"}, in the order of its first entry; an entry without a
    group is a group of its own, without a label."""
    groups: dict[str, dict] = {}
    for index, item in enumerate(items):
        key = item["group"] or f"single-{index}"
        group = groups.setdefault(
            key,
            {"key": key, "label": GROUPS.get(item["group"], ""), "items": [], "current": False},
        )
        group["items"].append(item)
        group["current"] = group["current"] or item.get("current", False)
    return list(groups.values())
