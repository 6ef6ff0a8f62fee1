"""Keeping the index current: documents from objects, the write hooks, and rebuilds.

Every write of a watched model (a source's model or one of its `depends_on` models) reaches
the index in the same transaction as the change, without the writer doing anything:

- single-object writes through post_save / post_delete / m2m_changed;
- bulk writes (`bulk_create`, `bulk_update`, `update`), which send no signals, through the
  model's own querysets: at start-up every manager of a watched model gets a subclass of its
  queryset class whose bulk methods report the rows they wrote (`_BulkWritesReachTheIndex`).
  This is Django's documented extension point (a custom QuerySet) applied by the registry
  instead of by hand in each models.py, so a model registered for search can not forget it;
  related managers (`dialog.statements.bulk_create(...)`) derive from the default manager's
  class and carry it too. (django-modeltranslation patches the managers of its registered
  models the same way.)

What still bypasses the index: raw SQL and `QuerySet._update`/`_insert` (Django's internals);
`fellesloft search_rebuild` rebuilds everything, and bulk loads that want speed switch the
hooks off with `indexing_paused()` and rebuild after.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models import Model, QuerySet, signals
from django.utils import timezone

from fellesloft.search.models import SearchDocument
from fellesloft.search.registry import (
    SearchSource,
    dependants_of,
    registry,
    sources_for_model,
    watched_models,
)
from fellesloft.search.text import index_terms

FTS_TABLE = "search_searchdocument_fts"

DOCUMENT_FIELDS = [
    "title",
    "body",
    "title_terms",
    "body_terms",
    "summary",
    "url",
    "municipality_id",
    "municipality_ids",
    "themes",
    "date",
    "feed_at",
]

_paused = threading.local()


@contextmanager
def indexing_paused():
    """Bulk loads (benchmarks, imports) switch the hooks off and rebuild after."""
    previous = getattr(_paused, "value", False)
    _paused.value = True
    try:
        yield
    finally:
        _paused.value = previous


def _is_paused() -> bool:
    return getattr(_paused, "value", False)


# --- Documents from objects ------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        return "\n".join(_text(item) for item in value)
    return str(value)


def _theme_slugs(values: Iterable[Any]) -> str:
    slugs = [value if isinstance(value, str) else value.slug for value in values]
    return f" {' '.join(slugs)} " if slugs else ""


def _municipality_ids(value: Any) -> list[int]:
    if value is None:
        return []
    if isinstance(value, Iterable) and not isinstance(value, str | Model):
        ids = [getattr(item, "pk", item) for item in value]
    else:
        ids = [getattr(value, "pk", value)]
    return list(dict.fromkeys(int(pk) for pk in ids if pk is not None))


def shorten(text: str, length: int) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + " …"


def document_values(source: SearchSource, obj: Any) -> dict[str, Any] | None:
    """The row that represents `obj` in the index, or None when it is not to be indexed."""
    if not source.include(obj):
        return None
    parts = []
    for spec in source.fields:
        parts.append(_text(spec(obj) if callable(spec) else getattr(obj, spec, "")))
    body = "\n".join(part for part in parts if part)
    municipalities = _municipality_ids(source.municipality(obj))
    summary = source.summary(obj) if source.summary else body
    title = source.title(obj)[:300]
    return {
        "title": title,
        "body": body,
        "title_terms": index_terms(title),
        "body_terms": index_terms(body),
        "summary": shorten(summary, 400),
        "url": source.url(obj),
        "municipality_id": municipalities[0] if municipalities else None,
        "municipality_ids": f" {' '.join(map(str, municipalities))} " if municipalities else None,
        "themes": _theme_slugs(source.themes(obj)),
        "date": source.date(obj) or timezone.now(),
        "feed_at": source.feed_date(obj),
    }


# --- Writing documents -----------------------------------------------------------------------


def index_object(source: SearchSource, obj: Any) -> None:
    values = document_values(source, obj)
    if values is None:
        remove_object(source, obj.pk)
        return
    SearchDocument.objects.update_or_create(source=source.key, object_id=obj.pk, defaults=values)


def remove_object(source: SearchSource, pk: Any) -> None:
    SearchDocument.objects.filter(source=source.key, object_id=pk).delete()


def reindex(obj: Any) -> None:
    """Index `obj` again under every source of its model."""
    for source in sources_for_model(type(obj)):
        index_object(source, obj)


def reindex_queryset(queryset: QuerySet) -> None:
    """Index every object of `queryset` under every source of its model, with a fixed number
    of queries (catching up after `indexing_paused()`)."""
    for source in sources_for_model(queryset.model):
        index_many(source, source.all_objects().filter(pk__in=queryset.values("pk")))


def index_many(source: SearchSource, objects: Iterable[Any]) -> None:
    """Indexes many objects of one source with a fixed number of queries (a dialog's
    statements when the dialog changes), where index_object costs a few per object."""
    objects = list(objects)
    if not objects:
        return
    wanted = {}
    for obj in objects:
        values = document_values(source, obj)
        if values is not None:
            wanted[obj.pk] = values
    gone = [obj.pk for obj in objects if obj.pk not in wanted]
    if gone:
        SearchDocument.objects.filter(source=source.key, object_id__in=gone).delete()
    existing = {
        doc.object_id: doc
        for doc in SearchDocument.objects.filter(source=source.key, object_id__in=list(wanted))
    }
    changed, new, now = [], [], timezone.now()
    for object_id, values in wanted.items():
        doc = existing.get(object_id)
        if doc is None:
            new.append(SearchDocument(source=source.key, object_id=object_id, **values))
            continue
        if any(getattr(doc, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(doc, name, value)
            doc.indexed_at = now  # bulk_update does not set auto_now fields
            changed.append(doc)
    if new:
        SearchDocument.objects.bulk_create(new, batch_size=500)
    if changed:
        SearchDocument.objects.bulk_update(
            changed, [*DOCUMENT_FIELDS, "indexed_at"], batch_size=500
        )


def _index_parents(source: SearchSource, parents, instances: Iterable[Any]) -> None:
    pks: set[Any] = set()
    for instance in instances:
        try:
            pks.update(parent.pk for parent in parents(instance) if parent is not None)
        except ObjectDoesNotExist:
            continue  # the parent is being deleted too
    if pks:
        # Read again through the source's queryset: the parent objects reached from the
        # instance may be stale, and the queryset brings what the fields need in bulk.
        index_many(source, source.all_objects().filter(pk__in=pks))


def rows_written(model: type[Model], pks: Iterable[Any]) -> None:
    """Brings the index up to date with rows of `model` written without signals."""
    if _is_paused():
        return
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return
    for source in sources_for_model(model):
        index_many(source, source.all_objects().filter(pk__in=pks))
    for source, parents in dependants_of(model):
        _index_parents(source, parents, model._default_manager.filter(pk__in=pks))


# --- The hooks -------------------------------------------------------------------------------


def _on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or _is_paused():
        return
    for source in sources_for_model(sender):
        index_object(source, instance)
    for source, parents in dependants_of(sender):
        _index_parents(source, parents, [instance])


def _on_delete(sender, instance, **kwargs) -> None:
    if _is_paused():
        return
    for source in sources_for_model(sender):
        remove_object(source, instance.pk)
    for source, parents in dependants_of(sender):
        _index_parents(source, parents, [instance])


def _on_m2m_changed(sender, instance, action, reverse, **kwargs) -> None:
    if _is_paused() or action not in {"post_add", "post_remove", "post_clear"} or reverse:
        return
    reindex(instance)


class _BulkWritesReachTheIndex:
    """Mixed into the querysets of watched models: the bulk writes Django sends no signals
    for report the rows they wrote to `rows_written`."""

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        rows_written(self.model, [obj.pk for obj in created])
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        count = super().bulk_update(objs, fields, *args, **kwargs)
        rows_written(self.model, [obj.pk for obj in objs])
        return count

    def update(self, **kwargs):
        if _is_paused():
            return super().update(**kwargs)
        # The rows are read first: the update may move them out of the queryset's filter.
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        rows_written(self.model, pks)
        return count


def _watch_bulk_writes(model: type[Model]) -> None:
    for manager in model._meta.managers:
        manager_class = manager.__class__
        queryset_class = manager_class._queryset_class
        if issubclass(queryset_class, _BulkWritesReachTheIndex):
            continue
        indexed_queryset = type(
            f"Indexed{queryset_class.__name__}", (_BulkWritesReachTheIndex, queryset_class), {}
        )
        manager.__class__ = type(
            f"Indexed{manager_class.__name__}",
            (manager_class,),
            {"_queryset_class": indexed_queryset, "__module__": manager_class.__module__},
        )


def connect() -> None:
    """Called from SearchConfig.ready(): hooks every watched model's writes to the index."""
    for model in watched_models():
        uid = f"search-{model._meta.label}"
        signals.post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}-save")
        signals.post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}-delete")
        if sources_for_model(model):
            for m2m in model._meta.local_many_to_many:
                signals.m2m_changed.connect(
                    _on_m2m_changed, sender=m2m.remote_field.through, dispatch_uid=f"{uid}-{m2m}"
                )
        _watch_bulk_writes(model)


