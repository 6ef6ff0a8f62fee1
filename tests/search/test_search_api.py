"""The site search over the API: the same query as the search page, so a hit is one the
caller may open; bad filters are a Norwegian error."""

import pytest

from fellesloft.search import queries
from fellesloft.search.registry import registry
from tests.experiments.factories import experiment
from tests.world import every_role

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/search"


def test_hits_are_what_the_caller_may_open(world, client_as):
    item = experiment(world, title="Fraværsteam med helsesykepleier")
    assert client_as("anonymous").get(SEARCH, {"q": "helsesykepleier"}).json()["hits"] == []
    data = client_as("member").get(SEARCH, {"q": "helsesykepleier"}).json()
    assert data["count"] == 1 and data["count_is_capped"] is False
    hit = data["hits"][0]
    assert hit["kind"] == "experiment" and hit["url"] == item.get_absolute_url()
    assert "<mark>" in hit["title_html"] and hit["municipality"] == "5001"
    assert set(data["kinds"]) == set(registry())


def test_the_api_answers_as_the_search_page_for_every_role(world, client, client_as):
    experiment(world, title="Fraværsteam i Vg1")
    experiment(world, title="Fraværsteam på Frøya", municipality=world.other_municipality)
    users = every_role(world)
    for role, user in users.items():
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        got = client.get(SEARCH, {"q": "fraværsteam", "municipality": "5014"}).json()
        expected = queries.search(
            user=user, query="fraværsteam", municipality=world.other_municipality
        )
        assert [hit["url"] for hit in got["hits"]] == [
            found.document.url for found in expected[0:100]
        ], role


def test_bad_filters_are_norwegian_errors(world, client_as):
    client = client_as("member")
    unknown = client.get(SEARCH, {"q": "x", "kind": ["experiment", "ukjent"]})
    assert unknown.status_code == 400
    assert unknown.json()["error"]["message"] == "Ukjent kilde: ukjent."
    municipality = client.get(SEARCH, {"municipality": "9999"})
    assert municipality.status_code == 400
    assert municipality.json()["error"]["message"] == "Ukjent kommunenummer: 9999."
    assert client.get(SEARCH, {"q": "x" * 201}).status_code == 422
    assert client.get(SEARCH, {"limit": 0}).status_code == 422
