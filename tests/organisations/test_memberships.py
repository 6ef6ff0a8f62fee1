"""Deactivating a membership (a coordinator) or a whole account (the mission lead): the person
loses access at their next request, by session and by API token, everywhere a membership
counts; what they wrote stays with their name; reactivation gives it back. And the API for
members and invitations."""

import pytest
from auditlog.models import LogEntry
from django.db.models import prefetch_related_objects
from django.test import Client
from django.urls import reverse

from fellesloft.accounts.services import api_token_create
from fellesloft.core.exceptions import ServiceError
from fellesloft.organisations import rules, selectors, services
from fellesloft.organisations.models import Invitation, Membership, MembershipRole
from tests.barriers.helpers import report

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _bearer(user) -> dict:
    _token, raw = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _members_api(world) -> str:
    return f"{API}/organisations/{world.organisation.slug}/members"


def test_a_deactivated_membership_stops_counting_everywhere_at_once(world):
    member = world.users["member"]
    organisation = world.organisation
    assert rules.is_member(member, organisation)
    services.membership_deactivate(
        membership=world.memberships["member"], actor=world.users["coordinator"]
    )
    assert not rules.is_member(member, organisation)
    assert not rules.organisations_of(member).exists()
    assert not rules.municipality_ids_of(member).exists()
    assert not rules.is_member_of_any_organisation(member)
    assert not member.has_perm("organisations.view_members", organisation)
    # The search asks with the memberships prefetched: the same rule from the loaded rows.
    prefetch_related_objects([member], "memberships")
    assert not rules.has_any_membership(member)
    assert not selectors.organisation_members(organisation=organisation).filter(user=member)
    listed = selectors.organisation_list().get(pk=organisation.pk)
    assert listed.member_count == 1
    # The row stays, so its history does; reactivation gives the rights back.
    services.membership_reactivate(membership=world.memberships["member"])
    assert rules.is_member(member, organisation)


def test_a_deactivated_account_counts_for_no_organisation(world):
    coordinator = world.users["coordinator"]
    services.user_deactivate(user=coordinator, actor=world.users["mission_lead"])
    coordinator.refresh_from_db()
    assert not coordinator.is_active
    assert not rules.coordinated_organisation_ids_of(coordinator).exists()
    assert selectors.organisation_list().get(pk=world.organisation.pk).member_count == 1


def test_a_coordinator_deactivates_a_member_whose_session_loses_access_at_once(client, world):
    member_client = client
    member_client.force_login(world.users["member"])
    detail = reverse("organisations:detail", args=[world.organisation.slug])
    assert 'id="medlemmer"' in member_client.get(detail).content.decode().split("<main")[1]

    coordinator = Client()
    coordinator.force_login(world.users["coordinator"])
    url = reverse(
        "organisations:membership_deactivate",
        args=[world.organisation.slug, world.memberships["member"].pk],
    )
    response = coordinator.post(url, follow=True)
    assert "er deaktivert" in response.content.decode()

    # The member's next request: still logged in, but no longer a member.
    main = member_client.get(detail).content.decode().split("<main")[1]
    assert 'id="medlemmer"' not in main
    assert not world.users["member"].has_perm("organisations.view_members", world.organisation)


def test_the_mission_lead_deactivates_an_account_and_its_session_and_token_stop(client, world):
    coordinator = world.users["coordinator"]
    headers = _bearer(coordinator)
    session = Client()
    session.force_login(coordinator)
    members = reverse("organisations:members", args=[world.organisation.slug])
    assert session.get(members).status_code == 200
    assert client.get(_members_api(world), **headers).status_code == 200

    client.force_login(world.users["mission_lead"])
    url = reverse(
        "organisations:account_deactivate",
        args=[world.organisation.slug, world.memberships["coordinator"].pk],
    )
    response = client.post(url, follow=True)
    assert "Kontoen til" in response.content.decode()

    # Django's ModelBackend no longer gives the session a user: sent to the login page.
    response = session.get(members)
    assert response.status_code == 302 and reverse("accounts:login") in response.url
    client.logout()
    assert client.get(_members_api(world), **headers).status_code == 401

    # Reactivated, the token works again (the session was ended).
    services.user_reactivate(user=coordinator, actor=world.users["mission_lead"])
    assert client.get(_members_api(world), **headers).status_code == 200


def test_a_deactivated_membership_refuses_the_token_at_once(client, world):
    headers = _bearer(world.users["coordinator"])
    assert client.get(_members_api(world), **headers).status_code == 200
    services.membership_change_role(
        membership=world.memberships["member"], role=MembershipRole.COORDINATOR
    )
    services.membership_deactivate(membership=world.memberships["coordinator"])
    assert client.get(_members_api(world), **headers).status_code == 403


