"""«Gi meg beskjed om hva som skjer»: the e-mail that tells a participant what came of the
dialog, and its unsubscribe link. Sent by the task worker (tasks.py), never by the request."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from fellesloft.core.mailing import id_from_signed, send_subscribed_mail, signed_id
from fellesloft.dialogs import selectors, services
from fellesloft.dialogs.models import Dialog, OutcomeSubscription

UNSUBSCRIBE_SALT = "fellesloft.dialogs.outcome-unsubscribe"


def unsubscribe_token(subscription: OutcomeSubscription) -> str:
    return signed_id(subscription.pk, salt=UNSUBSCRIBE_SALT, key="s")


def subscription_id_from_token(token: str) -> int | None:
    """The subscription a token was made for, or None when it is forged or broken."""
    return id_from_signed(token, salt=UNSUBSCRIBE_SALT, key="s")


def unsubscribe_url(subscription: OutcomeSubscription) -> str:
    path = reverse("dialogs:outcome_unsubscribe", kwargs={"token": unsubscribe_token(subscription)})
    return f"{settings.SITE_URL}{path}"


def outcomes_are_public(dialog: Dialog) -> bool:
    """The e-mail goes to people who are not logged in: it tells what a visitor may see, by
    the results page's own rule."""
    return AnonymousUser().has_perm("dialogs.view_results", dialog)


def send_outcome_news(*, subscription: OutcomeSubscription) -> bool:
    """E-mails the outcomes added since the participant was last told; False when none."""
    dialog = subscription.participant.dialog
    if not outcomes_are_public(dialog):
        return False
    news = selectors.outcome_news(subscription=subscription)
    if not news:
        return False
    link = unsubscribe_url(subscription)
    page = f"{settings.SITE_URL}{reverse('dialogs:participate', kwargs={'slug': dialog.slug})}"
    context = {"dialog": dialog, "outcomes": news, "page_url": page, "unsubscribe_url": link}
    send_subscribed_mail(
        template="dialogs/email/outcomes",
        context=context,
        to=subscription.email,
        unsubscribe_url=link,
    )
    services.outcome_subscription_mark_notified(
        subscription=subscription, until=max(outcome.created_at for outcome in news)
    )
    return True


def send_dialog_outcome_news(*, dialog_id: int) -> int:
    """Tells everyone who asked in this dialog; returns how many e-mails were sent."""
    subscriptions = OutcomeSubscription.objects.select_related("participant__dialog").filter(
        participant__dialog_id=dialog_id
    )
    return sum(send_outcome_news(subscription=subscription) for subscription in subscriptions)
