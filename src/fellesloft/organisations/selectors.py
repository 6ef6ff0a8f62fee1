"""Reads of organisations and municipalities. The organisations each read shows are those
the reader may see (`core.policy.visible`); `user=None` reads as a visitor."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from fellesloft.accounts.models import GlobalRole, User
from fellesloft.core.ordering import norwegian
from fellesloft.core.policy import visible
from fellesloft.organisations.models import (
    Invitation,
    Membership,
    Municipality,
    Organisation,
    Sector,
)
from fellesloft.organisations.rules import counting_memberships, is_member_of, membership_counts

# The signature of an invitation's link; the nonce in it is replaced by each new send.
INVITATION_SALT = "fellesloft.organisations.invitation"


def organisation_list(
    *,
    user=None,
    municipality: Municipality | None = None,
    sector: Sector | None = None,
    query: str = "",
) -> QuerySet[Organisation]:
    organisations = (
        visible(Organisation.objects.all(), user)
        .select_related("sector", "municipality")
        .annotate(member_count=Count("memberships", filter=membership_counts("memberships")))
    )
    if municipality is not None:
        organisations = organisations.filter(municipality=municipality)
    if sector is not None:
        organisations = organisations.filter(sector=sector)
    if query:
        organisations = organisations.filter(Q(name__icontains=query))
    return organisations.order_by(norwegian("name"))


def organisation_members(*, organisation: Organisation) -> QuerySet[Membership]:
    """The members that count (what members of the organisation see)."""
    return (
        counting_memberships(organisation.memberships.all())
        .select_related("user")
        .order_by("role", "user__email")
    )


def organisation_memberships(*, organisation: Organisation) -> QuerySet[Membership]:
    """Every membership, deactivated ones and those of deactivated accounts last (what the
    people who manage the members see)."""
    return organisation.memberships.select_related("user").order_by(
        "-is_active", "-user__is_active", "role", "user__email"
    )


def organisation_invitations(*, organisation: Organisation) -> QuerySet[Invitation]:
    """The invitations not yet accepted or revoked (expired ones included, to send again)."""
    return (
        organisation.invitations.filter(accepted_at=None, revoked_at=None)
        .select_related("invited_by")
        .order_by("-created_at")
    )


def invitation_token(invitation: Invitation) -> str:
    # No timestamp in it: the expiry is the invitation's own, which a new send moves.
    return signing.Signer(salt=INVITATION_SALT).sign_object([invitation.pk, invitation.link_nonce])


def invitation_path(invitation: Invitation) -> str:
    return reverse(
        "organisations:invitation_accept", kwargs={"token": invitation_token(invitation)}
    )


def invitee_of(invitation: Invitation):
    """The account the invitation is for: made when it was sent, or – should an
    administrator have deleted it since – a new one, saved when the invitation is accepted."""
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = user_model(email=invitation.email)
        user.set_unusable_password()
    return user


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation the link names, or None for a link that is forged, garbled or replaced
    by a newer send. Whether it may still be accepted is the services' question."""
    try:
        invitation_id, nonce = signing.Signer(salt=INVITATION_SALT).unsign_object(token)
        invitation_id = int(invitation_id)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not constant_time_compare(invitation.link_nonce, str(nonce)):
        return None
    return invitation


def municipality_list() -> QuerySet[Municipality]:
    return (
        Municipality.objects.select_related("county")
        .annotate(organisation_count=Count("organisations"))
        .order_by(norwegian("name"))
    )


def sectors_for_organisations() -> QuerySet[Sector]:
    return Sector.objects.filter(is_youth_voice=False)


def organisations_of_user(*, user) -> QuerySet[Organisation]:
    return is_member_of.filter(visible(Organisation.objects.all(), user), user).select_related(
        "sector"
    )


def network_people() -> QuerySet:
    """The people of the network, to choose from (a task's owner, who gave support): active
    users with a role in the mission or in one of its organisations, by name."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(global_role__in=[GlobalRole.MISSION_LEAD, GlobalRole.MODERATOR])
            | Q(is_superuser=True)
            | Q(pk__in=counting_memberships(Membership.objects.all()).values("user_id"))
        )
        .distinct()
        .order_by(norwegian("full_name"), "email")
    )
