import dataclasses

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fellesloft.core.forms import SearchableCheckboxes, checkboxes, filter_field, long_text
from fellesloft.core.ordering import norwegian
from fellesloft.measures import selectors
from fellesloft.measures.importer import MAX_FILE_BYTES
from fellesloft.measures.models import MAX_AGE, Access, Measure, Reach
from fellesloft.measures.services import MeasureInput
from fellesloft.measures.youth import youth_need_choices
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.forms import municipality_filter, sector_filter
from fellesloft.organisations.models import Municipality, Organisation


class MeasureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Measure) -> str:
        return f"{obj.name} – {obj.provider.name}"


_MULTIPLE_CHOICES = {"municipalities", "need_themes", "youth_needs", "coordinated_with"}


class MeasureForm(forms.Form):
    name = forms.CharField(label=_("Navn på tiltaket"), max_length=200)
    provider = forms.ModelChoiceField(
        label=_("Tilbyder"),
        queryset=None,
        help_text=_("Organisasjonen som tilbyr tiltaket. Sektoren følger organisasjonen."),
    )
    reach = forms.ChoiceField(
        label=_("Hvor gis tilbudet?"),
        choices=Reach.choices,
        initial=Reach.MUNICIPAL,
        widget=forms.RadioSelect,
        help_text=_(
            "Tilbud for hele fylket eller hele landet vises for unge i alle kommuner som ikke "
            "har noe eget for det de trenger."
        ),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Kommuner"),
        queryset=Municipality.objects.order_by(norwegian("name")),
        widget=SearchableCheckboxes,
        required=False,
        help_text=_("Bare for tilbud i kommunen."),
    )
    description = long_text(
        _("Beskrivelse med enkle ord"),
        rows=4,
        help_text=_("Skriv slik at en 16-åring forstår det. Ingen navn på personer."),
    )
    age_from = forms.IntegerField(label=_("Alder fra"), min_value=0, max_value=MAX_AGE)
    age_to = forms.IntegerField(label=_("Alder til"), min_value=0, max_value=MAX_AGE)
    need_themes = checkboxes(
        _("Behovstemaer"), NeedTheme.objects.filter(is_active=True).order_by("order"), required=True
    )
    youth_needs = forms.MultipleChoiceField(
        label=_("Hva de unge kan finne tiltaket under"),
        choices=youth_need_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Brukes på siden «Hva kan hjelpe meg?». Lar du dette stå tomt, foreslås det ut fra "
            "behovstemaene og sektoren."
        ),
    )
    access = forms.ChoiceField(
        label=_("Hvordan får man tilgang?"), choices=Access.choices, widget=forms.RadioSelect
    )
    access_note = forms.CharField(
        label=_("Mer om tilgang"),
        max_length=300,
        required=False,
        help_text=_("For eksempel hvem som kan henvise."),
    )
    capacity = forms.IntegerField(
        label=_("Kapasitet"),
        min_value=0,
        required=False,
        help_text=_("Antall plasser eller deltakere samtidig."),
    )
    contact_role = forms.CharField(
        label=_("Kontaktpunkt (rolle)"),
        max_length=150,
        help_text=_("En rolle, for eksempel «helsesykepleier» – aldri navnet på en person."),
    )
    opening_hours = forms.CharField(
        label=_("Åpningstid"), max_length=200, help_text=_("For eksempel «Hverdager 9–15».")
    )
    location = forms.CharField(
        label=_("Sted eller adresse"),
        max_length=200,
        required=False,
        help_text=_(
            "Tiltak som vises for unge, må ha telefon, nettside eller adresse – minst én av dem."
        ),
    )
    contact_phone = forms.CharField(
        label=_("Telefon"),
        max_length=20,
        required=False,
        help_text=_("Tjenestens eget nummer, ikke en persons mobil."),
    )
    website = forms.URLField(label=_("Nettside"), required=False, assume_scheme="https")
    is_active = forms.BooleanField(label=_("Tiltaket er aktivt"), required=False, initial=True)
    coordinated_with = MeasureChoiceField(
        label=_("Koordinert med"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Tiltak i samme kommune som dette tiltaket samarbeider fast med. "
            "Hold Ctrl (Cmd på Mac) for å velge flere."
        ),
    )

    def __init__(self, *args, user, measure: Measure | None = None, **kwargs):
        if measure is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": measure.name,
                "provider": measure.provider_id,
                "municipalities": list(measure.municipalities.all()),
                "description": measure.description,
                "age_from": measure.age_from,
                "age_to": measure.age_to,
                "need_themes": list(measure.need_themes.all()),
                "youth_needs": [item.need for item in measure.youth_needs.all()],
                "access": measure.access,
                "access_note": measure.access_note,
                "capacity": measure.capacity,
                "contact_role": measure.contact_role,
                "opening_hours": measure.opening_hours,
                "location": measure.location,
                "contact_phone": measure.contact_phone,
                "website": measure.website,
                "reach": measure.reach,
                "is_active": measure.is_active,
                "coordinated_with": list(measure.coordinated_with.all()),
            }
        super().__init__(*args, **kwargs)
        providers = selectors.provider_choices(user=user)
        if measure is not None:
            providers = Organisation.objects.select_related("sector").filter(
                Q(pk__in=providers.values("pk")) | Q(pk=measure.provider_id)
            )
        self.fields["provider"].queryset = providers.order_by(norwegian("name"))
        others = Measure.objects.select_related("provider").order_by(norwegian("name"))
        if measure is not None:
            others = (
                others.exclude(pk=measure.pk)
                .filter(municipalities__in=measure.municipalities.all())
                .distinct()
            )
        self.fields["coordinated_with"].queryset = others

    def to_input(self) -> MeasureInput:
        """The input from the fields of the same names; the multiple choices as lists."""
        data = self.cleaned_data
        return MeasureInput(
            **{
                name: list(data[name]) if name in _MULTIPLE_CHOICES else data[name]
                for name in (input_field.name for input_field in dataclasses.fields(MeasureInput))
            }
        )


STATUS_CHOICES = [
    ("active", _("Aktive")),
    ("ended", _("Avsluttede")),
    ("all", _("Alle")),
]


class MeasureFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk etter navn eller tilbyder"), required=False)
    kommune = municipality_filter()
    sektor = sector_filter()
    behovstema = filter_field(
        _("Behovstema"),
        NeedTheme.objects.filter(is_active=True).order_by("order"),
        _("Alle behovstemaer"),
    )
    alder = forms.IntegerField(label=_("Alder"), min_value=0, max_value=MAX_AGE, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)


class YouthSearchForm(forms.Form):
    """«Hva kan hjelpe meg?» – a GET form: nothing the young person picks is stored."""

    behov = forms.MultipleChoiceField(
        label=_("Hva trenger du hjelp med?"),
        choices=youth_need_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Velg så mange du vil."),
    )
    alder = forms.IntegerField(
        label=_("Hvor gammel er du?"),
        min_value=10,
        max_value=40,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Skriv alderen din som et tall, for eksempel 17."),
            "min_value": _("Skriv en alder mellom 10 og 40."),
            "max_value": _("Skriv en alder mellom 10 og 40."),
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med tiltak (XLSX eller CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text=_("Høyst 2 MB. Bruk malen, så stemmer kolonnene."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("Filen er større enn 2 MB. Del den opp."))
        return upload
