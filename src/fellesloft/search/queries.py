"""Searching the index, and the newest documents for the learning feed – what the user may see.

Who may see a document is never stored in the index: each query restricts every source's
documents to the objects its app's policy lets the user see, as subqueries of ONE statement:

    Q(source="barrier", object_id__in=visible(Barrier.objects.all(), user).values("pk")) | …

so the number of queries does not grow with the data (nor with the number of sources the
user may see everything of: those need no subquery). See `registry` for how a source's
permission becomes its filter.

The feed is here because it is a query over the index (the documents with a feed date,
newest first, filtered the same way); the feed page, its Atom version and the weekly digest
that present it belong to the learning app.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fellesloft.core.policy import NOTHING, declared_visibilities, visible
from fellesloft.search.indexing import FTS_TABLE, shorten
from fellesloft.search.models import SearchDocument
from fellesloft.search.registry import SearchSource, registry, source_labels
from fellesloft.search.text import START, STOP, mark_matches, query_prefixes, snippet

# A search counts its matches up to this many and then says «over 1000 treff»: counting every
# match of a common word costs as much as ranking them, and nobody pages that far.
COUNT_LIMIT = 1000
TABLE = SearchDocument._meta.db_table


# --- Who sees what ---------------------------------------------------------------------------


def _visible_targets(source: SearchSource, user) -> QuerySet:
    """The objects `permission` is asked about (see `visible_through`) that pass it."""
    target = source.visibility_model
    everything = target._default_manager.all()
    declared = _declared_visibilities().get(target)
    rows = everything if declared is None else visible(everything, user)
    if declared is None or declared.permission != source.permission:
        # A page or section of the object with a rule of its own.
        rows = source.permission_condition().filter(rows, user)
    return rows


def _visible_objects(source: SearchSource, user, seen: dict) -> QuerySet | None:
    """The source's objects `user` may see, or None when that is all of them."""
    target_key = (source.visibility_model, source.permission)
    if target_key not in seen:
        rows = _visible_targets(source, user)
        seen[target_key] = None if _is_everything(rows) else rows
    rows = seen[target_key]
    if rows is None or not source.visible_through or rows.query.is_empty():
        return rows
    return source.model._default_manager.filter(
        **{f"{source.visible_through}__in": rows.values("pk")}
    )


def _declared_visibilities() -> dict:
    return {declared.model: declared for declared in declared_visibilities()}


def _is_everything(rows: QuerySet) -> bool:
    # A condition that holds for every row returns the queryset unfiltered (core.policy).
    return not rows.query.where


def visible_q(user, keys: Iterable[str] | None = None) -> Q:
    """The documents (of the sources `keys`, all by default) that `user` may see, as one
    filter the database applies: each source's objects come from its app's policy."""
    user = _asking(user)
    sources = registry()
    seen: dict = {}
    allowed = NOTHING
    for key in sources if keys is None else keys:
        rows = _visible_objects(sources[key], user, seen)
        if rows is None:
            condition = Q(source=key)
        elif rows.query.is_empty():
            continue
        else:
            condition = Q(source=key, object_id__in=rows.values("pk"))
        allowed = condition if allowed is NOTHING else allowed | condition
    return allowed


def _asking(user):
    """The user the policies are asked about. Several rules ask whether the user belongs to
    any organisation (`organisations.rules.has_any_membership`): one prefetch answers them
    all, on a copy, so that the caller's user object is not left with a cache that a later
    change would make stale."""
    if user is None or not user.is_authenticated:
        return AnonymousUser()
    asking = copy.copy(user)
    asking._prefetched_objects_cache = {}
    prefetch_related_objects([asking], "memberships")
    return asking


def in_municipality_q(municipality) -> Q:
    """Documents about `municipality` (a Municipality or its pk), also as one of several."""
    pk = getattr(municipality, "pk", municipality)
    return Q(municipality_id=pk) | Q(municipality_ids__contains=f" {pk} ")


# --- Searching -------------------------------------------------------------------------------


def query_terms(text: str) -> list[str]:
    """What a search for `text` requires: one prefix of a stemmed term per word (see
    `fellesloft.search.text`); everything else (operators, quotes) is dropped."""
    return query_prefixes(text)


