from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fellesloft.accounts.models import GlobalRole
from fellesloft.core.forms import filter_field, text_area
from fellesloft.core.ordering import norwegian
from fellesloft.organisations.models import MembershipRole, Municipality, Organisation, Sector
from fellesloft.organisations.rules import organisations_of
from fellesloft.organisations.services import ORGANISATION_FIELDS


def municipality_filter() -> forms.ModelChoiceField:
    return filter_field(
        _("Kommune"),
        Municipality.objects.order_by(norwegian("name")),
        _("Alle kommuner"),
        by="number",
    )


def sector_filter() -> forms.ModelChoiceField:
    """The service sectors; the youth voice is who takes part, not a sector to filter by."""
    return filter_field(
        _("Sektor"), Sector.objects.filter(is_youth_voice=False), _("Alle sektorer")
    )


def organisation_choices():
    """Every organisation, to choose one from (an experiment's owner, who gave support, who
    does a task), by name; the label names its sector."""
    return Organisation.objects.select_related("sector").order_by(norwegian("name"))


def own_organisations(user) -> QuerySet[Organisation]:
    """The organisations a person may act for in a form (a dialog's, a barrier's reporter, a
    discussion's): the mission lead every one, others their own."""
    if user is not None and getattr(user, "is_mission_lead", False):
        return Organisation.objects.order_by(norwegian("name"))
    return organisations_of(user).order_by(norwegian("name"))


def offer_organisations(field: forms.ModelChoiceField, organisations) -> None:
    """Offers `organisations` in `field`, with the only one chosen already when there is one
    (nobody should have to pick their only organisation from a list)."""
    field.queryset = organisations
    only = list(organisations[:2])
    if len(only) == 1 and field.initial is None:
        field.initial = only[0]


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.sector.name})"


class OrganisationMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.sector.name})"


class OrganisationForm(forms.ModelForm):
    sector = forms.ModelChoiceField(
        label=_("Sektor"), queryset=Sector.objects.filter(is_youth_voice=False)
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.order_by(norwegian("name")),
        required=False,
        help_text=_("Fylles ut når organisasjonen er lokal."),
    )
    website = forms.URLField(label=_("Nettside"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = list(ORGANISATION_FIELDS)
        widgets = {"description": text_area(4)}


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-post"),
        help_text=_("Personen får en lenke på e-post som virker én gang."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=MembershipRole.choices)
    global_role = forms.ChoiceField(
        label=_("Rolle i hele oppdraget"),
        choices=GlobalRole.choices,
        required=False,
        help_text=_("Bare oppdragslederen kan gi en rolle i hele oppdraget."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_mission_lead:
            del self.fields["global_role"]


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=MembershipRole.choices)


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk etter navn"), required=False)
    kommune = municipality_filter()
    sektor = sector_filter()
