"""Steps that every app's services take the same way: refuse the fields a caller may not set,
copy the allowed ones onto an instance, validate before saving, and refuse free text that
holds personal data.

The allow-list itself belongs to the app's services (a tuple constant), and the app's form
names its fields from that constant, so a field is added in one place.
"""

from collections.abc import Iterable, Mapping

from django.db.models import Model
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.screening import describe_findings, find_personal_data


def refuse_unknown_fields(
    fields: Iterable[str], allowed: Iterable[str], *, message: str | None = None
) -> None:
    """Raises ServiceError naming the fields outside `allowed`. `message` has a `%(fields)s`."""
    unknown = set(fields) - set(allowed)
    if unknown:
        message = message or _("Ukjente felt: %(fields)s")
        raise ServiceError(message % {"fields": ", ".join(sorted(unknown))})


def apply_fields(instance: Model, fields: Mapping[str, object], *, strip: bool = True) -> Model:
    """Sets each field on `instance`; text is stripped of surrounding white space."""
    for name, value in fields.items():
        setattr(instance, name, value.strip() if strip and isinstance(value, str) else value)
    return instance


def save_validated(instance: Model) -> Model:
    """The model's own validation first, so a bad value is a ValidationError, not a DB error."""
    instance.full_clean()
    instance.save()
    return instance


def refuse_personal_data(text: str, *, field: str, message: str, **values) -> None:
    """Raises ServiceError when the screening finds personal data in `text`. `message` names
    what was found with `%(what)s`; `values` fill its other placeholders."""
    findings = find_personal_data(text or "")
    if findings:
        raise ServiceError(message % {**values, "what": describe_findings(findings)}, field=field)
