"""Login throttling per account across addresses, on top of django-axes' lock per account and
address (`AXES_LOCKOUT_PARAMETERS`).

An attacker with many addresses gets `ACCOUNT_FAILURE_LIMIT` wrong passwords for an account
within `ACCOUNT_WINDOW` – counted since the account's last successful login or password reset
– and then the account is locked for a short cool-off that doubles with every further failure,
up to `ACCOUNT_COOLOFF_MAX`. The account holder is told by e-mail when the lock begins, and is
not shut out for long: an address from which they logged in before (while axes keeps its
records) is not held by the account lock, and a password reset starts the count afresh.
"""

import logging
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessFailureLog, AccessLog
from django.db.models import Count, Max
from django.utils import timezone

from fellesloft.accounts.models import User

logger = logging.getLogger(__name__)

ACCOUNT_FAILURE_LIMIT = 10
ACCOUNT_WINDOW = timedelta(hours=24)
ACCOUNT_COOLOFF = timedelta(minutes=1)
ACCOUNT_COOLOFF_MAX = timedelta(minutes=15)


def _failures(username: str, now):
    """The account's failed logins that count: since its last successful login, and within
    the window (a password reset deletes them: `services.login_failures_forget`)."""
    since = now - ACCOUNT_WINDOW
    last_login = User.objects.filter(email__iexact=username).values_list("last_login", flat=True)
    last_login = last_login.first()
    if last_login and last_login > since:
        since = last_login
    return AccessFailureLog.objects.filter(username__iexact=username, attempt_time__gt=since)


def account_locked_until(username: str | None, *, now=None):
    """When the account's lock ends (None when it is not locked)."""
    if not username:
        return None
    now = now or timezone.now()
    found = _failures(username, now).aggregate(count=Count("id"), last=Max("attempt_time"))
    if found["count"] < ACCOUNT_FAILURE_LIMIT:
        return None
    doublings = min(found["count"] - ACCOUNT_FAILURE_LIMIT, 10)
    until = found["last"] + min(ACCOUNT_COOLOFF * 2**doublings, ACCOUNT_COOLOFF_MAX)
    return until if until > now else None


def _known_address(username: str, address: str | None) -> bool:
    """Whether the account logged in from this address before (within axes' records)."""
    return bool(address) and (
        AccessLog.objects.filter(username__iexact=username, ip_address=address).exists()
    )


class AccountThrottleHandler(AxesDatabaseHandler):
    """axes' database handler, which also locks an account across addresses (see above)."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        username = get_client_username(request, credentials)
        if account_locked_until(username) is None:
            return False
        return not _known_address(username, getattr(request, "axes_ip_address", None))

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None:
            return
        if not request.axes_locked_out and self.is_locked(request, credentials):
            request.axes_locked_out = True  # axes' lockout answer (429)
            request.axes_credentials = credentials
        username = get_client_username(request, credentials)
        if not username or _failures(username, timezone.now()).count() != ACCOUNT_FAILURE_LIMIT:
            return
        user = User.objects.filter(email__iexact=username, is_active=True).first()
        if user is not None:
            from fellesloft.accounts.tasks import send_login_lock_notice

            _enqueue(send_login_lock_notice, user_id=user.pk)


def _enqueue(task, **kwargs) -> None:
    """A task that cannot be queued must not turn a login into an error page."""
    try:
        task.enqueue(**kwargs)
    except Exception:
        logger.exception("Could not queue %s", task.name)
