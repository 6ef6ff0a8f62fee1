"""Helpers and errors shared by the dialogs services. Imports no sibling module, so every
services module can import it without a cycle."""

import re
import unicodedata

from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.slugs import unique_slug
from fellesloft.core.text import clean_text, is_blank
from fellesloft.dialogs import participation
from fellesloft.dialogs.models import WORKSHOP_PHASES, Dialog


class DialogClosed(ServiceError):
    def __init__(self) -> None:
        super().__init__(_("Dialogen er ikke åpen for deltakelse nå."), code="dialog_closed")


class VoteRateLimited(ServiceError):
    """The participant votes faster than the rate limit lets them; `retry_after` in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            _("Du stemmer veldig raskt. Vent litt og prøv igjen."), code="rate_limited"
        )
        self.retry_after = retry_after


class UnknownStatement(ServiceError):
    def __init__(self) -> None:
        super().__init__(
            _("Utsagnet finnes ikke i denne dialogen, eller det er ikke publisert."),
            field="statement",
            code="unknown_statement",
        )


# --- helpers ---------------------------------------------------------------------------------


def normalise_statement_text(text: str) -> str:
    """Case, spacing and punctuation removed: «Mer  tid, takk!» == «mer tid takk»."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())[: participation.STATEMENT_MAX_LENGTH]


def unique_dialog_slug(title: str) -> str:
    return unique_slug(Dialog, title, fallback="dialog", max_length=60)


def unique_short_code() -> str:
    while True:
        code = participation.new_short_code()
        if not Dialog.objects.filter(short_code=code).exists():
            return code


def _clean_text(text: str, *, max_length: int, field: str = "text") -> str:
    """One line of visible text: a statement from a form, the API, a CSV file or an import."""
    text = " ".join(clean_text(text or "").split())
    if is_blank(text):
        raise ServiceError(_("Skriv et utsagn."), field=field, code="empty")
    if len(text) > max_length:
        raise ServiceError(
            _("Utsagnet er for langt: %(length)d tegn. Grensen er %(max)d tegn.")
            % {"length": len(text), "max": max_length},
            field=field,
            code="too_long",
        )
    return text


def previous_phase(phase: str) -> str | None:
    """The workshop phase before `phase` (None for the first phase and for plain dialogs)."""
    if phase not in WORKSHOP_PHASES or phase == WORKSHOP_PHASES[0]:
        return None
    return WORKSHOP_PHASES[WORKSHOP_PHASES.index(phase) - 1]
