"""The municipality profile is assembled from the apps.

An app adds a section to a municipality's page by defining, in `<app>/profile.py`,
`municipality_section(*, municipality, user) -> ProfileSection | None`. Each section's
queries must not grow with the data (the page is tested with a fixed query budget).
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


def municipality_sections(*, municipality, user) -> list[ProfileSection]:
    sections: list[ProfileSection] = []
    for _config, module in app_plugins("profile"):
        builder = getattr(module, "municipality_section", None)
        if builder is None:
            continue
        section = builder(municipality=municipality, user=user)
        if section is not None:
            sections.append(section)
    return sorted(sections, key=lambda section: (section.order, section.title))
