from django import forms
from django.utils.translation import gettext_lazy as _

from fellesloft.core.forms import english_name_field, long_text, text_area
from fellesloft.core.ordering import norwegian
from fellesloft.mission.models import Direction, Indicator, Region
from fellesloft.mission.services import INDICATOR_FIELDS

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _jsonstat_setting(label, help_text, max_length=100):
    """An optional setting for reading a JSON-stat dataset (empty: found from the data)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
    )


class MissionForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    vision = long_text(_("Visjon"), rows=3)
    description = long_text(_("Beskrivelse"), rows=5, required=False)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Mål"), max_length=200)
    description = long_text(_("Beskrivelse"), rows=3, required=False)
    indicator = forms.ModelChoiceField(
        label=_("Indikator"), queryset=Indicator.objects.order_by("order", norwegian("name"))
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("code"),
        help_text=_("Hvor målet gjelder: landet, et fylke eller en kommune."),
    )
    direction = forms.ChoiceField(label=_("Retning"), choices=Direction.choices)
    baseline_value = forms.DecimalField(
        label=_("Utgangsverdi"), max_digits=18, decimal_places=4, localize=True
    )
    baseline_year = forms.IntegerField(label=_("Utgangsår"), min_value=1900, max_value=2100)
    target_value = forms.DecimalField(
        label=_("Målverdi"), max_digits=18, decimal_places=4, localize=True
    )
    target_year = forms.IntegerField(label=_("Målår"), min_value=1900, max_value=2100)
    order = forms.IntegerField(label=_("Rekkefølge"), min_value=0, max_value=1000, required=False)


class IndicatorForm(forms.ModelForm):
    source_url = forms.URLField(label=_("Lenke til kilden"), required=False, assume_scheme="https")

    class Meta:
        model = Indicator
        fields = ["code", *INDICATOR_FIELDS]
        labels = {
            "is_preliminary": _("Foreløpige tall"),
        }
        help_texts = {
            "code": _("Små bokstaver, tall og bindestrek, for eksempel «neet-andel-15-29»."),
        }
        widgets = {"definition": text_area(4)}


class IndicatorEditForm(IndicatorForm):
    class Meta(IndicatorForm.Meta):
        fields = list(INDICATOR_FIELDS)


class ReferenceTermForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=150)
    name_en = english_name_field(150)
    description = long_text(_("Beskrivelse"), rows=3, required=False)
    order = forms.IntegerField(label=_("Rekkefølge"), min_value=0, max_value=1000, required=False)
    is_active = forms.BooleanField(
        label=_("I bruk"),
        required=False,
        initial=True,
        help_text=_("Et begrep som ikke er i bruk, kan ikke velges i nye skjema."),
    )


def _preset_choices():
    from fellesloft.mission.ssb import PRESETS

    return [("", _("Ingen – velg fil eller adresse selv"))] + [
        (preset.name, preset.title) for preset in PRESETS.values()
    ]


class ImportForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Forhåndsvalg fra SSB"),
        choices=_preset_choices,
        required=False,
        help_text=_(
            "Fellesløft bygger spørringen til SSB selv og henter tallene. Har maskinen ikke "
            "internett, last opp fila som er lagret fra spørringen (se README)."
        ),
    )
    top = forms.IntegerField(
        label=_("Bare de nyeste årene (forhåndsvalg)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Tomt: alle år SSB har (befolkningen: de fem nyeste)."),
    )
    FORMATS = [
        ("", _("Finn ut selv")),
        ("jsonstat", _("JSON-stat 2.0 (SSB)")),
        ("csv", _("CSV")),
    ]
    file = forms.FileField(
        label=_("Fil"),
        required=False,
        help_text=_(
            "JSON-stat 2.0 fra SSB eller CSV med kolonnene indikator, region, periode, verdi."
        ),
    )
    url = forms.URLField(
        label=_("Eller nettadresse"),
        required=False,
        assume_scheme="https",
        help_text=_(
            "For eksempel https://data.ssb.no/api/pxwebapi/v2/tables/12423/data?lang=no"
            "&outputFormat=json-stat2"
        ),
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMATS, required=False)
    indicator = forms.ModelChoiceField(
        label=_("Indikator (JSON-stat)"),
        queryset=Indicator.objects.order_by("order", norwegian("name")),
        required=False,
        to_field_name="code",
        help_text=_(
            "Hvilken indikator tallene hører til når datasettet har én statistikkvariabel."
        ),
    )
    contents_code = _jsonstat_setting(
        _("Statistikkvariabel (JSON-stat)"),
        _("Koden i ContentsCode når datasettet har flere, for eksempel «NEET»."),
    )
    mapping = _jsonstat_setting(
        _("Flere statistikkvariabler (JSON-stat)"),
        _(
            "Når datasettet har flere statistikkvariabler som skal til hver sin indikator: "
            "«NEETAndel=neet-andel-15-29, NEETAntall=neet-antall-15-29»."
        ),
        max_length=500,
    )
    region_dimension = _jsonstat_setting(
        _("Dimensjonen med regioner (JSON-stat)"),
        _("Tomt: finnes ut fra datasettet (rollen «geo» eller «Region»)."),
    )
    time_dimension = _jsonstat_setting(
        _("Dimensjonen med tid (JSON-stat)"),
        _("Tomt: finnes ut fra datasettet (rollen «time» eller «Tid»)."),
    )
    contents_dimension = _jsonstat_setting(
        _("Dimensjonen med statistikkvariabler (JSON-stat)"),
        _("Tomt: finnes ut fra datasettet (rollen «metric» eller «ContentsCode»)."),
    )
    fixed = _jsonstat_setting(
        _("Faste valg (JSON-stat)"),
        _("Andre dimensjoner med én valgt kategori, for eksempel «Alder=15-29, Kjonn=0»."),
        max_length=500,
    )
    preliminary = forms.BooleanField(label=_("Tallene er foreløpige"), required=False)
    allow_new_regions = forms.BooleanField(
        label=_("Tillat nye regioner"),
        required=False,
        help_text=_(
            "Uten dette avvises regionkoder Fellesløft ikke kjenner (som en feilskrevet «9999»). "
            "Kryss av bare når fila med vilje har kommuner eller fylker utenfor listen."
        ),
    )

    # Shown first; the rest (dimensions, more contents, fixed choices) sits in a <details>.
    BASIC_FIELDS = (
        "preset",
        "top",
        "file",
        "url",
        "file_format",
        "indicator",
        "contents_code",
        "preliminary",
        "allow_new_regions",
    )

    @property
    def advanced_errors(self) -> bool:
        return any(name not in self.BASIC_FIELDS for name in self.errors if name != "__all__")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Fila er større enn 50 MB."))
        return upload

    def clean_fixed(self):
        return parse_assignments(self.cleaned_data.get("fixed", ""))

    def clean_mapping(self):
        mapping = parse_assignments(self.cleaned_data.get("mapping", ""))
        known = set(
            Indicator.objects.filter(code__in=mapping.values()).values_list("code", flat=True)
        )
        unknown = [code for code in mapping.values() if code not in known]
        if unknown:
            raise forms.ValidationError(
                _("Indikatoren «%(code)s» finnes ikke.") % {"code": unknown[0]}
            )
        return mapping

    def indicators(self) -> dict[str, str]:
        """Contents category → indicator code, from both ways of choosing (the single one
        maps "" – the dataset's only category – unless a category is named)."""
        chosen = dict(self.cleaned_data["mapping"])
        if self.cleaned_data["indicator"] is not None:
            chosen[self.cleaned_data["contents_code"].strip()] = self.cleaned_data["indicator"].code
        return chosen

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("preset"):
            if cleaned.get("url"):
                raise forms.ValidationError(
                    _("Med et forhåndsvalg bygger Fellesløft adressen selv; la adressen stå tom.")
                )
            return cleaned
        if not cleaned.get("file") and not cleaned.get("url"):
            raise forms.ValidationError(_("Velg en fil eller skriv inn en nettadresse."))
        if cleaned.get("file") and cleaned.get("url"):
            raise forms.ValidationError(_("Velg enten en fil eller en nettadresse, ikke begge."))
        return cleaned


def parse_assignments(text: str) -> dict[str, str]:
    """«Alder=15-29, Kjonn=0» → {"Alder": "15-29", "Kjonn": "0"}."""
    result: dict[str, str] = {}
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise forms.ValidationError(
                _("«%(part)s» mangler likhetstegn (skriv Dimensjon=kode).") % {"part": part.strip()}
            )
        key, value = part.split("=", 1)
        if not key.strip() or not value.strip():
            raise forms.ValidationError(
                _("«%(part)s» må ha både dimensjon og kode.") % {"part": part.strip()}
            )
        result[key.strip()] = value.strip()
    return result
