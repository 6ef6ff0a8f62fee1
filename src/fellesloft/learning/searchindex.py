"""The search index shared by every part of Fellesløft – and the learning feed built on it.

How a part registers its models (one place per app)
---------------------------------------------------
An app defines `<app>/search.py` with a module-level list `SOURCES`. It is discovered when the
project starts, like `demo.py` and `profile.py`; nothing central is edited::

    from django.utils.translation import gettext_lazy as _
    from fellesloft.learning.searchindex import SearchSource, Visibility

    SOURCES = [
        SearchSource(
            key="barrier",                        # stable and unique; stored in every row
            model="barriers.Barrier",             # "app_label.ModelName"
            label=_("Systembarrierer"),            # the type's name in filters and results
            fields=["title", "description", lambda b: b.get_level_display()],
            title=lambda barrier: barrier.title,
            url=lambda barrier: barrier.get_absolute_url(),
            # Who may see the row. Evaluated when the object is indexed and stored beside it:
            #   Visibility.public()                    – everyone, also without login
            #   Visibility.network()                   – logged-in people in the network
            #                                            (a membership or a global role)
            #   Visibility.members(roles=("mission_lead",))
            #                                          – members of any organisation, and
            #                                            holders of the global roles named
            #   Visibility.restricted(organisation_id=…, roles=("moderator",))
            #                                          – members of one organisation and/or
            #                                            holders of the global roles named
            # Superusers see everything (as django-rules lets them).
            visibility=lambda barrier: Visibility.public(),
            include=lambda barrier: barrier.status != "draft",  # False: not in the index
            # For the filter; may be None, or several (a measure offered in many municipalities;
            # the first is the one shown).
            municipality=lambda barrier: barrier.municipality,
            themes=lambda barrier: barrier.themes.all(),        # NeedThemes or their slugs
            date=lambda barrier: barrier.created_at,            # recency (ties in ranking)
            feed_date=lambda barrier: barrier.published_at,     # None: not in the feed
            summary=lambda barrier: barrier.description[:300],  # text in the feed and digest
            queryset=lambda: Barrier.objects.select_related("municipality"),  # for rebuilds
            # Other models whose changes change this document (child rows, answers…):
            depends_on={"barriers.BarrierAnswer": lambda answer: [answer.barrier]},
            # The django-rules permission that decides who may open the object. The test
            # suite checks for every source that search agrees with it for every role.
            permission="barriers.view_barrier",
            # The object that permission is checked against, when it is not the indexed one
            # (a sprint is seen by whoever may see its experiment):
            # permission_object=lambda sprint: sprint.experiment,
        ),
    ]

A model may appear in several sources (a meeting's public programme and its network-only
notes are two documents). The index is kept current by post_save/post_delete (and
m2m_changed) of every registered model and its `depends_on` models, inside the same
transaction as the change; `fellesloft search_rebuild` rebuilds it from scratch.

Parts that landed before they had their own `search.py` are registered by the learning app in
`fellesloft/learning/search_parts.py`; a part's own `search.py` wins over those for the same key.

Storage: `learning_searchdocument` holds one row per document. PostgreSQL matches a weighted
tsvector column (title A, text B, Norwegian configuration) with a GIN index (no pending list,
so a search never scans unmerged entries); SQLite matches the FTS5 table
`learning_searchdocument_fts` (kept in step by triggers). Both are created by the learning
app's migrations. How a search runs – and what it costs with 20 000 documents – is described
in `SearchResults` and benchmarks/learning/search_benchmark.py.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet, signals
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fellesloft.core.plugins import app_plugins
from fellesloft.learning.models import SearchDocument, SearchVisibility

FTS_TABLE = "learning_searchdocument_fts"
_START, _STOP = "\x02", "\x03"
MAX_TERMS = 8
# A search counts its matches up to this many and then says «over 1000 treff»: counting every
# match of a common word costs as much as ranking them, and nobody pages that far.
COUNT_LIMIT = 1000


@dataclass(frozen=True)
class Visibility:
    level: str
    organisation_id: int | None = None
    roles: tuple[str, ...] = ()

    @classmethod
    def public(cls) -> Visibility:
        return cls(SearchVisibility.PUBLIC)

    @classmethod
    def network(cls) -> Visibility:
        return cls(SearchVisibility.NETWORK)

    @classmethod
    def members(cls, *, roles: Iterable[str] = ()) -> Visibility:
        return cls(SearchVisibility.MEMBERS, None, tuple(roles))

    @classmethod
    def restricted(
        cls, *, organisation_id: int | None = None, roles: Iterable[str] = ()
    ) -> Visibility:
        return cls(SearchVisibility.RESTRICTED, organisation_id, tuple(roles))


def _none(obj: Any) -> None:
    return None


def _empty(obj: Any) -> Sequence:
    return ()


def _itself(obj: Any) -> Any:
    return obj


@dataclass(frozen=True)
class SearchSource:
    key: str
    model: str
    label: Any
    fields: Sequence[str | Callable[[Any], Any]]
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    visibility: Callable[[Any], Visibility] = field(default=lambda obj: Visibility.public())
    include: Callable[[Any], bool] = field(default=lambda obj: True)
    municipality: Callable[[Any], Any] = _none
    themes: Callable[[Any], Iterable[Any]] = _empty
    date: Callable[[Any], datetime | None] = _none
    feed_date: Callable[[Any], datetime | None] = _none
    summary: Callable[[Any], str] | None = None
    queryset: Callable[[], QuerySet] | None = None
    depends_on: dict[str, Callable[[Any], Iterable[Any]]] = field(default_factory=dict)
    permission: str | None = None
    permission_object: Callable[[Any], Any] = _itself

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def all_objects(self) -> QuerySet:
        if self.queryset is not None:
            return self.queryset()
        return self.model_class._default_manager.all()


# --- The registry -------------------------------------------------------------------------

_registry: dict[str, SearchSource] | None = None
_lock = threading.Lock()


def _model_exists(label: str) -> bool:
    try:
        apps.get_model(label)
    except (LookupError, ValueError):
        return False
    return True


def _discover() -> dict[str, SearchSource]:
    found: dict[str, SearchSource] = {}
    for _config, module in app_plugins("search"):
        for source in getattr(module, "SOURCES", []):
            if source.key in found:
                raise ValueError(f"Search source {source.key!r} is registered twice")
            found[source.key] = source
    # Registrations the learning app keeps for parts without their own search.py yet.
    for source in import_module("fellesloft.learning.search_parts").sources():
        if source.key not in found and _model_exists(source.model):
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
    label = model._meta.label
    return [source for source in registry().values() if source.model == label]


# --- Keeping the index current -------------------------------------------------------------

_paused = threading.local()


@contextmanager
def indexing_paused():
    """Bulk loads (benchmarks, imports) switch the signal handlers off and rebuild after."""
    previous = getattr(_paused, "value", False)
    _paused.value = True
    try:
        yield
    finally:
        _paused.value = previous


def _is_paused() -> bool:
    return getattr(_paused, "value", False)


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


def document_values(source: SearchSource, obj: Any) -> dict[str, Any] | None:
    """The row that represents `obj` in the index, or None when it is not to be indexed."""
    if not source.include(obj):
        return None
    parts = []
    for spec in source.fields:
        parts.append(_text(spec(obj) if callable(spec) else getattr(obj, spec, "")))
    body = "\n".join(part for part in parts if part)
    visibility = source.visibility(obj)
    municipalities = _municipality_ids(source.municipality(obj))
    summary = source.summary(obj) if source.summary else body
    return {
        "title": source.title(obj)[:300],
        "body": body,
        "summary": _shorten(summary, 400),
        "url": source.url(obj),
        "municipality_id": municipalities[0] if municipalities else None,
        "municipality_ids": f" {' '.join(map(str, municipalities))} " if municipalities else None,
        "themes": _theme_slugs(source.themes(obj)),
        "visibility": visibility.level,
        "organisation_id": visibility.organisation_id,
        "roles": f"|{'|'.join(visibility.roles)}|" if visibility.roles else "",
        "date": source.date(obj) or timezone.now(),
        "feed_at": source.feed_date(obj),
    }


def _municipality_ids(value: Any) -> list[int]:
    if value is None:
        return []
    if isinstance(value, Iterable) and not isinstance(value, str | Model):
        ids = [getattr(item, "pk", item) for item in value]
    else:
        ids = [getattr(value, "pk", value)]
    return list(dict.fromkeys(int(pk) for pk in ids if pk is not None))


def in_municipality_q(municipality) -> Q:
    """Documents about `municipality` (a Municipality or its pk), also as one of several."""
    pk = getattr(municipality, "pk", municipality)
    return Q(municipality_id=pk) | Q(municipality_ids__contains=f" {pk} ")


def _shorten(text: str, length: int) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + " …"


def index_object(source: SearchSource, obj: Any) -> None:
    values = document_values(source, obj)
    if values is None:
        remove_object(source, obj.pk)
        return
    SearchDocument.objects.update_or_create(
        source=source.key, object_id=str(obj.pk), defaults=values
    )


def remove_object(source: SearchSource, pk: Any) -> None:
    SearchDocument.objects.filter(source=source.key, object_id=str(pk)).delete()


def reindex(obj: Any) -> None:
    """Index `obj` again under every source of its model (services call this after m2m)."""
    for source in sources_for_model(type(obj)):
        index_object(source, obj)


def reindex_queryset(queryset: QuerySet) -> None:
    """Index every object of `queryset` under every source of its model, with a fixed number
    of queries – for writes that send no signals (bulk_create, update)."""
    for source in sources_for_model(queryset.model):
        index_many(source, source.all_objects().filter(pk__in=queryset.values("pk")))


def _on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or _is_paused():
        return
    for source in sources_for_model(sender):
        index_object(source, instance)


def _on_delete(sender, instance, **kwargs) -> None:
    if _is_paused():
        return
    for source in sources_for_model(sender):
        remove_object(source, instance.pk)


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
            wanted[str(obj.pk)] = values
    gone = [str(obj.pk) for obj in objects if str(obj.pk) not in wanted]
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


DOCUMENT_FIELDS = [
    "title",
    "body",
    "summary",
    "url",
    "municipality_id",
    "municipality_ids",
    "themes",
    "visibility",
    "organisation_id",
    "roles",
    "date",
    "feed_at",
]


def _dependency_handler(source: SearchSource, parents: Callable[[Any], Iterable[Any]]):
    def handler(sender, instance, raw=False, **kwargs) -> None:
        if raw or _is_paused():
            return
        try:
            pks = [parent.pk for parent in parents(instance) if parent is not None]
        except ObjectDoesNotExist:
            return  # the parent is being deleted too
        if pks:
            # Read again through the source's queryset: the parent objects reached from the
            # instance may be stale, and the queryset brings what the fields need in bulk.
            index_many(source, source.all_objects().filter(pk__in=pks))

    return handler


def _on_m2m_changed(sender, instance, action, reverse, **kwargs) -> None:
    if _is_paused() or action not in {"post_add", "post_remove", "post_clear"} or reverse:
        return
    reindex(instance)


def _on_bulk_saved(sender, queryset, **kwargs) -> None:
    if not _is_paused():
        reindex_queryset(queryset)


def connect_signals() -> None:
    """Called from LearningConfig.ready()."""
    from fellesloft.core.signals import bulk_saved

    models_seen: set[str] = set()
    for source in registry().values():
        if source.model not in models_seen:
            models_seen.add(source.model)
            model = source.model_class
            uid = f"learning-search-{source.model}"
            signals.post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}-save")
            signals.post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}-delete")
            bulk_saved.connect(_on_bulk_saved, sender=model, dispatch_uid=f"{uid}-bulk")
            for m2m in model._meta.local_many_to_many:
                signals.m2m_changed.connect(
                    _on_m2m_changed, sender=m2m.remote_field.through, dispatch_uid=f"{uid}-{m2m}"
                )
        for label, parents in source.depends_on.items():
            if not _model_exists(label):
                continue
            handler = _dependency_handler(source, parents)
            uid = f"learning-search-{source.key}-{label}"
            dependency = apps.get_model(label)
            signals.post_save.connect(handler, sender=dependency, weak=False, dispatch_uid=uid)
            signals.post_delete.connect(
                handler, sender=dependency, weak=False, dispatch_uid=f"{uid}-delete"
            )


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
            batch.append(SearchDocument(source=key, object_id=str(obj.pk), **values))
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


# --- Who sees what ---------------------------------------------------------------------------


def visible_q(user) -> Q:
    """The rows of the index `user` may see, as a filter the database applies."""
    if user is None or not user.is_authenticated:
        return Q(visibility=SearchVisibility.PUBLIC)
    if user.is_superuser:
        return Q()
    organisation_ids = list(user.memberships.values_list("organisation_id", flat=True))
    allowed = Q(visibility=SearchVisibility.PUBLIC)
    if organisation_ids or user.global_role:
        allowed |= Q(visibility=SearchVisibility.NETWORK)
    if organisation_ids:
        allowed |= Q(visibility=SearchVisibility.MEMBERS)
        allowed |= Q(visibility=SearchVisibility.RESTRICTED, organisation_id__in=organisation_ids)
    if user.global_role:
        allowed |= Q(
            visibility__in=[SearchVisibility.MEMBERS, SearchVisibility.RESTRICTED],
            roles__contains=f"|{user.global_role}|",
        )
    return allowed


# --- Searching -------------------------------------------------------------------------------


def query_terms(text: str) -> list[str]:
    """Words of the query; everything else (operators, quotes) is dropped."""
    return [term[:40] for term in re.findall(r"\w+", text.lower())][:MAX_TERMS]


def _highlight(text: str) -> SafeString:
    escaped = escape(text)
    return mark_safe(  # noqa: S308 – escaped above; only our own markers become tags
        escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")
    )


@dataclass
class SearchHit:
    document: SearchDocument
    label: str
    title_html: SafeString
    snippet_html: SafeString


class SearchResults:
    """A lazily evaluated, ranked result list that Django's Paginator can page through.

    Every search runs the same four statements, whatever the size of the index, each using
    the full-text index (FTS5 MATCH; the GIN index on PostgreSQL):

    1. the number of matches, counted up to COUNT_LIMIT + 1 (`count()`, `count_is_capped`);
    2. the ids of one page: every match the user may see is ranked in the database (bm25 on
       SQLite, ts_rank on PostgreSQL; title words weigh more), which keeps only the best page
       (a top-N sort) and returns nothing but the ids;
    3. that page's documents (with their municipality), by id;
    4. their highlighted title and snippet – computed for the shown rows only, where the
       old way computed them for every match before sorting.
    """

    def __init__(self, *, base: QuerySet, terms: list[str]):
        self.terms = terms
        self.vendor = connection.vendor
        if not terms:
            self.matched = base
            self.ranked = base.order_by("-date", "-pk")
        # extra(): fixed SQL only; the user's words are always bound parameters.
        elif self.vendor == "postgresql":
            self.tsquery = " & ".join(f"{term}:*" for term in terms)
            self.matched = base.extra(  # noqa: S610
                where=["learning_searchdocument.search_vector @@ to_tsquery('norwegian', %s)"],
                params=[self.tsquery],
            )
            self.ranked = self.matched.extra(  # noqa: S610
                select={
                    "rank": "ts_rank(learning_searchdocument.search_vector, "
                    "to_tsquery('norwegian', %s), 1)"
                },
                select_params=[self.tsquery],
            ).order_by("-rank", "-date", "-pk")
        else:
            self.match = " ".join(f'"{term}"*' for term in terms)
            self.matched = base.extra(  # noqa: S610
                tables=[FTS_TABLE],
                where=[
                    f"{FTS_TABLE}.rowid = learning_searchdocument.id",
                    f"{FTS_TABLE} MATCH %s",
                ],
                params=[self.match],
            )
            self.ranked = self.matched.extra(  # noqa: S610
                select={"rank": f"bm25({FTS_TABLE}, 8.0, 1.0)"}
            ).order_by("rank", "-date", "-pk")
        self._count: int | None = None
        self.count_is_capped = False

    def count(self) -> int:
        """The number of matches, at most COUNT_LIMIT (then `count_is_capped` is True)."""
        if self._count is None:
            found = self.matched.order_by()[: COUNT_LIMIT + 1].count()
            self.count_is_capped = found > COUNT_LIMIT
            self._count = min(found, COUNT_LIMIT)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[SearchHit]:
        ids = list(self.ranked.values_list("pk", flat=True)[key])
        if not ids:
            return []
        by_id = SearchDocument.objects.select_related("municipality").in_bulk(ids)
        marks = self._marks(ids) if self.terms else {}
        return self._hits([by_id[pk] for pk in ids if pk in by_id], marks)

    def _marks(self, ids: list[int]) -> dict[int, tuple[str, str]]:
        """The highlighted title and snippet of the page's documents, by id."""
        if self.vendor == "postgresql":
            marks = f"StartSel={_START}, StopSel={_STOP}"
            sql = (
                "SELECT d.id, ts_headline('norwegian', d.title, q, %s), "
                "ts_headline('norwegian', d.body, q, %s) "
                "FROM learning_searchdocument d, to_tsquery('norwegian', %s) q "
                "WHERE d.id = ANY(%s)"
            )
            params = [
                f"HighlightAll=true, {marks}",
                f'MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … ", {marks}',
                self.tsquery,
                ids,
            ]
        else:
            # One pass over the matches: `+rowid` keeps FTS5 from seeking every id (each seek
            # expands the prefix terms again, ~20× slower than the pass); the auxiliary
            # functions run for the page's rows only.
            sql = (
                f"SELECT rowid, highlight({FTS_TABLE}, 0, char(2), char(3)), "  # noqa: S608
                f"snippet({FTS_TABLE}, 1, char(2), char(3), ' … ', 24) FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s AND +rowid IN ({', '.join(['%s'] * len(ids))})"
            )
            params = [self.match, *ids]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}

    def _hits(
        self, documents: list[SearchDocument], marks: dict[int, tuple[str, str]]
    ) -> list[SearchHit]:
        labels = source_labels()
        hits = []
        for doc in documents:
            if doc.pk in marks:
                title, snippet = marks[doc.pk]
            else:
                title, snippet = doc.title, _shorten(doc.summary or doc.body, 240)
            hits.append(
                SearchHit(
                    document=doc,
                    label=labels.get(doc.source, doc.source),
                    title_html=_highlight(title or doc.title),
                    snippet_html=_highlight(snippet or ""),
                )
            )
        return hits


def search(
    *,
    user,
    query: str,
    sources: Iterable[str] = (),
    municipality=None,
) -> SearchResults:
    """Ranked documents that match `query` and that `user` may see, with highlights."""
    base = SearchDocument.objects.filter(visible_q(user))
    sources = [key for key in sources if key in registry()]
    if sources:
        base = base.filter(source__in=sources)
    if municipality is not None:
        base = base.filter(in_municipality_q(municipality))
    return SearchResults(base=base, terms=query_terms(query))


def feed(*, user, municipality=None, theme=None, since: datetime | None = None) -> QuerySet:
    """The learning feed: newest first, only what `user` may see."""
    items = SearchDocument.objects.filter(visible_q(user), feed_at__isnull=False)
    if municipality is not None:
        items = items.filter(in_municipality_q(municipality))
    if theme is not None:
        items = items.filter(themes__contains=f" {getattr(theme, 'slug', theme)} ")
    if since is not None:
        items = items.filter(feed_at__gte=since)
    return items.select_related("municipality").order_by("-feed_at", "-pk")
