"""The probe an outsider would run, kept in the suite: schemathesis generates requests from
the OpenAPI document for every operation, valid and invalid, anonymously and with a personal
API key, and sends them to the whole WSGI application (the vote intake's fast lane included)
on the test database with the test world. No answer may be a 5xx or contradict the document
(status codes, content types, headers, bodies)."""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fellesloft.accounts.services import api_token_create
from fellesloft.wsgi import application
from tests.dialogs.helpers import make_dialog

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def api_key(world):
    make_dialog(world)  # so a dialog's endpoints have something to answer with
    _token, raw = api_token_create(user=world.users["coordinator"], name="schemathesis")
    # As Django's test client does: the requests share the test's transaction, so the end of
    # a request must not close the connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield raw
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", "40")),
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_answers_within_its_schema(case, api_key):
    case.call_and_validate(checks=CHECKS)  # anonymous
    case.call_and_validate(headers={"Authorization": f"Bearer {api_key}"}, checks=CHECKS)