# --- Rebuilding ------------------------------------------------------------------------------


@transaction.atomic
def rebuild(*, keys: Iterable[str] | None = None, batch_size: int = 500) -> dict[str, int]:
    """Rebuilds the index for the given sources (all by default); returns rows per source."""
    wanted = registry() if keys is None else {key: registry()[key] for key in keys}
    counts: dict[str, int] = {}
    for key, source in wanted.items():
        SearchDocument.objects.filter(source=key).delete()
        batch: list[SearchDocument] = []
        counts[key] = 0
        for obj in source.all_objects().iterator(chunk_size=batch_size):
            values = document_values(source, obj)
            if values is None:
                continue
            batch.append(SearchDocument(source=key, object_id=obj.pk, **values))
            if len(batch) >= batch_size:
                SearchDocument.objects.bulk_create(batch)
                counts[key] += len(batch)
                batch = []
        SearchDocument.objects.bulk_create(batch)
        counts[key] += len(batch)
    # Documents of sources that are no longer registered go too.
    if keys is None:
        SearchDocument.objects.exclude(source__in=list(wanted)).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('optimize')")  # noqa: S608
    return counts


def index_missing_sources() -> dict[str, int]:
    """Builds the documents of every source that has objects but no documents yet."""
    indexed = set(SearchDocument.objects.values_list("source", flat=True).distinct())
    missing = [
        key
        for key, source in registry().items()
        if key not in indexed and source.all_objects().exists()
    ]
    return rebuild(keys=missing) if missing else {}


@transaction.atomic
def refresh(*, batch_size: int = 500) -> dict[str, int]:
    """Brings the whole index in step with the data, writing only the documents that differ
    (a restored database: its index is as current as its data, and stays as it is); returns
    the documents per source. `rebuild` writes every document anew."""
    counts: dict[str, int] = {}
    for key, source in registry().items():
        batch: list[Any] = []
        for obj in source.all_objects().iterator(chunk_size=batch_size):
            batch.append(obj)
            if len(batch) >= batch_size:
                index_many(source, batch)
                batch = []
        index_many(source, batch)
        SearchDocument.objects.filter(source=key).exclude(
            object_id__in=source.all_objects().values("pk")
        ).delete()
        counts[key] = SearchDocument.objects.filter(source=key).count()
    SearchDocument.objects.exclude(source__in=list(counts)).delete()
    return counts
