"""Search follows each app's policy: for every role, what search finds is what the role may
open, and the cost of a search does not grow with the data."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fellesloft.core.plugins import app_plugins
from fellesloft.search import indexing, queries
from fellesloft.search.models import SearchDocument
from fellesloft.search.registry import registry
from tests.learning.factories import make_discussion, make_meeting, make_resource
from tests.matrix import extend_world
from tests.world import every_role


def _found(user, query: str) -> set[tuple[str, int]]:
    results = queries.search(user=user, query=query)
    return {(hit.document.source, hit.document.object_id) for hit in results[0:100_000]}


def _may_open(user, documents) -> set[tuple[str, int]]:
    allowed = set()
    for doc in documents:
        source = registry()[doc.source]
        obj = source.model._default_manager.get(pk=doc.object_id)
        if user.has_perm(source.permission, source.permission_object(obj)):
            allowed.add((doc.source, doc.object_id))
    return allowed


@pytest.mark.parametrize("query", ["", "trondheim", "taushetsplikt"])
def test_search_finds_exactly_what_each_role_may_open(world, query):
    """The matrix world (every app adds its objects) as every role: the hits for a common
    word are the indexed objects matching it that the role's permissions open."""
    extend_world(world)
    indexing.rebuild()
    everything = queries.SearchResults(
        base=SearchDocument.objects.all(), terms=queries.query_terms(query)
    )
    matching = [hit.document for hit in everything[0:100_000]]
    assert matching, f"nothing in the world matches {query!r}: the test would prove nothing"
    hidden_somewhere = False
    for role, user in every_role(world).items():
        expected = _may_open(user, matching)
        assert _found(user, query) == expected, role
        hidden_somewhere |= len(expected) < len(matching)
    assert hidden_somewhere, "every role sees every hit: the filter is not tested"


def test_the_world_covers_the_sources_search_hides_from_someone(world):
    extend_world(world)
    indexing.rebuild()
    sources = set(SearchDocument.objects.values_list("source", flat=True))
    assert sources >= {"barrier", "discussion", "experiment", "resource", "organisation"}


def _search_page_queries(client, query: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("search:search"), {"q": query})
    assert response.status_code == 200
    return len(context.captured_queries)


def _add_data(world, number: int, start: int) -> None:
    for index in range(start, start + number):
        resource = make_resource(f"Relasjoner {index}", questions=[f"Relasjoner {index}?"])
        make_discussion(
            resource, world.organisation, world.users["member"], text=f"Relasjoner {index}"
        )
        make_meeting(f"Relasjoner på samling {index}")


@pytest.mark.parametrize("role", ["anonymous", "member", "mission_lead"])
def test_search_page_query_count_does_not_grow_with_the_data(client_as, world, role):
    extend_world(world)
    _add_data(world, 3, 0)
    client = client_as(role)
    few = _search_page_queries(client, "relasjoner")
    _add_data(world, 30, 3)
    many = _search_page_queries(client, "relasjoner")
    assert many == few


SEARCH_APP = Path(__file__).resolve().parents[2] / "src" / "fellesloft" / "search"


def test_the_search_app_imports_no_domain_app():
    """The domain apps import the registry API from `fellesloft.search`, never the reverse."""
    allowed = ("fellesloft.core", "fellesloft.search")
    for path in SEARCH_APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith("fellesloft.") or name.startswith(allowed), (
                    path.name,
                    name,
                )


def test_every_source_is_declared_by_the_app_that_owns_its_model():
    declared = {}
    for config, module in app_plugins("search"):
        for source in module.SOURCES:
            assert source.model._meta.app_config is config, source.key
            assert source.permission.partition(".")[0] == (
                source.visibility_model._meta.app_label
            ), source.key
            declared[source.key] = source
    assert declared == registry()


def test_every_source_is_filtered_by_its_policy():
    """Each source's permission has a queryset form: a declared visibility or a Condition."""
    for source in registry().values():
        rows = queries._visible_targets(source, AnonymousUser())
        assert rows.model is source.visibility_model, source.key
