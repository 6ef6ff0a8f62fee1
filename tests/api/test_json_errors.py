"""Every answer under /api/ is JSON with the one error body, whatever went wrong and whoever
answered (django-ninja, Django's URL resolver, its CSRF check, its error handler)."""

import json

import pytest
from django.conf import settings
from django.test import Client

from fellesloft.accounts.services import api_token_create
from fellesloft.organisations import selectors

pytestmark = pytest.mark.django_db

TOO_LARGE = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/barriers",  # an endpoint with a body it ignores
        "/api/v1/dialogs/finnes-ikke/participants",
        "/api/v1/dialogs/finnes-ikke/votes",  # the votes' fast lane passes it on
        "/api/v1/dialogs/finnes-ikke/statements",
    ],
)
@pytest.mark.parametrize("size", [TOO_LARGE, 3 * 1024 * 1024])
def test_a_body_over_the_limit_answers_413_in_json(client, world, path, size):
    _token, key = api_token_create(user=world.users["member"], name="test")
    body = json.dumps({"text": "x" * size})
    response = client.post(
        path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert_error(response, 413, "too_large")


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/v1/finnes-ikke", 404, "not_found"),
        ("get", "/api/v1/", 404, "not_found"),
        ("get", "/api/v2/barriers", 404, "not_found"),
        ("delete", "/api/v1/barriers", 405, "method_not_allowed"),
        ("put", "/api/v1/organisations", 405, "method_not_allowed"),
    ],
)
def test_unknown_paths_and_methods_answer_json(client, method, path, status, code):
    response = getattr(client, method)(path)
    assert_error(response, status, code)
    if status == 405:
        assert "GET" in response["Allow"]


def test_a_failed_csrf_check_under_the_api_answers_json(world):
    """A logged-in browser session without the CSRF token: Django's 403 page becomes JSON."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["member"])
    response = client.post("/api/v1/barriers", {"title": "x"}, content_type="application/json")
    assert_error(response, 403, "forbidden")


def test_a_server_error_under_the_api_answers_json(client, monkeypatch):
    """A fault injected into a read: the answer is still the API's error body."""

    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "organisation_list", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/organisations")
    assert_error(response, 500, "server_error")


def test_html_pages_keep_their_html_error_pages(client):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/observations?region=a%00b", None),
        ("get", "/api/v1/observations.csv?indicator=%00", None),
        ("get", "/api/v1/organisations?sector=x%00", None),
        ("post", "/api/v1/dialogs/x/participants", {"sector": "ung\x00dom"}),
        ("post", "/api/v1/barriers", {"title": "Ventetid\x00 i BUP", "organisation": "x"}),
    ],
)
def test_a_nul_character_in_a_query_or_body_is_removed_before_it_reaches_the_database(
    client, world, method, path, body
):
    """PostgreSQL cannot compare or store a text with NUL: it answered 500. The text is
    cleaned at the door (`core.text`), so the request is answered as without it."""
    _token, key = api_token_create(user=world.users["member"], name="test")
    extra = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    if body is None:
        response = getattr(client, method)(path, **extra)
    else:
        response = client.post(path, json.dumps(body), content_type="application/json", **extra)
    assert response.status_code < 500, response.content[:300]
    assert b"\\u0000" not in response.content and b"\x00" not in response.content


def test_a_nul_character_in_a_path_names_nothing(client, world):
    # Cleaned, «50\x0001» would name Trondheim (5001): a path value with it is a 404.
    assert_error(client.get("/api/v1/municipalities/50%0001"), 404, "not_found")
    assert client.get("/api/v1/municipalities/5001").status_code == 200