def highlight(text: str) -> SafeString:
    escaped = escape(text)
    return mark_safe(  # noqa: S308 – escaped above; only our own markers become tags
        escaped.replace(START, "<mark>").replace(STOP, "</mark>")
    )


@dataclass
class SearchHit:
    document: SearchDocument
    label: str
    title_html: SafeString
    snippet_html: SafeString


class SearchResults:
    """A lazily evaluated, ranked result list that Django's Paginator can page through.

    Every search runs the same three statements, whatever the size of the index, each using
    the full-text index (FTS5 MATCH; the GIN index on PostgreSQL) over the documents' stemmed
    terms, so that both databases find the same documents (`fellesloft.search.text`):

    1. the number of matches, counted up to COUNT_LIMIT + 1 (`count()`, `count_is_capped`);
    2. the ids of one page: every match the user may see is ranked in the database (bm25 on
       SQLite, ts_rank on PostgreSQL; title words weigh more), which keeps only the best page
       (a top-N sort) and returns nothing but the ids;
    3. that page's documents (with their municipality), by id;

    and then marks the matching words in the shown rows' original title and text, in Python
    by the same rule (`text.mark_matches`, `text.snippet`).

    What the user may see is part of statements 1 and 2 (`visible_q`).
    """

    def __init__(self, *, base: QuerySet, terms: list[str]):
        self.terms = terms
        self.vendor = connection.vendor
        if not terms:
            self.matched = base
            self.ranked = base.order_by("-date", "-pk")
        # extra(): fixed SQL only; the user's words are always bound parameters.
        elif self.vendor == "postgresql":
            tsquery = " & ".join(f"'{term}':*" for term in terms)
            self.matched = base.extra(  # noqa: S610
                where=[f"{TABLE}.search_vector @@ to_tsquery('simple', %s)"],
                params=[tsquery],
            )
            self.ranked = self.matched.extra(  # noqa: S610
                select={"rank": f"ts_rank({TABLE}.search_vector, to_tsquery('simple', %s), 1)"},
                select_params=[tsquery],
            ).order_by("-rank", "-date", "-pk")
        else:
            match = " ".join(f'"{term}"*' for term in terms)
            self.matched = base.extra(  # noqa: S610
                tables=[FTS_TABLE],
                where=[f"{FTS_TABLE}.rowid = {TABLE}.id", f"{FTS_TABLE} MATCH %s"],
                params=[match],
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
        documents = SearchDocument.objects.select_related("municipality")
        by_id = documents.defer("title_terms", "body_terms").in_bulk(ids)
        return self._hits([by_id[pk] for pk in ids if pk in by_id])

    def _hits(self, documents: list[SearchDocument]) -> list[SearchHit]:
        labels = source_labels()
        hits = []
        for doc in documents:
            title, shown = doc.title, None
            if self.terms:
                title = mark_matches(doc.title, self.terms)
                shown = snippet(doc.body, self.terms)
            hits.append(
                SearchHit(
                    document=doc,
                    label=labels.get(doc.source, doc.source),
                    title_html=highlight(title),
                    snippet_html=highlight(shown or shorten(doc.summary or doc.body, 240)),
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
    keys = [key for key in sources if key in registry()] or None
    base = SearchDocument.objects.filter(visible_q(user, keys))
    if municipality is not None:
        base = base.filter(in_municipality_q(municipality))
    return SearchResults(base=base, terms=query_terms(query))


def feed(*, user, municipality=None, theme=None, since: datetime | None = None) -> QuerySet:
    """The newest documents with a feed date that `user` may see (the learning feed)."""
    items = SearchDocument.objects.filter(visible_q(user), feed_at__isnull=False)
    if municipality is not None:
        items = items.filter(in_municipality_q(municipality))
    if theme is not None:
        items = items.filter(themes__contains=f" {getattr(theme, 'slug', theme)} ")
    if since is not None:
        items = items.filter(feed_at__gte=since)
    return items.select_related("municipality").order_by("-feed_at", "-pk")
