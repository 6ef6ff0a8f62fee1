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


# --- Issue 23: the audit log speaks Norwegian to people ---------------------------------------


def _measure_history(world):
    """A measure created, changed (provider, access, a long description, a theme added and one
    taken away) and another one deleted, by the coordinator."""
    from fellesloft.measures import services as measure_services
    from fellesloft.measures.models import Access
    from fellesloft.mission.models import NeedTheme
    from tests.measures.factories import make_measure, measure_input

    actor = world.users["coordinator"]
    measure = make_measure(provider=world.organisation, themes=("psykisk-helse",))
    long_text = " ".join(f"Setning nummer {n} om hva tilbudet gjør for de unge." for n in range(30))
    measure_services.measure_update(
        actor=actor,
        measure=measure,
        data=measure_input(
            provider=world.other_organisation,
            access=Access.REFERRAL,
            description=long_text,
            need_themes=list(NeedTheme.objects.filter(slug="lavinntekt")),
        ),
    )
    gone = make_measure(provider=world.organisation, name="Nedlagt tilbud")
    gone.delete()
    return measure, long_text


def _audit_page(client, world, **params) -> str:
    client.force_login(world.users["mission_lead"])
    response = client.get(URL, {"type": "measures.measure", **params})
    assert response.status_code == 200
    return response.content.decode()


def test_actions_are_norwegian_words(client, world):
    _measure_history(world)
    body = _audit_page(client, world)
    for word in ("<td>Opprettet</td>", "<td>Endret</td>", "<td>Slettet</td>"):
        assert word in body
    assert ">create<" not in body and ">update<" not in body and ">delete<" not in body


def test_fields_by_their_form_names_and_values_by_names_not_ids(client, world):
    measure, _text = _measure_history(world)
    body = _audit_page(client, world, objekt=str(measure.pk))
    # The field as the form names it (the model field's verbose name), never the column name.
    assert "<strong>Tilbyder</strong>:" in body and "<strong>Tilgang</strong>:" in body
    assert "provider" not in body and "<strong>access" not in body
    # A related object by its name, a choice by its label.
    assert f"{world.organisation.name} → {world.other_organisation.name}" in body
    assert "Drop-in → Henvisning" in body
    assert f"→ {world.other_organisation.pk}<" not in body and "drop_in" not in body


def test_many_to_many_changes_say_what_was_added_and_removed(client, world):
    measure, _text = _measure_history(world)
    body = _audit_page(client, world, objekt=str(measure.pk))
    assert "<strong>Behovstemaer</strong>: lagt til Lavinntekt" in body
    assert "<strong>Behovstemaer</strong>: fjernet Psykisk helse" in body


def test_times_to_the_minute_in_each_language(client, world, settings):
    import datetime

    measure, _text = _measure_history(world)
    moment = datetime.datetime(2027, 1, 15, 13, 5, 42, tzinfo=datetime.UTC)  # 14:05 in Oslo
    LogEntry.objects.filter(object_pk=str(measure.pk)).update(timestamp=moment)
    body = _audit_page(client, world, objekt=str(measure.pk))
    assert ">15.1.2027 kl. 14:05</time>" in body and "14:05:42<" not in body
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(URL, {"type": "measures.measure", "objekt": str(measure.pk)})
    assert ">15 Jan 2027, 14:05</time>" in english.content.decode()


def test_a_long_value_is_readable_in_full(client, world):
    measure, long_text = _measure_history(world)
    assert len(long_text) > 1000
    body = _audit_page(client, world, objekt=str(measure.pk))
    # Folded behind «vis før og etter», never cut off.
    assert "<details><summary><strong>Beskrivelse</strong>: endret – vis før og etter" in body
    assert long_text in body


def test_a_created_object_shows_its_values_once_and_no_id_field(client, world):
    measure, _text = _measure_history(world)
    body = _audit_page(client, world, objekt=str(measure.pk))
    created = body[body.index("<td>Opprettet</td>") :]
    assert "<strong>Navn</strong>: Helsestasjon for ungdom" in created
    assert f"<strong>Tilbyder</strong>: {world.organisation.name}" in created
    assert "<strong>ID</strong>" not in body and "– → Helsestasjon" not in body
