"""Background work for accounts: the notice of a locked login, sent by the task worker."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from fellesloft.accounts.models import User
from fellesloft.operations.scheduler import periodic


@task()
def send_login_lock_notice(*, user_id: int) -> int:
    """Tells the account holder that logins to the account were locked after many wrong
    passwords from elsewhere, and how to get in (returns the number of e-mails sent)."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return 0
    body = _(
        "Hei %(name)s,\n\n"
        "Noen har prøvd å logge inn på kontoen din i Fellesløft med feil passord mange ganger, "
        "fra flere steder. Vi har derfor sperret innloggingen en kort stund (høyst 15 minutter "
        "om gangen). Fra steder du har logget inn fra før, kan du logge inn som vanlig.\n\n"
        "Var det ikke deg, bør du lage et nytt passord: %(reset_url)s\n"
        "Når du har laget et nytt passord, kan du logge inn med en gang.\n"
    ) % {
        "name": user.get_short_name(),
        "reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
    }
    return send_mail(
        _("Fellesløft: innloggingen på kontoen din er sperret en stund"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


@periodic(every=timedelta(days=1), description=gettext_lazy("sletter gamle innloggingsoppføringer"))
@task()
def purge_login_records() -> int:
    from fellesloft.accounts.services import login_records_purge

    return login_records_purge()
