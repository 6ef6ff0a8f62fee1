"""Invitations: the signed link that works once and expires, accepting with a new password or
a login, the refusals (used, expired, revoked, someone else), resend and revoke, and who may
invite whom with which role."""

import re
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from fellesloft.accounts.models import GlobalRole, User
from fellesloft.core.exceptions import ServiceError
from fellesloft.organisations import selectors, services
from fellesloft.organisations.models import Invitation, Membership, MembershipRole
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "fjellbekk-lyng-tyttebær-9"


def _invite(world, email="ny.kollega@test.no", role=MembershipRole.MEMBER, by="coordinator"):
    return services.invitation_create(
        organisation=world.organisation, email=email, role=role, invited_by=world.users[by]
    )


def _link_in(message) -> str:
    """The path of the link in the e-mail (after the site's address)."""
    found = re.search(r"https?://[^/\s]+(/organisasjoner/invitasjon/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def _path(invitation) -> str:
    return selectors.invitation_path(invitation)


def test_inviting_makes_a_passwordless_account_and_sends_a_norwegian_email(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(world, email="  Ny.Kollega@Test.no ")
    assert invitation.email == "ny.kollega@test.no"
    user = User.objects.get(email="ny.kollega@test.no")
    assert user.is_active and not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()  # only when accepted
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    (message,) = mail.outbox
    assert message.to == ["ny.kollega@test.no"]
    assert world.organisation.name in message.subject
    assert "har invitert deg" in message.body and "medlem" in message.body
    assert _link_in(message) == _path(invitation)
    # Only the invitation's id goes to the task queue, never a working link.
    assert invitation.link_nonce not in str(LogEntry.objects.get_for_object(invitation).get())


def test_the_expiry_is_a_setting(world, settings):
    settings.INVITATION_EXPIRY_DAYS = 2
    invitation = _invite(world)
    assert timedelta(days=1, hours=23) < invitation.expires_at - timezone.now() <= timedelta(2)


def test_the_link_names_organisation_and_role_and_a_new_person_sets_a_password(client, world):
    invitation = _invite(world, role=MembershipRole.COORDINATOR)
    page = client.get(_path(invitation))
    body = page.content.decode()
    assert page.status_code == 200
    assert world.organisation.name in body and "koordinator" in body
    assert "Lag et passord" in body

    response = client.post(
        _path(invitation), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("organisations:detail", args=[world.organisation.slug])
    user = User.objects.get(email="ny.kollega@test.no")
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user, organisation=world.organisation)
    assert membership.role == MembershipRole.COORDINATOR and membership.is_active
    # Logged in as the new member: the organisation's member pages open.
    assert (
        client.get(reverse("organisations:members", args=[world.organisation.slug])).status_code
        == 200
    )
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_a_weak_password_is_refused_with_the_validators_message_and_nothing_changes(client, world):
    invitation = _invite(world)
    response = client.post(_path(invitation), {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert "Skjemaet har feil" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not User.objects.get(email="ny.kollega@test.no").has_usable_password()


def test_the_link_works_once(client, world):
    invitation = _invite(world)
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(_path(invitation), data).status_code == 302
    client.logout()
    again = client.post(
        _path(invitation),
        {"new_password1": "annet-passord-42x", "new_password2": "annet-passord-42x"},
    )
    assert again.status_code == 410
    assert "allerede brukt" in again.content.decode()
    assert User.objects.get(email="ny.kollega@test.no").check_password(NEW_PASSWORD)
    with pytest.raises(ServiceError):
        services.invitation_accept(
            invitation=invitation, user=User.objects.get(email="ny.kollega@test.no")
        )


def test_an_expired_link_is_refused_and_nothing_changes(client, world):
    invitation = _invite(world)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post(_path(invitation), data)
    assert response.status_code == 410
    assert "gikk ut" in response.content.decode()
    user = User.objects.get(email="ny.kollega@test.no")
    assert not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()


def test_a_revoked_invitation_is_refused(client, world):
    invitation = _invite(world)
    services.invitation_revoke(invitation=invitation, actor=world.users["coordinator"])
    response = client.get(_path(invitation))
    assert response.status_code == 410
    assert "trukket tilbake" in response.content.decode()
    with pytest.raises(ServiceError):
        services.invitation_revoke(invitation=invitation)


def test_someone_else_logged_in_is_refused_and_nothing_changes(client, world):
    invitation = _invite(world)
    client.force_login(world.users["other_coordinator"])
    for response in (client.get(_path(invitation)), client.post(_path(invitation))):
        assert response.status_code == 403
        body = response.content.decode()
        assert "annen.koordinator@test.no" in body and "ny.kollega@test.no" in body
    assert not Membership.objects.filter(
        user=world.users["other_coordinator"], organisation=world.organisation
    ).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    with pytest.raises(ServiceError):
        services.invitation_accept(invitation=invitation, user=world.users["other_coordinator"])


@pytest.mark.parametrize("token", ["ugyldig", "WzEsImFiYyJd:1vQ:forfalsket"])
def test_a_forged_or_garbled_link_is_a_clear_404(client, world, token):
    _invite(world)
    response = client.get(reverse("organisations:invitation_accept", args=[token]))
    assert response.status_code == 404
    assert "Lenken er ikke gyldig" in response.content.decode()


def test_resending_replaces_the_link_and_the_expiry(
    world, client, django_capture_on_commit_callbacks
):
    invitation = _invite(world)
    old_path = _path(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    with django_capture_on_commit_callbacks(execute=True):
        resent = services.invitation_resend(invitation=invitation, actor=world.users["coordinator"])
    assert resent.expires_at > timezone.now() + timedelta(days=6)
    assert client.get(old_path).status_code == 404
    (message,) = mail.outbox
    assert _link_in(message) == _path(resent) != old_path
    assert client.get(_path(resent)).status_code == 200


def test_a_person_with_an_account_logs_in_and_the_invitation_is_accepted(client, world):
    invitation = services.invitation_create(
        organisation=world.other_organisation,
        email="medlem@test.no",
        role=MembershipRole.MEMBER,
        invited_by=world.users["mission_lead"],
    )
    page = client.get(_path(invitation))
    assert "Logg inn og godta" in page.content.decode()
    response = client.post(
        reverse("accounts:login") + f"?next={_path(invitation)}",
        {"username": "medlem@test.no", "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "organisations:detail", args=[world.other_organisation.slug]
    )
    assert "Du er nå med i" in response.content.decode()
    assert Membership.objects.filter(
        user=world.users["member"], organisation=world.other_organisation, is_active=True
    ).exists()


def test_a_logged_in_invitee_accepts_with_a_button(client, world):
    client.force_login(world.users["member"])
    invitation = services.invitation_create(
        organisation=world.other_organisation,
        email="medlem@test.no",
        invited_by=world.users["mission_lead"],
    )
    page = client.get(_path(invitation)).content.decode()
    assert "Godta invitasjonen" in page and world.other_organisation.name in page
    response = client.post(_path(invitation))
    assert response.url == reverse("organisations:detail", args=[world.other_organisation.slug])
    assert world.users["member"].has_perm("organisations.view_members", world.other_organisation)
    # Opened again by its own invitee, the spent link leads to the organisation.
    assert client.get(_path(invitation)).status_code == 302


def test_any_login_accepts_the_pending_invitations(client, world):
    invitation = services.invitation_create(
        organisation=world.organisation,
        email="annen.koordinator@test.no",
        invited_by=world.users["coordinator"],
    )
    client.force_login(world.users["other_coordinator"])  # as an OIDC login would
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert Membership.objects.filter(
        user=world.users["other_coordinator"], organisation=world.organisation
    ).exists()


def test_login_accepts_pending_but_not_expired_or_revoked_invitations(world):
    user = world.users["other_coordinator"]
    pending = _invite(world, email=user.email)
    expired = services.invitation_create(
        organisation=world.other_organisation.__class__.objects.create(
            name="Frøya frivilligsentral (test)",
            slug="froya-frivillig-test",
            kind="volunteer",
            sector=world.other_organisation.sector,
        ),
        email=user.email,
        invited_by=world.users["mission_lead"],
    )
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))
    accepted = services.invitations_accept_pending(user=user)
    assert [membership.organisation for membership in accepted] == [world.organisation]
    pending.refresh_from_db()
    expired.refresh_from_db()
    assert pending.accepted_at is not None and expired.accepted_at is None


def test_an_invitation_never_takes_a_role_away(world):
    coordinator = world.users["coordinator"]
    # An active member cannot be invited again …
    with pytest.raises(ServiceError, match="allerede medlem"):
        _invite(world, email=coordinator.email, by="mission_lead")
    # … but a deactivated one can, and comes back with at least the old role.
    services.membership_change_role(
        membership=world.memberships["member"], role=MembershipRole.COORDINATOR
    )
    services.membership_deactivate(membership=world.memberships["coordinator"])
    invitation = _invite(world, email=coordinator.email, by="mission_lead")
    membership = services.invitation_accept(invitation=invitation, user=coordinator)
    assert membership.pk == world.memberships["coordinator"].pk
    assert membership.is_active and membership.role == MembershipRole.COORDINATOR


def test_the_same_address_is_not_invited_twice_while_the_invitation_is_open(world):
    invitation = _invite(world)
    with pytest.raises(ServiceError, match="allerede invitert"):
        _invite(world)
    services.invitation_revoke(invitation=invitation)
    assert _invite(world).pk != invitation.pk


@pytest.mark.parametrize(("field", "value"), [("email", "ikke-en-adresse"), ("role", "keiser")])
def test_bad_input_is_a_norwegian_message_on_its_field(world, field, value):
    arguments = {"email": "ny@test.no", "role": MembershipRole.MEMBER, field: value}
    with pytest.raises(ServiceError) as error:
        services.invitation_create(
            organisation=world.organisation, invited_by=world.users["coordinator"], **arguments
        )
    assert error.value.field == field
    assert not Invitation.objects.exists()


def test_a_coordinator_invites_only_to_their_own_organisation(client, world):
    coordinator = world.users["coordinator"]
    with pytest.raises(ServiceError) as error:
        services.invitation_create(
            organisation=world.other_organisation, email="x@test.no", invited_by=coordinator
        )
    assert error.value.code == "forbidden"
    client.force_login(coordinator)
    other_members = reverse("organisations:members", args=[world.other_organisation.slug])
    response = client.post(other_members, {"email": "x@test.no", "role": "member"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert not User.objects.filter(email="x@test.no").exists()


def test_a_coordinator_cannot_give_a_role_in_the_whole_mission(client, world):
    with pytest.raises(ServiceError) as error:
        services.invitation_create(
            organisation=world.organisation,
            email="x@test.no",
            invited_by=world.users["coordinator"],
            global_role=GlobalRole.MISSION_LEAD,
        )
    assert error.value.field == "global_role"
    client.force_login(world.users["coordinator"])
    members = reverse("organisations:members", args=[world.organisation.slug])
    page = client.get(members).content.decode()
    assert 'name="global_role"' not in page
    # A forged field is ignored by the coordinator's form.
    client.post(members, {"email": "x@test.no", "role": "member", "global_role": "mission_lead"})
    assert Invitation.objects.get(email="x@test.no").global_role == ""


def test_the_mission_lead_invites_anywhere_and_gives_a_mission_role(client, world):
    client.force_login(world.users["mission_lead"])
    members = reverse("organisations:members", args=[world.other_organisation.slug])
    response = client.post(
        members,
        {"email": "ny.moderator@test.no", "role": "coordinator", "global_role": "moderator"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="ny.moderator@test.no")
    assert invitation.organisation == world.other_organisation
    user = User.objects.get(email="ny.moderator@test.no")
    services.invitation_accept(invitation=invitation, user=user)
    user.refresh_from_db()
    assert user.global_role == GlobalRole.MODERATOR
    assert user.has_perm("organisations.manage_members", world.other_organisation)


def test_the_members_page_lists_pending_invitations_with_resend_and_revoke(client, world):
    invitation = _invite(world)
    client.force_login(world.users["coordinator"])
    url = reverse("organisations:members", args=[world.organisation.slug])
    body = client.get(url).content.decode()
    assert invitation.email in body and "Send på nytt" in body and "Trekk tilbake" in body
    revoke = reverse(
        "organisations:invitation_revoke", args=[world.organisation.slug, invitation.pk]
    )
    response = client.post(revoke, follow=True)
    assert "er trukket tilbake" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    # Revoking twice says so, and changes nothing.
    response = client.post(revoke, follow=True)
    assert "trukket tilbake" in response.content.decode()


def test_invitations_are_in_the_audit_log_with_who_did_it_and_without_the_secret(world):
    invitation = _invite(world)
    services.invitation_resend(invitation=invitation, actor=world.users["coordinator"])
    user = User.objects.get(email=invitation.email)
    services.invitation_accept(invitation=invitation, user=user)
    entries = LogEntry.objects.get_for_object(invitation).order_by("timestamp")
    assert [entry.actor for entry in entries] == [
        world.users["coordinator"],
        world.users["coordinator"],
        user,
    ]
    for entry in entries:
        assert "link_nonce" not in (entry.changes or {})
    membership = Membership.objects.get(user=user, organisation=world.organisation)
    assert LogEntry.objects.get_for_object(membership).get().actor == user
