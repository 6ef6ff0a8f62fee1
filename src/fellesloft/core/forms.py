"""Form rendering with Designsystemet and the one way to show a service's error in a form."""

from django import forms
from django.forms import Form
from django.forms.renderers import TemplatesSetting

from fellesloft.core.exceptions import ServiceError


class DesignSystemFormRenderer(TemplatesSetting):
    """Renders every form with labels, help, error messages and aria-describedby."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def add_service_error(form: Form, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    if error.details:
        form.add_error(field, [error.summary, *error.details])  # one message per finding
    else:
        form.add_error(field, error.message)


def filter_field(label, queryset, empty_label, *, by: str = "slug") -> forms.ModelChoiceField:
    """One choice among `queryset` in a list's filters: optional («`empty_label`» for all), and
    named in the address by the field `by` (a slug or a number), not by a primary key."""
    return forms.ModelChoiceField(
        label=label, queryset=queryset, required=False, to_field_name=by, empty_label=empty_label
    )
