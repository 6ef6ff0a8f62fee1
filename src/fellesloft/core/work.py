"""«Mitt arbeid»: what waits for one person, assembled from the apps.

An app adds its part by defining, in `<app>/work.py`:

- `work_items(*, user) -> list[WorkItem]`: what waits for the user in that app – each item
  asked of the app's own policy and selectors (never a rule of its own), with a constant
  number of queries whatever the data;
- `SECTION`: a `WorkSection`, the heading the page shows the app's items under and what it
  says when there are none (what to do next).

The page («Mitt arbeid») and the API (`GET /api/v1/me/work`) read the same items, so the
two cannot disagree. An item disappears when the thing it is about is done: each app asks
for open things only.
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fellesloft.core.plugins import app_plugins

OVERDUE = "overdue"
DUE = "due"
UPCOMING = "upcoming"
INFO = "info"

STATES = (OVERDUE, DUE, UPCOMING, INFO)
STATE_LABELS = {
    OVERDUE: _("Forfalt"),
    DUE: _("Frist snart"),
    UPCOMING: _("Kommer"),
    INFO: _("Til orientering"),
}
# Designsystemet's colours for the state tags.
STATE_COLOURS = {OVERDUE: "danger", DUE: "warning", UPCOMING: "info", INFO: "neutral"}

# A deadline within this many days is «due» (frist snart); later ones are «upcoming».
DUE_WITHIN = timedelta(days=7)


def state_for(due: date, *, today: date | None = None) -> str:
    """overdue before today, due within a week (today included), upcoming after."""
    today = today or timezone.localdate()
    if due < today:
        return OVERDUE
    if due <= today + DUE_WITHIN:
        return DUE
    return UPCOMING


@dataclass(frozen=True)
class Figure:
    """A figure an item shows beside its text (hours used, an indicator's value)."""

    label: str
    value: str


@dataclass(frozen=True)
class WorkItem:
    kind: str
    title: str
    url: str
    due: date | None = None
    state: str = INFO
    detail: str = ""
    figures: tuple[Figure, ...] = ()
    # The app's section on the page; set by `work_for` from the app's SECTION.
    section: str = ""

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"unknown state {self.state!r}")

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def state_colour(self) -> str:
        return STATE_COLOURS[self.state]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "url": self.url,
            "due": self.due,
            "state": self.state,
        }


@dataclass(frozen=True)
class WorkSection:
    key: str
    title: str
    empty: str
    order: int = 50


@dataclass
class SectionItems:
    section: WorkSection
    items: list[WorkItem] = field(default_factory=list)


def sort_key(item: WorkItem) -> tuple:
    """Overdue first, then by due date (items without one last), then by title."""
    return (item.state != OVERDUE, item.due is None, item.due or date.max, item.title)


def work_sections(*, user) -> list[SectionItems]:
    """Each app's section with its items in order, sections in their order."""
    sections: list[SectionItems] = []
    for _config, module in app_plugins("work"):
        builder = getattr(module, "work_items", None)
        section = getattr(module, "SECTION", None)
        if builder is None or section is None:
            continue
        found = builder(user=user) if user.is_authenticated else []
        items = [replace(item, section=section.key) for item in found]
        sections.append(SectionItems(section=section, items=sorted(items, key=sort_key)))
    return sorted(sections, key=lambda entry: (entry.section.order, str(entry.section.title)))


def work_items_for(*, user) -> list[WorkItem]:
    """Every item for the user, in one list: overdue first, then by due date. (This module
    is core's own `work` plug-in module too, and defines no `work_items` of its own.)"""
    items = [item for entry in work_sections(user=user) for item in entry.items]
    return sorted(items, key=sort_key)
