"""Memberships: roles, deactivation and reactivation, and whole accounts (the mission lead).

A membership is never deleted from the page: it is deactivated, so that what the person did
for the organisation keeps its history and their name. Whether a membership counts is decided
in `organisations.rules` (active membership of an active account) and nowhere else.
"""

from contextlib import nullcontext

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.core.exceptions import ServiceError
from fellesloft.organisations.models import Membership, MembershipRole
from fellesloft.organisations.rules import counting_memberships


def as_actor(user):
    """Names the person in the audit log also outside a web request (API token, CLI)."""
    if user is not None and getattr(user, "is_authenticated", False):
        return set_actor(user)
    return nullcontext()


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor=None) -> Membership:
    if role not in MembershipRole.values:
        raise ServiceError(_("Ukjent rolle."), field="role")
    if membership.role == MembershipRole.COORDINATOR and role != MembershipRole.COORDINATOR:
        _ensure_other_coordinator(membership)
    with as_actor(actor):
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_deactivate(*, membership: Membership, actor=None) -> Membership:
    """The person loses the organisation's rights at their next request (session or token)."""
    membership = _locked_membership(membership)
    if membership.is_active and membership.role == MembershipRole.COORDINATOR:
        _ensure_other_coordinator(membership)
    return _set_active(
        membership, False, actor=actor, already=_("Medlemskapet er allerede deaktivert.")
    )


@transaction.atomic
def membership_reactivate(*, membership: Membership, actor=None) -> Membership:
    return _set_active(
        _locked_membership(membership),
        True,
        actor=actor,
        already=_("Medlemskapet er allerede aktivt."),
    )


def _locked_membership(membership: Membership) -> Membership:
    return Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)


def _set_active(obj, active: bool, *, actor, already: str):
    """Switches a membership or an account (locked by the caller) on or off, in the log."""
    if obj.is_active == active:
        raise ServiceError(already)
    with as_actor(actor):
        obj.is_active = active
        obj.save(update_fields=["is_active"])
    return obj


def _ensure_other_coordinator(membership: Membership) -> None:
    others = (
        counting_memberships(Membership.objects.select_for_update())
        .filter(organisation=membership.organisation, role=MembershipRole.COORDINATOR)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ServiceError(
            _("En organisasjon må ha minst én koordinator. Gjør en annen til koordinator først.")
        )


@transaction.atomic
def user_deactivate(*, user: User, actor=None) -> User:
    """The mission lead closes a whole account: logins, sessions and API tokens stop working
    at once (Django's ModelBackend and the token check refuse an inactive user). What the
    person wrote stays, with their name."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor is not None and user.pk == actor.pk:
        raise ServiceError(_("Du kan ikke deaktivere din egen konto."))
    return _set_active(user, False, actor=actor, already=_("Kontoen er allerede deaktivert."))


@transaction.atomic
def user_reactivate(*, user: User, actor=None) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    return _set_active(user, True, actor=actor, already=_("Kontoen er allerede aktiv."))
