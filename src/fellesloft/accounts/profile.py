"""The account's own part of «Last ned mine data» (see `core.profile`)."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from fellesloft.accounts.models import ApiToken, DeletionRequest
from fellesloft.core.profile import PersonalRecords, PersonalValue, records

_LOGIN_FIELDS = ("attempt_time", "ip_address", "user_agent", "path_info")


def _account(user) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "global_role": user.get_global_role_display(),
        "is_active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def _login_records(model, *columns: str):
    """The login records (django-axes) of one kind, kept for LOGIN_RECORDS_RETENTION_DAYS: axes
    knows the person by the address they typed, not by a link to the user."""
    return lambda user: records(
        model.objects.filter(username__iexact=user.email), *_LOGIN_FIELDS, *columns
    )


PERSONAL_DATA = (
    PersonalValue("account", _account),
    # Name, the first characters and dates; the key's hash never leaves the database.
    PersonalRecords(
        "api_tokens", ApiToken, "user", columns=("name", "key_hint", "created_at", "last_used_at")
    ),
    # Logins with the organisation's identity (OpenID Connect, django-allauth): which identity
    # provider's account is linked, by its id there; not the token.
    PersonalRecords(
        "identity_links",
        SocialAccount,
        "user",
        columns=("provider", "uid", "last_login", "date_joined"),
    ),
    PersonalRecords(
        "email_addresses", EmailAddress, "user", columns=("email", "verified", "primary")
    ),
    PersonalRecords(
        "deletion_requested_at",
        DeletionRequest,
        "user",
        present=lambda requests: requests.values_list("requested_at", flat=True).first(),
    ),
    PersonalValue("logins", _login_records(AccessLog, "logout_time")),
    PersonalValue("failed_logins", _login_records(AccessFailureLog)),
    PersonalValue("login_attempts", _login_records(AccessAttempt, "failures_since_start")),
)
