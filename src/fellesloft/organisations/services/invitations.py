"""Invitations: a coordinator invites colleagues to their organisation by e-mail, the mission
lead to any organisation (and may give a role in the whole mission). The link is signed
(`selectors.invitation_token`), works once and until it expires; a new send replaces it.

Inviting makes the account (without a password) when the address has none, so that a login
by any means – a password chosen from the link, or OpenID Connect, which finds the account by
its verified e-mail – reaches the invitation; at login every pending invitation of the
account is accepted (`invitations_accept_pending`, from the `user_logged_in` signal).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from fellesloft.accounts.models import GlobalRole, User
from fellesloft.accounts.services import user_password_reset
from fellesloft.core.exceptions import ServiceError
from fellesloft.organisations.models import (
    Invitation,
    InvitationStatus,
    Membership,
    MembershipRole,
    Organisation,
)
from fellesloft.organisations.rules import counting_memberships
from fellesloft.organisations.services.memberships import as_actor
from fellesloft.organisations.signals import invitation_sent


def _new_nonce() -> str:
    return secrets.token_urlsafe(24)[:32]


def _expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_EXPIRY_DAYS)


def _announce(invitation: Invitation) -> None:
    invitation_id = invitation.pk
    transaction.on_commit(
        lambda: invitation_sent.send(sender=Invitation, invitation_id=invitation_id)
    )


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ServiceError(_("Skriv en gyldig e-postadresse."), field="email") from None
    return email


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    role: str = MembershipRole.MEMBER,
    invited_by: User,
    global_role: str = "",
) -> Invitation:
    """Invites `email` to `organisation` with `role`, and sends the e-mail once saved."""
    if not invited_by.has_perm("organisations.manage_members", organisation):
        raise ServiceError(
            _("Du kan bare invitere til organisasjoner du er koordinator for."),
            code="forbidden",
        )
    email = _clean_email(email)
    if role not in MembershipRole.values:
        raise ServiceError(_("Velg en gyldig rolle."), field="role")
    global_role = global_role or ""
    if global_role:
        if global_role not in GlobalRole.values:
            raise ServiceError(_("Ukjent rolle i oppdraget."), field="global_role")
        if not invited_by.is_mission_lead:
            raise ServiceError(
                _("Bare oppdragslederen kan gi en rolle i hele oppdraget."),
                field="global_role",
                code="forbidden",
            )
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not user.is_active:
        raise ServiceError(
            _("Kontoen til %(email)s er deaktivert. Oppdragslederen kan aktivere den igjen.")
            % {"email": email},
            field="email",
        )
    if (
        user is not None
        and counting_memberships(organisation.memberships.filter(user=user)).exists()
    ):
        raise ServiceError(
            _("%(email)s er allerede medlem av %(organisation)s.")
            % {"email": email, "organisation": organisation.name},
            field="email",
        )
    if Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at=None, revoked_at=None
    ).exists():
        raise ServiceError(
            _("%(email)s er allerede invitert. Send invitasjonen på nytt fra listen i stedet.")
            % {"email": email},
            field="email",
        )
    now = timezone.now()
    with as_actor(invited_by):
        if user is None:
            # Active, without a usable password: the person chooses one from the link, or
            # logs in with OpenID Connect, which finds the account by its e-mail.
            user = User.objects.create_user(email, None)
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    organisation=organisation,
                    email=email,
                    role=role,
                    global_role=global_role,
                    invited_by=invited_by,
                    link_nonce=_new_nonce(),
                    sent_at=now,
                    expires_at=_expiry(),
                )
        except IntegrityError:  # the same invitation, sent at the same moment by another
            raise ServiceError(
                _("%(email)s er allerede invitert.") % {"email": email}, field="email"
            ) from None
    _announce(invitation)
    return invitation


def _locked(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=invitation.pk)
    )


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: User | None = None) -> Invitation:
    """Sends the invitation again with a new link (the old one stops working) and a new
    expiry; also an expired one."""
    invitation = _locked(invitation)
    if not invitation.is_open:
        raise ServiceError(invitation_refusal(invitation) or _("Invitasjonen er ikke åpen."))
    with as_actor(actor):
        invitation.link_nonce = _new_nonce()
        invitation.sent_at = timezone.now()
        invitation.expires_at = _expiry()
        invitation.save(update_fields=["link_nonce", "sent_at", "expires_at"])
    _announce(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User | None = None) -> Invitation:
    invitation = _locked(invitation)
    if not invitation.is_open:
        raise ServiceError(invitation_refusal(invitation) or _("Invitasjonen er ikke åpen."))
    with as_actor(actor):
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_refusal(invitation: Invitation, user=None) -> str | None:
    """Why `user` (or whoever has the link, for None or a visitor) may not accept the
    invitation now, in words for them; None when they may."""
    status = invitation.status
    if status == InvitationStatus.ACCEPTED:
        return _("Denne invitasjonen er allerede brukt. Logg inn for å komme videre.")
    if status == InvitationStatus.REVOKED:
        return _(
            "Denne invitasjonen er trukket tilbake. Ta kontakt med den som inviterte deg hvis "
            "du mener det er feil."
        )
    if status == InvitationStatus.EXPIRED:
        return _(
            "Denne invitasjonen gikk ut %(date)s. Be den som inviterte deg om å sende den på nytt."
        ) % {"date": formats.date_format(timezone.localtime(invitation.expires_at))}
    if user is not None and user.is_authenticated and user.email.lower() != invitation.email:
        return _(
            "Du er logget inn som %(current)s, men invitasjonen er sendt til %(email)s. "
            "Logg ut og åpne lenken på nytt."
        ) % {"current": user.email, "email": invitation.email}
    return None


def _accept(invitation: Invitation, user: User) -> Membership:
    """Accepts a locked, acceptable invitation for its own user."""
    with as_actor(user):
        membership = Membership.objects.filter(
            user=user, organisation=invitation.organisation
        ).first()
        if membership is None:
            membership = Membership.objects.create(
                user=user, organisation=invitation.organisation, role=invitation.role
            )
        else:
            # An invitation never takes a role away: a coordinator invited as a member
            # stays coordinator.
            fields = []
            if not membership.is_active:
                membership.is_active = True
                fields.append("is_active")
            if invitation.role == MembershipRole.COORDINATOR and membership.role != invitation.role:
                membership.role = invitation.role
                fields.append("role")
            if fields:
                membership.save(update_fields=fields)
        if invitation.global_role and user.global_role != invitation.global_role:
            user.global_role = invitation.global_role
            user.save(update_fields=["global_role"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return membership


def _acceptable(invitation: Invitation, user: User) -> Invitation:
    invitation = _locked(invitation)
    refusal = invitation_refusal(invitation, user)
    if refusal is None and user.email.lower() != invitation.email:
        refusal = _("Invitasjonen er sendt til en annen e-postadresse.")
    if refusal is None and not user.is_active:
        refusal = _("Kontoen din er deaktivert. Ta kontakt med oppdragslederen.")
    if refusal is not None:
        raise ServiceError(refusal, code="refused")
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """The invited person, logged in, accepts: they become a member with the role."""
    return _accept(_acceptable(invitation, user), user)


@transaction.atomic
def invitation_accept_with_password(
    *, invitation: Invitation, user: User, password: str
) -> Membership:
    """The invited person without a password chooses one (already validated by the form) and
    accepts; nothing is changed when the invitation may not be accepted."""
    if user.has_usable_password():
        raise ServiceError(
            _("Du har allerede et passord. Logg inn for å godta invitasjonen."), code="refused"
        )
    invitation = _acceptable(invitation, user)
    with as_actor(user):
        user_password_reset(user=user, password=password)
    return _accept(invitation, user)


@transaction.atomic
def invitations_accept_pending(*, user: User) -> list[Membership]:
    """At a login (by any means, which proves the e-mail): every pending, unexpired
    invitation to the account's address is accepted."""
    if not user.is_active or not user.email:
        return []
    pending = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(
            email=user.email.lower(),
            accepted_at=None,
            revoked_at=None,
            expires_at__gt=timezone.now(),
        )
        .order_by("created_at")
    )
    return [_accept(invitation, user) for invitation in pending]
