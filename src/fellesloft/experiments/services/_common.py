"""Helpers shared by the experiments services. Imports no sibling module, so the services
modules can all import it without a cycle."""

from collections.abc import Mapping
from contextlib import contextmanager

from auditlog.context import set_actor
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.screening import describe_findings, find_personal_data
from fellesloft.notifications import services as notifications


@contextmanager
def _actor(user):
    """Names the person in the audit log also outside a web request (API token, CLI)."""
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    with set_actor(user):
        yield


def _person(user):
    """The user to store as author, or None for an anonymous caller (a token, the CLI)."""
    return user if getattr(user, "is_authenticated", False) else None


def _screen(**texts: str) -> None:
    """The platform holds no personal data about young people: refuse free text with any."""
    for field, text in texts.items():
        findings = find_personal_data(text or "")
        if findings:
            raise ServiceError(
                _(
                    "Teksten ser ut til å inneholde personopplysninger (%(kinds)s). "
                    "Fjern dem før du lagrer – forsøk beskriver tiltak, ikke enkeltpersoner."
                )
                % {"kinds": describe_findings(findings)},
                field=field,
                code="personal_data",
            )


def _require(texts: Mapping[str, str], *, optional: tuple[str, ...] = ()) -> None:
    """Every text but the optional ones must have something besides white space."""
    for field, text in texts.items():
        if field not in optional and not (text or "").strip():
            raise ServiceError(_("Feltet må fylles ut."), field=field, code="required")


def _tell_followers(about, *, by, text, also=()) -> None:
    """The followers of `about` (and `also`) hear of a change, in the site's language; the
    person who made it does not. `text` builds the message."""
    notifications.notify_followers(
        about=about, actor=_person(by), text=notifications.in_site_language(text), also=also
    )
