import re
from datetime import datetime, timedelta

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.accounts.models import ApiToken, DeletionRequest, User, hash_token
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.people import DELETED_USER
from fellesloft.core.profile import forget_user_everywhere


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its raw key, which is shown once and never stored."""
    name = name.strip()
    if not name:
        raise ServiceError(_("Gi nøkkelen et navn, så du vet hva den brukes til."), field="name")
    if user.api_tokens.count() >= 20:
        raise ServiceError(_("Du kan ha høyst 20 nøkler. Slett en du ikke bruker."), field="name")
    raw_key = ApiToken.generate_raw_key()
    token = ApiToken.objects.create(
        user=user, name=name[:100], key_hash=hash_token(raw_key), key_hint=raw_key[:8]
    )
    return token, raw_key


def api_token_revoke(*, token: ApiToken) -> None:
    token.delete()


def api_token_authenticate(*, raw_key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw_key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    # Only write when it changes the picture, so every request is not a write.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def user_update_profile(*, user: User, full_name: str) -> User:
    user.full_name = full_name.strip()
    user.save(update_fields=["full_name"])
    return user


# --- login records (django-axes): staff addresses and user agents, kept for a while only -----


def login_failures_forget(*, user: User) -> None:
    """After a password reset: the failed logins to the account no longer count (see
    `throttle.py`), so its holder can log in at once with the new password."""
    AccessFailureLog.objects.filter(username__iexact=user.email).delete()
    AccessAttempt.objects.filter(username__iexact=user.email).delete()


@transaction.atomic
def login_records_purge(*, now: datetime | None = None) -> int:
    """Deletes the login records (attempts, failures, successful logins: addresses and user
    agents) older than `LOGIN_RECORDS_RETENTION_DAYS`. Returns how many."""
    before = (now or timezone.now()) - timedelta(days=settings.LOGIN_RECORDS_RETENTION_DAYS)
    deleted = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        count, _by_model = model.objects.filter(attempt_time__lt=before).delete()
        deleted += count
    return deleted


@transaction.atomic
def user_password_reset(*, user: User, password: str) -> User:
    """Sets the password chosen from a reset link and forgets the failed logins, so a lock set
    off by somebody else does not keep the holder out."""
    user.set_password(password)
    user.save()
    login_failures_forget(user=user)
    return user


# --- the person's data on request (GDPR): download, deletion ------------------------------------


@transaction.atomic
def user_deletion_request(*, user: User) -> DeletionRequest:
    """The person asks for their account to be deleted; the mission lead carries it out."""
    request, _created = DeletionRequest.objects.get_or_create(user=user)
    return request


@transaction.atomic
def user_deletion_withdraw(*, user: User) -> bool:
    """The person withdraws a pending request (True when there was one)."""
    deleted, _by_model = DeletionRequest.objects.filter(user=user).delete()
    return bool(deleted)


DELETED_AUDIT_TEXT = "bruker slettet etter forespørsel"
# The user's fields that name them (the audit trail's entries about the user hold their values).
PERSONAL_USER_FIELDS = {"email", "full_name"}


@transaction.atomic
def user_delete_on_request(*, deletion_request: DeletionRequest, by: User) -> None:
    """Carries out a deletion request: the account goes, with its memberships, API keys,
    sessions and login records; what the person contributed stays, attributed to «slettet
    bruker» (the foreign keys to the user empty themselves); the audit trail keeps their
    entries without their name. The deletion itself is audit-logged without naming them."""
    user = User.objects.select_for_update().filter(pk=deletion_request.user_id).first()
    if user is None:
        raise ServiceError(_("Kontoen er allerede slettet."))
    if user.pk == by.pk:
        raise ServiceError(_("En annen oppdragsleder må slette kontoen din."))
    names = {user.email, str(user)}
    _audit_log_forget(user=user, names=names)
    _sessions_forget(user=user)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()
    forget_user_everywhere(user=user)
    # Nothing of the deletion's cascade is logged (the entries would name the person) …
    with disable_auditlog():
        user.delete()
    # … only that it happened, by whom.
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_pk="",
        object_repr=DELETED_AUDIT_TEXT,
        action=LogEntry.Action.DELETE,
        changes_text=DELETED_AUDIT_TEXT,
        actor=by,
        actor_email=by.email,
    )


def _audit_log_forget(*, user: User, names: set[str]) -> None:
    """The person's audit entries are kept without the name: as actor they become «slettet
    bruker», and their e-mail and name are taken out of what the entries say."""
    LogEntry.objects.filter(actor=user).update(
        actor=None,
        actor_email=None,
        remote_addr=None,
        remote_port=None,
        additional_data={"actor_deleted": True},
    )
    label = str(DELETED_USER)
    names = {name for name in names if name}
    user_type = ContentType.objects.get_for_model(User)
    mentions = Q(content_type=user_type, object_pk=str(user.pk))
    entries = LogEntry.objects.annotate(changes_as_text=Cast("changes", TextField()))
    for name in names:
        mentions |= (
            Q(object_repr__icontains=name)
            | Q(changes_text__icontains=name)
            | Q(changes_as_text__icontains=name)
        )
    # Whole words only: the name «Ola» must not change «Nikola» in somebody else's entry.
    pattern = re.compile(
        r"(?<!\w)(?:"
        + "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        + r")(?!\w)",
        flags=re.IGNORECASE,
    )
    for entry in entries.filter(mentions):
        scrubbed = [
            _without(getattr(entry, field), pattern, label)
            for field in ("object_repr", "changes_text", "changes")
        ]
        about_user = entry.content_type_id == user_type.pk and entry.object_pk == str(user.pk)
        if about_user and isinstance(scrubbed[2], dict):
            # Also earlier names and addresses the account had.
            scrubbed[2] = {
                field: [label, label] if field in PERSONAL_USER_FIELDS else values
                for field, values in scrubbed[2].items()
            }
        if scrubbed == [entry.object_repr, entry.changes_text, entry.changes] and not about_user:
            continue
        entry.object_repr, entry.changes_text, entry.changes = scrubbed
        entry.serialized_data = None
        entry.save(update_fields=["object_repr", "changes_text", "changes", "serialized_data"])


def _without(value, pattern: re.Pattern, label: str):
    """`value` (text, or JSON of lists and dicts) with every mention `pattern` finds replaced."""
    if isinstance(value, str):
        return pattern.sub(label, value)
    if isinstance(value, list):
        return [_without(item, pattern, label) for item in value]
    if isinstance(value, dict):
        return {key: _without(item, pattern, label) for key, item in value.items()}
    return value


def _sessions_forget(*, user: User) -> None:
    """Logs the person out everywhere (database sessions; a cache session of a deleted user
    no longer finds its user)."""
    key = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == key:
            session.delete()


@transaction.atomic
def identity_link(*, request, sociallogin, user: User) -> None:
    """Links the account at an identity provider (OpenID Connect) to the user, at the user's
    first login there; later logins find the user by the link (`accounts/oidc/adapter.py`)."""
    sociallogin.connect(request, user)
