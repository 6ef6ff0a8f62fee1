"""Turning the keys a request names (slugs, numbers, codes, e-mail addresses) into objects:
the one way for every endpoint, so an unknown key is always a Norwegian 400 that names the
field and the keys – never a 500 and never a half-written change (the lookups run before the
service writes)."""

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError


def _queryset(source) -> QuerySet:
    return source if isinstance(source, QuerySet) else source._default_manager.all()


def named(source, field: str, keys: list, what: str, form_field: str) -> list:
    """The objects of `source` (a model or a queryset, e.g. what the user may see) that the keys
    name, in the keys' order; a 400 naming the ones that do not exist (or are not offered)."""
    keys = list(dict.fromkeys(keys))
    found = {
        str(getattr(obj, field)).casefold(): obj
        for obj in _queryset(source).filter(**{f"{field}__in": keys})
    }
    unknown = [str(key) for key in keys if str(key).casefold() not in found]
    if unknown:
        raise ServiceError(
            _("Ukjent %(what)s: %(keys)s.") % {"what": what, "keys": ", ".join(unknown)},
            field=form_field,
            code="unknown",
        )
    return [found[str(key).casefold()] for key in keys]


def one_named(source, field: str, key, what: str, form_field: str) -> Model | None:
    """The one object `key` names, None for no key (an optional choice), or the same 400."""
    if key is None or key == "":
        return None
    return named(source, field, [key], what, form_field)[0]