def test_what_a_deactivated_person_wrote_keeps_their_name(world):
    barrier = report(world)
    services.membership_deactivate(membership=world.memberships["member"])
    services.user_deactivate(user=world.users["member"], actor=world.users["mission_lead"])
    barrier.refresh_from_db()
    assert barrier.reported_by == world.users["member"]
    assert str(barrier.reported_by) == "medlem"
    # A deactivated member no longer acts for the organisation.
    services.user_reactivate(user=world.users["member"])
    with pytest.raises(ServiceError):
        report(world, title="En barriere til")


def test_deactivation_refusals(world):
    with pytest.raises(ServiceError, match="minst én koordinator"):
        services.membership_deactivate(membership=world.memberships["coordinator"])
    services.membership_deactivate(membership=world.memberships["member"])
    with pytest.raises(ServiceError, match="allerede deaktivert"):
        services.membership_deactivate(membership=world.memberships["member"])
    lead = world.users["mission_lead"]
    with pytest.raises(ServiceError, match="din egen konto"):
        services.user_deactivate(user=lead, actor=lead)


def test_only_the_mission_lead_closes_whole_accounts(client, world):
    assert not world.users["coordinator"].has_perm("organisations.manage_accounts")
    client.force_login(world.users["coordinator"])
    url = reverse(
        "organisations:account_deactivate",
        args=[world.organisation.slug, world.memberships["member"].pk],
    )
    assert client.post(url).status_code == 403
    world.users["member"].refresh_from_db()
    assert world.users["member"].is_active


def test_deactivations_are_in_the_audit_log(world):
    services.membership_deactivate(
        membership=world.memberships["member"], actor=world.users["coordinator"]
    )
    services.user_deactivate(user=world.users["member"], actor=world.users["mission_lead"])
    membership_entry = LogEntry.objects.get_for_object(world.memberships["member"]).latest()
    assert membership_entry.actor == world.users["coordinator"]
    assert membership_entry.changes["is_active"] == ["True", "False"]
    user_entry = LogEntry.objects.get_for_object(world.users["member"]).latest()
    assert user_entry.actor == world.users["mission_lead"]
    assert user_entry.changes["is_active"] == ["True", "False"]


# --- The API ----------------------------------------------------------------------------------


def test_the_api_invites_lists_and_revokes(client, world, django_capture_on_commit_callbacks):
    headers = _bearer(world.users["coordinator"])
    base = f"{API}/organisations/{world.organisation.slug}/invitations"
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            base,
            {"email": "Via.Api@Test.no", "role": "coordinator"},
            content_type="application/json",
            **headers,
        )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["email"] == "via.api@test.no" and body["status"] == "pending"
    assert "link_nonce" not in body and "token" not in str(body)
    listed = client.get(base, **headers).json()
    assert [row["email"] for row in listed] == ["via.api@test.no"]
    revoked = client.post(f"{base}/{body['id']}/revoke", **headers)
    assert revoked.json()["status"] == "revoked"
    assert client.get(base, **headers).json() == []
    again = client.post(f"{base}/{body['id']}/revoke", **headers)
    assert again.status_code == 400
    assert "trukket tilbake" in again.json()["error"]["message"]


def test_the_api_refuses_bad_input_and_other_organisations(client, world):
    headers = _bearer(world.users["coordinator"])
    mine = f"{API}/organisations/{world.organisation.slug}/invitations"
    bad = client.post(
        mine, {"email": "ikke-en-adresse"}, content_type="application/json", **headers
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["details"][0]["field"] == "email"
    mission_role = client.post(
        mine,
        {"email": "x@test.no", "global_role": "mission_lead"},
        content_type="application/json",
        **headers,
    )
    assert mission_role.status_code == 403
    assert mission_role.json()["error"]["code"] == "forbidden"
    theirs = f"{API}/organisations/{world.other_organisation.slug}/invitations"
    refused = client.post(
        theirs, {"email": "x@test.no"}, content_type="application/json", **headers
    )
    assert refused.status_code == 403
    assert not Invitation.objects.exists()


def test_the_api_lists_and_deactivates_members(client, world):
    headers = _bearer(world.users["coordinator"])
    members = client.get(_members_api(world), **headers).json()
    by_email = {row["email"]: row for row in members}
    assert by_email["medlem@test.no"]["role"] == "member"
    membership_id = by_email["medlem@test.no"]["id"]
    response = client.post(f"{_members_api(world)}/{membership_id}/deactivate", **headers)
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert not Membership.objects.get(pk=membership_id).is_active
    response = client.post(f"{_members_api(world)}/{membership_id}/reactivate", **headers)
    assert response.json()["is_active"] is True
    last = world.memberships["coordinator"].pk
    refused = client.post(f"{_members_api(world)}/{last}/deactivate", **headers)
    assert refused.status_code == 400
    other = world.memberships["other_coordinator"].pk
    assert client.post(f"{_members_api(world)}/{other}/deactivate", **headers).status_code == 404
