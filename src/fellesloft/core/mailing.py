"""E-mail that people subscribe to (the digest, news of a dialog's outcomes): signed links to
unsubscribe, and the sending with one-click unsubscribe headers (RFC 8058)."""

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def signed_id(pk: int, *, salt: str, key: str) -> str:
    return signing.dumps({key: pk}, salt=salt, compress=True)


def id_from_signed(token: str, *, salt: str, key: str) -> int | None:
    """The id a token was made for, or None when it is forged or broken. It does not expire:
    the unsubscribe link in an old e-mail must still work."""
    try:
        return int(signing.loads(token, salt=salt)[key])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def send_subscribed_mail(
    *, template: str, context: dict, to: str, unsubscribe_url: str, html: bool = False
) -> None:
    """Renders `<template>_subject.txt` and `<template>.txt` (and `<template>.html` with
    `html`) in Norwegian and sends them to `to`, with the link to unsubscribe in the headers."""
    with translation.override("nb"):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        text = render_to_string(f"{template}.txt", context)
        body_html = render_to_string(f"{template}.html", context) if html else None
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    if body_html is not None:
        message.attach_alternative(body_html, "text/html")
    message.send()
