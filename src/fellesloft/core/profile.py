"""The municipality profile and a user's own profile page are assembled from the apps.

An app adds a section to a municipality's page by defining, in `<app>/profile.py`,
`municipality_section(*, municipality, user) -> ProfileSection | None`. Each section's
queries must not grow with the data (the page is tested with a fixed query budget).

An app adds a section to a mission goal's page the same way, with
`goal_section(*, goal, user) -> ProfileSection | None`.

An app adds to the page «Min profil» (accounts) by defining, in the same module,
`user_profile_context(*, user) -> dict`: template variables for that page. So accounts, which
the other apps build on, need not import them.
"""

from dataclasses import dataclass, field
from typing import Any

from fellesloft.core.plugins import app_plugins


@dataclass
class ProfileSection:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


def sections(builder_name: str, **about) -> list[ProfileSection]:
    """The sections the apps add to a page about something, from `<app>/profile.py`'s
    function `builder_name(**about, user=…)`, in their order."""
    found: list[ProfileSection] = []
    for _config, module in app_plugins("profile"):
        builder = getattr(module, builder_name, None)
        if builder is None:
            continue
        section = builder(**about)
        if section is not None:
            found.append(section)
    return sorted(found, key=lambda section: (section.order, section.title))


def municipality_sections(*, municipality, user) -> list[ProfileSection]:
    return sections("municipality_section", municipality=municipality, user=user)


def goal_sections(*, goal, user) -> list[ProfileSection]:
    """What the apps show on a mission goal's page: the experiments serving it, …"""
    return sections("goal_section", goal=goal, user=user)


def own_profile_context(*, user) -> dict[str, Any]:
    """The template variables the apps add to «Min profil»."""
    context: dict[str, Any] = {}
    for _config, module in app_plugins("profile"):
        builder = getattr(module, "user_profile_context", None)
        if builder is not None:
            context.update(builder(user=user))
    return context
