"""The site search in the API (`/api/v1/search`): the same query as the search page
(`search.queries.search`), so every hit is one the caller may open – each source filtered by
its own app's policy. Mounted by api.api; here, not in the search app, because search sits
below the API (the API's authentication imports accounts, which reaches search through
operations), so search may not import the API back."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from fellesloft.api.lookups import one_named
from fellesloft.api.schemas import Page
from fellesloft.core.exceptions import ServiceError
from fellesloft.search import queries
from fellesloft.search.forms import Municipality
from fellesloft.search.registry import registry

router = Router(tags=["Søk"])


class HitOut(Schema):
    kind: str = Field(..., description="Kilden (se `kinds`)")
    kind_label: str
    title: str
    title_html: str = Field(..., description="Tittelen som HTML, treffordene i <mark>")
    url: str = Field(..., description="Siden treffet står på")
    snippet_html: str = Field(..., description="Et utdrag som HTML, treffordene i <mark>")
    municipality: str | None = Field(None, description="Kommunenummeret")
    date: datetime


class SearchOut(Schema):
    count: int = Field(..., description="Antall treff (høyst 1000)")
    count_is_capped: bool = Field(..., description="Flere enn 1000 treff")
    kinds: list[str] = Field(..., description="Kildene som kan søkes i")
    hits: list[HitOut]


def _hit(hit: queries.SearchHit) -> dict:
    document = hit.document
    return {
        "kind": document.source,
        "kind_label": hit.label,
        "title": document.title,
        "title_html": str(hit.title_html),
        "url": document.url,
        "snippet_html": str(hit.snippet_html),
        "municipality": document.municipality.number if document.municipality_id else None,
        "date": document.date,
    }


class SearchFilter(Schema):
    q: str = Field("", max_length=200, description="Søkeordene")
    kind: list[str] = Field([], max_length=20, description="Bare disse kildene")
    municipality: str = Field("", max_length=4, description="Kommunenummer")


@router.get(
    "",
    response=SearchOut,
    summary="Søk i alt du har tilgang til (barrierer, forsøk, læring, dialoger …)",
)
def search(request, filters: Query[SearchFilter], page: Query[Page]):
    kinds = sorted(registry())
    unknown = sorted(set(filters.kind) - set(kinds))
    if unknown:
        raise ServiceError(
            _("Ukjent kilde: %(keys)s.") % {"keys": ", ".join(unknown)}, field="kind"
        )
    municipality = one_named(
        Municipality, "number", filters.municipality, _("kommunenummer"), "municipality"
    )
    results = queries.search(
        user=request.user, query=filters.q, sources=filters.kind, municipality=municipality
    )
    hits = results[page.offset : page.offset + page.limit]
    return {
        "count": results.count(),
        "count_is_capped": results.count_is_capped,
        "kinds": kinds,
        "hits": [_hit(hit) for hit in hits],
    }
