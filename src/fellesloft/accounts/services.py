from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.accounts.models import ApiToken, User, hash_token
from fellesloft.core.exceptions import ServiceError


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


@transaction.atomic
def identity_link(*, request, sociallogin, user: User) -> None:
    """Links the account at an identity provider (OpenID Connect) to the user, at the user's
    first login there; later logins find the user by the link (`accounts/oidc/adapter.py`)."""
    sociallogin.connect(request, user)
