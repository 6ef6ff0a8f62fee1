"""The mission lead's housekeeping: internal notes and the themes barriers are escalated in
(the categories are a reference list: `mission.services.reference_term_save`)."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.barriers.models import Barrier, BarrierNote, BarrierTheme
from fellesloft.barriers.services._common import _clean_text
from fellesloft.core.exceptions import ServiceError


@transaction.atomic
def barrier_note_add(*, barrier: Barrier, author: User, text: str) -> BarrierNote:
    text = _clean_text(text, field="text", required=True, message=_("Skriv notatet."))
    if len(text) > 5000:
        raise ServiceError(_("Notatet kan ha høyst 5000 tegn."), field="text")
    return BarrierNote.objects.create(barrier=barrier, author=author, text=text)


@transaction.atomic
def barrier_set_theme(*, barrier: Barrier, theme: BarrierTheme | None) -> Barrier:
    barrier.theme = theme
    barrier.save(update_fields=["theme", "updated_at"])
    return barrier


@transaction.atomic
def theme_save(
    *, theme: BarrierTheme | None = None, name: str, description: str = "", order: int = 0
) -> BarrierTheme:
    """Creates a theme or changes one; names are unique."""
    name = _clean_text(name, field="name", required=True, message=_("Gi temaet et navn."))
    theme = theme or BarrierTheme()
    if BarrierTheme.objects.filter(name__iexact=name).exclude(pk=theme.pk).exists():
        raise ServiceError(_("Det finnes allerede et tema med dette navnet."), field="name")
    theme.name = name
    theme.description = (description or "").strip()
    theme.order = order
    theme.save()
    return theme


@transaction.atomic
def theme_set_barriers(*, theme: BarrierTheme, barriers: QuerySet[Barrier]) -> BarrierTheme:
    """Makes exactly `barriers` the members of `theme`."""
    theme.barriers.exclude(pk__in=barriers.values("pk")).update(theme=None)
    barriers.update(theme=theme)
    return theme
