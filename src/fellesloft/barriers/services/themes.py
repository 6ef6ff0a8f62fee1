"""The mission lead's housekeeping: internal notes, themes and the list of categories."""

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.barriers.models import Barrier, BarrierCategory, BarrierNote, BarrierTheme
from fellesloft.barriers.services._common import _clean_text
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.slugs import unique_slug


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


def _named(instance: Model, *, name: str, description: str, order: int, taken: str) -> Model:
    """Sets the name, description and order of a theme or category; names are unique."""
    clash = type(instance).objects.filter(name__iexact=name)
    if instance.pk is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ServiceError(taken, field="name")
    instance.name = name
    instance.description = (description or "").strip()
    instance.order = order
    return instance


@transaction.atomic
def theme_save(
    *, theme: BarrierTheme | None = None, name: str, description: str = "", order: int = 0
) -> BarrierTheme:
    name = _clean_text(name, field="name", required=True, message=_("Gi temaet et navn."))
    theme = _named(
        theme or BarrierTheme(),
        name=name,
        description=description,
        order=order,
        taken=_("Det finnes allerede et tema med dette navnet."),
    )
    theme.save()
    return theme


@transaction.atomic
def theme_set_barriers(*, theme: BarrierTheme, barriers: QuerySet[Barrier]) -> BarrierTheme:
    """Makes exactly `barriers` the members of `theme`."""
    theme.barriers.exclude(pk__in=barriers.values("pk")).update(theme=None)
    barriers.update(theme=theme)
    return theme


@transaction.atomic
def category_save(
    *,
    category: BarrierCategory | None = None,
    name: str,
    name_en: str = "",
    description: str = "",
    order: int = 0,
    is_active: bool = True,
) -> BarrierCategory:
    name = _clean_text(name, field="name", required=True, message=_("Gi kategorien et navn."))
    if category is None:
        category = BarrierCategory(slug=unique_slug(BarrierCategory, name, fallback="kategori"))
    category = _named(
        category,
        name=name,
        description=description,
        order=order,
        taken=_("Det finnes allerede en kategori med dette navnet."),
    )
    category.name_en = name_en.strip()
    category.is_active = is_active
    category.save()
    return category
