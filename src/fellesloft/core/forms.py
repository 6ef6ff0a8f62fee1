"""Form rendering with Designsystemet and the one way to show a service's error in a form."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.forms import Form
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.selectors import audited_types


class DesignSystemFormRenderer(TemplatesSetting):
    """Renders every form with labels, help, error messages and aria-describedby."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class SearchableCheckboxes(forms.CheckboxSelectMultiple):
    """A long list of choices (organisations, municipalities) as checkboxes with a box to
    find one by typing (`fellesloft/choices.js`) – instead of a native multi-select that asks
    people to hold down Ctrl. Without JavaScript the whole list shows."""


class DateInput(forms.DateInput):
    """The browser's date picker, with the value in the ISO form it expects."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def text_area(rows: int) -> forms.Textarea:
    """A text area `rows` lines high to start with: the height says how much is expected."""
    return forms.Textarea(attrs={"rows": rows})


def long_text(label, *, rows: int, **kwargs) -> forms.CharField:
    """Free text over several lines, in a `text_area(rows)`."""
    return forms.CharField(label=label, widget=text_area(rows), **kwargs)


def editable_copy(instance):
    """A fresh copy of `instance` for a ModelForm or a service to change: validating a form
    changes its instance, and a failed one must not leave the object the page shows
    half-changed."""
    return type(instance)._default_manager.get(pk=instance.pk)


def checkboxes(label, queryset=None, **kwargs) -> forms.ModelMultipleChoiceField:
    """An optional choice of several among `queryset` as checkboxes (Designsystemet has no
    multi-select); the form's `__init__` gives the queryset where it depends on the user or
    the object (`offer_choices`)."""
    kwargs.setdefault("required", False)
    return forms.ModelMultipleChoiceField(
        label=label, queryset=queryset, widget=forms.CheckboxSelectMultiple, **kwargs
    )


def offer_choices(form: Form, choices: dict, *, drop_empty: bool = False) -> None:
    """Gives each field named in `choices` its queryset; with `drop_empty`, a field with nothing
    to choose is left out of the form."""
    for name, queryset in choices.items():
        form.fields[name].queryset = queryset
        if drop_empty and not queryset.exists():
            del form.fields[name]


def check_date_order(form: Form, start: str, end: str, message: str) -> None:
    """In a form's `clean`: `message` on the field `end` when its date is before `start`'s."""
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, message)


class InSteps:
    """A long form shown in steps: `steps` lists (key, legend, field names); the template
    `core/forms/steps.html` draws each step as a fieldset, and a field left out of every
    step comes in the last one."""

    steps: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    def step_groups(self) -> list[dict]:
        placed = {name for _key, _legend, names in self.steps for name in names}
        groups = []
        for key, legend, names in self.steps:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                groups.append({"key": key, "legend": legend, "fields": fields})
        rest = [self[name] for name in self.fields if name not in placed]
        if rest and groups:
            groups[-1]["fields"].extend(rest)
        elif rest:
            groups.append({"key": "", "legend": "", "fields": rest})
        return groups


def add_service_error(form: Form, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    if error.details:
        form.add_error(field, [error.summary, *error.details])  # one message per finding
    else:
        form.add_error(field, error.message)


def english_name_field(max_length: int) -> forms.CharField:
    """The English name of a reference-list term (core.models.TranslatedName)."""
    return forms.CharField(
        label=_("Navn på engelsk"),
        max_length=max_length,
        required=False,
        help_text=_("Vises når språket er engelsk. Tomt: det norske navnet vises."),
    )


def filter_field(label, queryset, empty_label, *, by: str = "slug") -> forms.ModelChoiceField:
    """One choice among `queryset` in a list's filters: optional («`empty_label`» for all), and
    named in the address by the field `by` (a slug or a number), not by a primary key."""
    return forms.ModelChoiceField(
        label=label, queryset=queryset, required=False, to_field_name=by, empty_label=empty_label
    )


def list_filters(request, form_class: type[Form], **kwargs) -> tuple[Form, dict]:
    """A list page's filter form, bound to the address (`?kommune=…`), and what it filters by:
    nothing when a filter is not valid (a choice that is gone), so the page still shows."""
    form = form_class(request.GET or None, **kwargs)
    return form, form.cleaned_data if form.is_valid() else {}


class AuditLogFilterForm(forms.Form):
    """The audit log's filters: who made the change, and the kind of object or one object."""

    bruker = forms.EmailField(label=_("Hvem (e-post)"), required=False)
    type = forms.ChoiceField(label=_("Type objekt"), required=False)
    objekt = forms.CharField(
        label=_("Objektets nummer"),
        required=False,
        max_length=64,
        help_text=_("Velg type objekt også. Du får nummeret ved å klikke på et objekt i loggen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Alle typer")), *audited_types()]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("objekt") and not cleaned.get("type"):
            self.add_error("type", _("Velg hvilken type objekt nummeret gjelder."))
        return cleaned

    def content_type(self) -> ContentType | None:
        key = self.cleaned_data.get("type")
        if not key:
            return None
        app_label, model = key.split(".", 1)
        return ContentType.objects.get_by_natural_key(app_label, model)
