"""Background work for organisations: the invitation e-mail, sent by the task worker.

The services announce a saved invitation by a signal (signals.py); the receiver at the end
enqueues the e-mail. Only the invitation's id goes into the task queue: the link is signed
when the e-mail is written, so no working link is stored anywhere. The app's ready() loads
this module.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from fellesloft.organisations import selectors, signals
from fellesloft.organisations.models import Invitation


@task()
def send_invitation_email(*, invitation_id: int) -> int:
    """Sends the invitation with its newest link; nothing for one that was accepted, revoked
    or has expired meanwhile (returns the number of e-mails sent)."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())
        .first()
    )
    if invitation is None:
        return 0
    # The e-mail is in Norwegian whatever language the inviter used.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "role": invitation.get_role_display().lower(),
            "global_role": invitation.get_global_role_display().lower()
            if invitation.global_role
            else "",
            "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
            "link": settings.SITE_URL + selectors.invitation_path(invitation),
            "expires_at": timezone.localtime(invitation.expires_at),
        }
        subject = render_to_string("organisations/email/invitation_subject.txt", context)
        body = render_to_string("organisations/email/invitation.txt", context)
    return send_mail(
        " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [invitation.email]
    )


@receiver(signals.invitation_sent, dispatch_uid="organisations.tasks.send_invitation_email")
def _on_invitation_sent(sender, *, invitation_id: int, **kwargs) -> None:
    send_invitation_email.enqueue(invitation_id=invitation_id)
