"""The account's own part of «Last ned mine data» (see `core.profile`)."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from fellesloft.core.profile import records

PERSONAL_DATA_FIELDS = (
    "accounts.ApiToken.user",
    "accounts.DeletionRequest.user",
    # Logins with the organisation's identity (OpenID Connect, django-allauth).
    "socialaccount.SocialAccount.user",
    "account.EmailAddress.user",
)

_LOGIN_FIELDS = ("attempt_time", "ip_address", "user_agent", "path_info")


def personal_data(*, user) -> dict:
    request = getattr(user, "deletion_request", None)
    by_username = {"username__iexact": user.email}
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "global_role": user.get_global_role_display(),
            "is_active": user.is_active,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        # Name, the first characters and dates; the key's hash never leaves the database.
        "api_tokens": records(
            user.api_tokens.all(), "name", "key_hint", "created_at", "last_used_at"
        ),
        # Which identity provider's account is linked, by its id there; not the token.
        "identity_links": records(
            SocialAccount.objects.filter(user=user), "provider", "uid", "last_login", "date_joined"
        ),
        "email_addresses": records(
            EmailAddress.objects.filter(user=user), "email", "verified", "primary"
        ),
        "deletion_requested_at": request.requested_at if request else None,
        # The login records (django-axes), kept for LOGIN_RECORDS_RETENTION_DAYS.
        "logins": records(AccessLog.objects.filter(**by_username), *_LOGIN_FIELDS, "logout_time"),
        "failed_logins": records(AccessFailureLog.objects.filter(**by_username), *_LOGIN_FIELDS),
        "login_attempts": records(
            AccessAttempt.objects.filter(**by_username), *_LOGIN_FIELDS, "failures_since_start"
        ),
    }
