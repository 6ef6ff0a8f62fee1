"""What organisations does when something happens elsewhere: at a login, by any means, the
account's pending invitations are accepted (a login proves the e-mail: a password chosen
from an invitation's link, or OpenID Connect with a verified address). The app's ready()
loads this module."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

from fellesloft.organisations import services


@receiver(user_logged_in, dispatch_uid="organisations.receivers.accept_pending_invitations")
def accept_pending_invitations(sender, request, user, **kwargs) -> None:
    for membership in services.invitations_accept_pending(user=user):
        if request is not None:
            messages.success(
                request,
                _("Du er nå med i %(organisation)s som %(role)s.")
                % {
                    "organisation": membership.organisation.name,
                    "role": membership.get_role_display().lower(),
                },
                fail_silently=True,
            )
