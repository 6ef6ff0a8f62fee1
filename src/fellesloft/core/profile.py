"""The municipality profile is assembled from the apps.

An app adds a section to a municipality's page by defining, in `<app>/profile.py`,
`municipality_section(*, municipality, user) -> ProfileSection | None`. Each section's
queries must not grow with the data (the page is tested with a fixed query budget).
"""

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps


@dataclass
class ProfileSection:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


def municipality_sections(*, municipality, user) -> list[ProfileSection]:
    sections: list[ProfileSection] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("fellesloft.") or find_spec(f"{config.name}.profile") is None:
            continue
        builder = getattr(import_module(f"{config.name}.profile"), "municipality_section", None)
        if builder is None:
            continue
        section = builder(municipality=municipality, user=user)
        if section is not None:
            sections.append(section)
    return sorted(sections, key=lambda section: (section.order, section.title))
