from django import forms
from django.utils.translation import gettext_lazy as _

from fellesloft.core.ordering import norwegian, norwegian_key
from fellesloft.search.models import SearchDocument

# The municipalities the index refers to, reached through its own foreign key.
Municipality = SearchDocument._meta.get_field("municipality").related_model


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Søk etter"), required=False, max_length=200)
    type = forms.MultipleChoiceField(
        label=_("Type"), required=False, widget=forms.CheckboxSelectMultiple
    )
    kommune = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.order_by(norwegian("name")),
        required=False,
        to_field_name="number",
        empty_label=_("Alle kommuner"),
    )

    def __init__(self, *args, labels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = sorted(
            labels.items(), key=lambda item: norwegian_key(str(item[1]))
        )
