"""The weekly digest e-mail: its content, its unsubscribe token and its sending."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from fellesloft.core.mailing import id_from_signed, send_subscribed_mail, signed_id
from fellesloft.learning import selectors, services
from fellesloft.learning.models import DigestPreference

UNSUBSCRIBE_SALT = "fellesloft.learning.digest-unsubscribe"
DIGEST_PERIOD = timedelta(days=7)


def unsubscribe_token(user) -> str:
    return signed_id(user.pk, salt=UNSUBSCRIBE_SALT, key="user")


def user_id_from_token(token: str) -> int | None:
    """The user a token was made for, or None when it is forged or broken."""
    return id_from_signed(token, salt=UNSUBSCRIBE_SALT, key="user")


def unsubscribe_url(user) -> str:
    path = reverse("learning:digest_unsubscribe", kwargs={"token": unsubscribe_token(user)})
    return f"{settings.SITE_URL}{path}"


def digest_since(preference: DigestPreference, now):
    """Where the next digest starts: when the last one went out, at most one period back."""
    return max(preference.last_sent_at or now - DIGEST_PERIOD, now - DIGEST_PERIOD)


def send_digest(*, preference: DigestPreference, now=None) -> bool:
    """Sends one user's digest; returns False when there was nothing new or no subscription."""
    now = now or timezone.now()
    user = preference.user
    if not preference.is_subscribed or not user.is_active:
        return False
    since = digest_since(preference, now)
    items = selectors.digest_items(preference=preference, since=since)
    if not items:
        return False
    link = unsubscribe_url(user)
    context = {
        "user": user,
        "items": items,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": link,
        "settings_url": f"{settings.SITE_URL}{reverse('learning:digest_settings')}",
        "since": since,
    }
    send_subscribed_mail(
        template="learning/email/digest",
        context=context,
        to=user.email,
        unsubscribe_url=link,
        html=True,
    )
    services.digest_preference_mark_sent(preference=preference, sent_at=now)
    return True
