"""The audit log page: every change with who, when, what and which fields; filters by person,
kind of object and one object; a fixed number of queries; never a secret."""

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fellesloft.accounts.services import api_token_create
from fellesloft.organisations import services

pytestmark = pytest.mark.django_db

URL = reverse("core:audit_log")


def _changes(world, count: int, start: int = 0) -> None:
    """Entries of several kinds, with related objects to name (organisation, inviter)."""
    for number in range(start, start + count):
        services.organisation_update(
            organisation=world.organisation, description=f"Beskrivelse {number}"
        )
        services.invitation_create(
            organisation=world.organisation,
            email=f"person{number}@test.no",
            invited_by=world.users["coordinator"],
        )


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_entries(client, world):
    client.force_login(world.users["mission_lead"])
    LogEntry.objects.all().delete()  # the same mix of kinds on every page
    _changes(world, 3)
    few = _queries(client)
    _changes(world, 30, start=3)
    many = _queries(client)
    assert many == few
    # Another page may hold fewer kinds of related objects to name: never more queries.
    assert _queries(client, side="2") <= few


def test_rows_name_who_what_and_the_changed_fields_readably(client, world):
    services.membership_change_role(
        membership=world.memberships["member"],
        role="coordinator",
        actor=world.users["coordinator"],
    )
    client.force_login(world.users["mission_lead"])
    body = client.get(URL, {"type": "organisations.membership"}).content.decode()
    assert "koordinator@test.no" in body
    assert "Endret" in body and "Medlemskap" in body
    assert "Rolle</strong>: Medlem → Koordinator" in body
    # A related object is named, not numbered.
    created = client.get(URL, {"type": "organisations.membership", "bruker": ""}).content
    assert world.organisation.name in created.decode()


def test_filter_by_person(client, world):
    services.membership_change_role(
        membership=world.memberships["member"],
        role="coordinator",
        actor=world.users["coordinator"],
    )
    client.force_login(world.users["mission_lead"])
    services.organisation_update(organisation=world.organisation, description="Av oppdragsleder")
    mine = client.get(URL, {"bruker": "koordinator@test.no"}).content.decode()
    assert "Koordinator" in mine and "Av oppdragsleder" not in mine
    nobody = client.get(URL, {"bruker": "ingen@test.no"}).content.decode()
    assert "Ingen endringer funnet" in nobody


def test_filter_by_kind_and_by_one_object(client, world):
    client.force_login(world.users["mission_lead"])
    services.organisation_update(organisation=world.organisation, description="Denne")
    services.organisation_update(organisation=world.other_organisation, description="Den andre")
    by_kind = client.get(URL, {"type": "organisations.organisation"}).content.decode()
    assert "Denne" in by_kind and "Den andre" in by_kind and "medlem@test.no" not in by_kind
    one = client.get(
        URL, {"type": "organisations.organisation", "objekt": str(world.organisation.pk)}
    ).content.decode()
    assert "Denne" in one and "Den andre" not in one


def test_an_object_without_a_kind_or_an_unknown_kind_is_a_message_not_a_500(client, world):
    client.force_login(world.users["mission_lead"])
    response = client.get(URL, {"objekt": "1"})
    assert response.status_code == 200
    assert "Velg hvilken type objekt" in response.content.decode()
    response = client.get(URL, {"type": "finnes.ikke"})
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()


def test_secrets_are_never_shown(client, world, django_capture_on_commit_callbacks):
    user = world.users["member"]
    user.set_password("et-nytt-hemmelig-passord")
    user.save()
    _token, raw = api_token_create(user=user, name="Import")
    invitation = services.invitation_create(
        organisation=world.organisation, email="ny@test.no", invited_by=world.users["coordinator"]
    )
    client.force_login(world.users["mission_lead"])
    body = client.get(URL).content.decode()
    assert "ny@test.no" in body  # the invitation is there …
    for secret in (user.password, raw, raw[8:], invitation.link_nonce):
        assert secret not in body  # … but none of the secrets
    for field in ("password", "key_hash", "link_nonce", "Key hash", "Link nonce"):
        assert f"<strong>{field}" not in body
