"""Calling the API with a JSON body, and reading its one error body, in the tests."""

import json


def send(client, method: str, url: str, body) -> object:
    """`method` on `url` with `body` as JSON."""
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def error_of(response, status: int) -> dict:
    """The error of an answer that must have `status`: `{"code", "message", "details"?}`."""
    assert response.status_code == status, response.content
    return response.json()["error"]
