"""Form rendering with Designsystemet and the one way to show a service's error in a form."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
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


def save_form(
    request,
    form: Form,
    save: Callable[[dict], Any],
    success: str,
    *,
    error_field: str | None = None,
) -> Any | None:
    """The one shape of a form page's POST: on a valid form, `save(cleaned_data)` (a service,
    which returns what it saved); a ServiceError goes onto the form (onto `error_field` when
    the form has one field for all the service's texts), `success` (if any) onto the messages.
    Returns the saved object, so the view redirects to it; None means the view renders the
    form (again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except ServiceError as error:
        if error_field is not None:
            form.add_error(error_field, error.message)
        else:
            add_service_error(form, error)
        return None
    if success:
        messages.success(request, success)
    return saved
