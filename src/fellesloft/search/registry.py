"""The registry of search sources: each app declares its own in `<app>/search.py`.

An app lists what it puts in the index as a module-level `SOURCES` in its `search.py`, with
real imports of its models; it is discovered by `core.plugins.app_plugins("search")` like
`demo.py` and `profile.py`, so nothing here is edited when a part is added::

    from django.utils.translation import gettext_lazy as _

    from fellesloft.barriers.models import Barrier
    from fellesloft.search import SearchSource

    SOURCES = [
        SearchSource(
            key="barrier",                        # stable and unique; stored in every row
            model=Barrier,
            label=_("Systembarrierer"),            # the type's name in filters and results
            fields=["description", lambda b: b.get_level_display()],
            title=lambda barrier: barrier.title,
            url=lambda barrier: barrier.get_absolute_url(),
            # The permission the hit's page asks. Who finds the hit is decided by the model's
            # declared visibility (`core.policy.visible`), see below.
            permission="barriers.view_barrier",
            include=lambda barrier: barrier.status != "draft",  # False: not in the index
            municipality=lambda barrier: barrier.municipality,  # None, one or several
            themes=lambda barrier: barrier.themes.all(),        # NeedThemes or their slugs
            date=lambda barrier: barrier.created_at,            # recency (ties in ranking)
            feed_date=lambda barrier: barrier.published_at,     # None: not in the feed
            summary=lambda barrier: barrier.description[:300],  # text in the feed and digest
            queryset=lambda: Barrier.objects.select_related("category"),  # for (re)indexing
            # Other models whose changes change this document (child rows, answers…), e.g.
            # {MeasureYouthNeed: lambda need: [need.measure]} in measures/search.py:
            depends_on={},
        ),
    ]

Who finds a hit – from the policy, never re-stated here
--------------------------------------------------------
A hit opens a page that asks `permission` about an object: the indexed one, or the one at
`visible_through` (a sprint is a part of its experiment's page, a statement of its dialog's
results). Search asks the policy for the same rule in its queryset form:

- when `permission` is the model's declared visibility (barriers.view_barrier):
  `core.policy.visible(<model>.objects.all(), user)`;
- when it guards a page or a section of the object (a meeting's notes,
  «learning.view_meeting_notes»; a dialog's report): that permission's own rule, which must
  be a `core.policy.Condition` (it carries its queryset form), narrowed by the model's
  declared visibility when the model has one (the object must be visible at all).

The test suite checks, for every source, every indexed object and every role, that search
agrees with `user.has_perm(permission, <object at visible_through>)`.

A model may appear in several sources (a meeting's programme and its notes are two documents).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import rules
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

from fellesloft.core.plugins import app_plugins
from fellesloft.core.policy import Condition


def _none(obj: Any) -> None:
    return None


def _empty(obj: Any) -> Sequence:
    return ()


def _always(obj: Any) -> bool:
    return True


def _title(obj: Any) -> str:
    return obj.title


def _absolute_url(obj: Any) -> str:
    return obj.get_absolute_url()


@dataclass(frozen=True)
class SearchSource:
    key: str
    model: type[Model]
    label: Any
    fields: Sequence[str | Callable[[Any], Any]]
    permission: str
    title: Callable[[Any], str] = _title
    url: Callable[[Any], str] = _absolute_url
    visible_through: str = ""
    include: Callable[[Any], bool] = _always
    municipality: Callable[[Any], Any] = _none
    themes: Callable[[Any], Iterable[Any]] = _empty
    date: Callable[[Any], datetime | None] = _none
    feed_date: Callable[[Any], datetime | None] = _none
    summary: Callable[[Any], str] | None = None
    queryset: Callable[[], QuerySet] | None = None
    depends_on: dict[type[Model], Callable[[Any], Iterable[Any]]] = field(default_factory=dict)

    def all_objects(self) -> QuerySet:
        if self.queryset is not None:
            return self.queryset()
        return self.model._default_manager.all()

    @property
    def visibility_model(self) -> type[Model]:
        """The model whose declared visibility decides who finds this source's documents."""
        model = self.model
        for name in self.visible_through.split("__") if self.visible_through else ():
            model = model._meta.get_field(name).related_model
        return model

    def permission_object(self, obj: Any) -> Any:
        """The object `permission` is asked about: `obj`, or the one at `visible_through`."""
        for name in self.visible_through.split("__") if self.visible_through else ():
            obj = getattr(obj, name)
        return obj

    def permission_condition(self) -> Condition:
        """The queryset form of `permission`, when it is not a declared visibility."""
        rule = rules.permissions.permissions.get(self.permission)
        if not isinstance(rule, Condition):
            raise ImproperlyConfigured(
                f"Search source {self.key!r}: {self.permission!r} is neither the declared "
                f"visibility of {self.visibility_model.__name__} nor a core.policy Condition, "
                "so search cannot filter by it."
            )
        return rule


_registry: dict[str, SearchSource] | None = None
_lock = threading.Lock()


def _discover() -> dict[str, SearchSource]:
    found: dict[str, SearchSource] = {}
    for _config, module in app_plugins("search"):
        for source in getattr(module, "SOURCES", []):
            if source.key in found:
                raise ImproperlyConfigured(f"Search source {source.key!r} is registered twice")
            found[source.key] = source
    return found


def registry() -> dict[str, SearchSource]:
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                _registry = _discover()
    return _registry


def source_labels() -> dict[str, str]:
    return {key: str(source.label) for key, source in registry().items()}


def sources_for_model(model: type[Model]) -> list[SearchSource]:
    return [source for source in registry().values() if source.model is model]


def dependants_of(model: type[Model]) -> list[tuple[SearchSource, Callable[[Any], Iterable]]]:
    """(source, parents) for each source whose documents change when a `model` row does."""
    return [
        (source, source.depends_on[model])
        for source in registry().values()
        if model in source.depends_on
    ]


def watched_models() -> list[type[Model]]:
    """Every model whose writes change the index: the sources' and their dependencies'."""
    models: dict[type[Model], None] = {}
    for source in registry().values():
        models[source.model] = None
        for dependency in source.depends_on:
            models[dependency] = None
    return list(models)
