"""The weekly digest e-mail: its content, its unsubscribe token and its sending."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from fellesloft.learning import selectors, services
from fellesloft.learning.models import DigestPreference

UNSUBSCRIBE_SALT = "fellesloft.learning.digest-unsubscribe"
DIGEST_PERIOD = timedelta(days=7)


def unsubscribe_token(user) -> str:
    return signing.dumps({"user": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_id_from_token(token: str) -> int | None:
    """The user a token was made for, or None when it is forged or broken.

    The token does not expire: an unsubscribe link in an old e-mail must still work.
    """
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT)["user"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


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
    with translation.override("nb"):
        subject = render_to_string("learning/email/digest_subject.txt", context).strip()
        text = render_to_string("learning/email/digest.txt", context)
        html = render_to_string("learning/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    message.send()
    services.digest_preference_mark_sent(preference=preference, sent_at=now)
    return True
