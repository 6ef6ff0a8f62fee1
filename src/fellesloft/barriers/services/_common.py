"""Helpers shared by the barriers services. Imports no sibling module, so the services
modules can all import it without a cycle."""

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.barriers.models import Barrier
from fellesloft.core.exceptions import ServiceError
from fellesloft.organisations.models import Organisation
from fellesloft.organisations.rules import is_member


def _clean_text(value: str, *, field: str, required: bool, message: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(message, field=field)
    return value


def _check_member(
    user: User, organisation: Organisation, message: str, *, field: str | None = None
) -> None:
    """People act for the organisations they are members of, and no other."""
    if not is_member(user, organisation):
        raise ServiceError(message, field=field)


def _check_open(barrier: Barrier, closed: str) -> None:
    """Organisations act on a barrier only while it is open and not held back; `closed` says,
    with the barrier's `%(status)s`, what cannot be done now."""
    if barrier.is_held:
        raise ServiceError(_("Barrieren er holdt tilbake til oppdragslederen har sett på den."))
    if not barrier.is_open:
        raise ServiceError(closed % {"status": barrier.get_status_display().lower()})


def _locked(barrier: Barrier) -> Barrier:
    return Barrier.objects.select_for_update().get(pk=barrier.pk)


def _n(message: str) -> str:
    """Notification texts are written in Norwegian whatever language the actor uses."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message)


def _n_date(value) -> str:
    """A date in a notification text: Norwegian, in the site's short date format."""
    with translation.override(settings.LANGUAGE_CODE):
        return date_format(value, "SHORT_DATE_FORMAT")
