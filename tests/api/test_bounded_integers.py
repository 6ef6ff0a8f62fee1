"""Every integer the API reads is bounded in its schema, so a number the database cannot hold
answers 422 – in the document, on the endpoints, and on the votes' fast lane."""

import pytest
from django.core.cache import cache

from fellesloft.accounts.services import api_token_create
from fellesloft.api.api import api
from fellesloft.api.schemas import MAX_ID
from fellesloft.dialogs import services as dialog_services
from fellesloft.dialogs.models import Vote
from tests.dialogs.helpers import make_dialog
from tests.dialogs.test_intake import call, lane

TOO_LARGE = 2**63  # one past what SQLite and PostgreSQL can store


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _integers(document: dict, schema: dict, where: str, seen=None):
    """(where, schema) of every integer in a schema, through references, unions and lists."""
    seen = set() if seen is None else seen
    if "$ref" in schema:
        if schema["$ref"] in seen:
            return
        seen = seen | {schema["$ref"]}
    schema = _resolve(document, schema)
    if schema.get("type") == "integer":
        yield where, schema
    for union in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(union, []):
            yield from _integers(document, option, where, seen)
    if "items" in schema:
        yield from _integers(document, schema["items"], f"{where}[]", seen)
    for name, prop in schema.get("properties", {}).items():
        yield from _integers(document, prop, f"{where}.{name}", seen)


def test_every_integer_input_has_a_minimum_and_a_maximum_the_database_can_hold():
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    found, unbounded = [], []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            inputs = [
                (f"{parameter['in']} {parameter['name']}", parameter["schema"])
                for parameter in operation.get("parameters", [])
            ]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                inputs.append(("body", content["schema"]))
            for name, schema in inputs:
                for where, integer in _integers(document, schema, name):
                    found.append(where)
                    low, high = integer.get("minimum", -1), integer.get("maximum", 2**64)
                    if not (low >= 0 and high <= MAX_ID):
                        unbounded.append(f"{method.upper()} {path}: {where}")
    assert len(found) > 10  # the walk sees the integers (ids, offsets, votes' statements)
    assert unbounded == []


@pytest.fixture
def bearer(world):
    _token, raw = api_token_create(user=world.users["mission_lead"], name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/barriers?offset={n}",
        "/api/v1/barriers?limit={n}",
        "/api/v1/barriers?theme={n}",
        "/api/v1/barriers/{n}",
        "/api/v1/experiments/learning-cards?offset={n}",
        "/api/v1/measures?offset={n}",
        "/api/v1/measures?age={n}",
        "/api/v1/experiments?offset={n}",
        "/api/v1/experiments/{n}",
        "/api/v1/experiments/{n}/sprints",
    ],
)
@pytest.mark.parametrize("number", [TOO_LARGE, 2**64, -1])
def test_a_number_out_of_range_in_a_path_or_query_answers_422(client, bearer, path, number):
    response = client.get(path.format(n=number), **bearer)
    # Where the URL takes only digits (`{int:…}`), a negative id is a path that does not exist.
    no_such_path = number < 0 and path.startswith("/api/v1/experiments/{n}")
    expected = (404, "not_found") if no_such_path else (422, "invalid")
    assert (response.status_code, response.json()["error"]["code"]) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/barriers/1/transitions", {"action": "merge", "target": TOO_LARGE}),
        ("/api/v1/experiments/1/sprints/{n}", {"plan_change": "x"}),
    ],
)
def test_a_number_out_of_range_in_a_body_or_path_of_a_write_answers_422(client, bearer, path, body):
    response = client.post(
        path.format(n=TOO_LARGE), body, content_type="application/json", **bearer
    )
    if "sprints" in path:
        response = client.patch(
            path.format(n=2**31), body, content_type="application/json", **bearer
        )
    assert response.status_code == 422, response.content


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["wsgi", "asgi"])
@pytest.mark.parametrize("statement", [TOO_LARGE, 0, -1])
def test_a_vote_for_a_statement_id_out_of_range_answers_422_on_the_fast_lane(
    world, kind, statement
):
    cache.clear()
    dialog = make_dialog(world)
    token = dialog_services.participant_create(dialog=dialog).token
    for intake in lane(kind):
        status, _headers, body = call(
            intake, dialog.slug, {"statement": statement, "vote": "agree"}, token
        )
        assert (status, body["error"]["code"]) == (422, "invalid")
        assert intake.spy.passed_on == 1
    assert not Vote.objects.exists()
