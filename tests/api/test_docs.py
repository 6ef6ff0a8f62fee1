"""The API documentation page names, for every operation, the fields of its request body and
of its answer – nested ones too – from the OpenAPI document."""

import pytest

from fellesloft.api.api import api
from fellesloft.api.docs import operations_by_tag, response_fields, schema_fields

pytestmark = pytest.mark.django_db


def _document():
    return api.get_openapi_schema(path_prefix="/api/v1/")


def test_every_operation_with_a_json_answer_lists_its_fields():
    document = _document()
    missing = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = [
                response
                for status, response in operation["responses"].items()
                if str(status).startswith("2") and "content" in response
            ]
            if answers and not response_fields(document, operation):
                missing.append(f"{method.upper()} {path}")
    # The CSV download and the plain-text answers have no JSON fields to list.
    assert all(path.endswith((".csv", "openapi.json")) for path in missing), missing


def test_nested_fields_types_and_bodies_are_named():
    document = _document()
    groups = {group["tag"]: group["operations"] for group in operations_by_tag(document)}
    team = next(
        op
        for op in groups["Forsøk"]
        if op["method"] == "GET" and op["path"].endswith("/{experiment_id}/team")
    )
    fields = {field["name"]: field for field in team["response_fields"]}
    assert fields["partners"]["type"] == "liste av objekt"
    assert fields["partners[].organisation"]["description"] == "Organisasjonens slug"
    assert fields["members[].has_account"]["type"] == "boolean"
    entry = next(
        op
        for op in groups["Forsøk"]
        if op["method"] == "POST" and op["path"].endswith("/support/{number}/entries")
    )
    body = {field["name"]: field for field in entry["body_fields"]}
    assert body["hours"]["required"] and not body["notes"]["required"]
    assert body["given_by_person"]["type"] == "string | null"
    assert "«guidance»" in body["kind"]["type"]
    assert body["date"]["type"] == "string (date)"


def test_a_schema_that_refers_to_itself_ends():
    document = {
        "components": {
            "schemas": {
                "Node": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "children": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Node"},
                        },
                    },
                }
            }
        }
    }
    names = [
        field["name"] for field in schema_fields(document, {"$ref": "#/components/schemas/Node"})
    ]
    assert names == ["name", "children"]


def test_the_page_shows_the_fields(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "Felt i svaret" in html and "Innhold i forespørselen (JSON)" in html
    assert "<code>members[].has_account</code>" in html
