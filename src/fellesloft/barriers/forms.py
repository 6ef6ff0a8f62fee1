from django import forms
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fellesloft.barriers.evidence import sprint_label
from fellesloft.barriers.models import (
    AnswerOutcome,
    Assessment,
    Barrier,
    BarrierCategory,
    BarrierTheme,
    Level,
    Recipient,
    RecipientKind,
    Status,
    StepStatus,
)
from fellesloft.core.forms import (
    DateInput,
    checkboxes,
    filter_field,
    long_text,
    offer_choices,
)
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.forms import offer_organisations
from fellesloft.organisations.models import Organisation, Sector


class BarrierForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Meldes av organisasjon"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("Tittel"), max_length=200)
    description = long_text(
        _("Beskrivelse"), rows=5, help_text=_("Hva er det som hindrer arbeidet, og hvem rammes?")
    )
    example = long_text(
        _("Konkret eksempel"),
        rows=4,
        required=False,
        help_text=Barrier._meta.get_field("example").help_text,
    )
    level = forms.ChoiceField(label=_("Nivå"), choices=Level.choices, widget=forms.RadioSelect)
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=BarrierCategory.objects.filter(is_active=True)
    )
    sectors = checkboxes(_("Sektorer som er berørt"), Sector.objects.all())
    need_themes = checkboxes(_("Behovstemaer"), NeedTheme.objects.filter(is_active=True))

    def __init__(self, *args, organisations=None, barrier=None, **kwargs):
        if barrier is not None:
            # An edit starts from what the barrier says now; its organisation was chosen once,
            # when it was reported.
            fields = [name for name in self.base_fields if name != "organisation"]
            kwargs["initial"] = model_to_dict(barrier, fields=fields)
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            offer_organisations(self.fields["organisation"], organisations)


class EndorseForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisasjon"), queryset=Organisation.objects.none()
    )
    comment = long_text(
        _("Kommentar"),
        rows=3,
        required=False,
        max_length=2000,
        help_text=_("Hvordan møter dere barrieren? Skriv uten personopplysninger."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        offer_organisations(self.fields["organisation"], organisations)


class WithdrawForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all())


class ReviewForm(forms.Form):
    assessment = forms.ChoiceField(
        label=_("Hvor sitter barrieren?"), choices=Assessment.choices, widget=forms.RadioSelect
    )
    note = long_text(
        _("Internt notat"),
        rows=3,
        required=False,
        help_text=_("Vises bare for oppdragsleder, den som meldte og nasjonale partnere."),
    )


class EscalateForm(forms.Form):
    recipient = forms.ModelChoiceField(
        label=_("Mottaker"), queryset=Recipient.objects.filter(is_active=True)
    )
    escalated_on = forms.DateField(label=_("Eskalert dato"), widget=DateInput())
    answer_deadline = forms.DateField(label=_("Svarfrist"), widget=DateInput())
    trial_act_candidate = forms.BooleanField(
        label=_("Kandidat for forsøk etter forsøksloven"),
        required=False,
        help_text=_("Forsøk som avviker fra lov om hvordan offentlige organer organiserer seg."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["escalated_on"].initial = timezone.localdate()


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Svar"), choices=AnswerOutcome.choices, widget=forms.RadioSelect
    )
    # Required in the service, so the message is the same in the form and the API.
    text = long_text(_("Svarteksten"), rows=5, required=False)
    answered_on = forms.DateField(label=_("Svardato"), widget=DateInput())
    commitment = long_text(_("Hva forpliktet mottakeren seg til?"), rows=3, required=False)
    follow_up_on = forms.DateField(
        label=_("Følges opp"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "Valgfritt. Fra denne datoen får organisasjonen som meldte barrieren og "
            "oppdragslederen en påminnelse."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answered_on"].initial = timezone.localdate()


class ReasonForm(forms.Form):
    reason = long_text(_("Begrunnelse"), rows=4, required=False)


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Slå sammen med"),
        queryset=Barrier.objects.none(),
        required=False,
        help_text=_("Tilslutningene, sektorene, behovstemaene og lenkene flyttes dit."),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets


ACTION_FORMS = {
    "review": ReviewForm,
    "escalate": EscalateForm,
    "answer": AnswerForm,
    "resolve": ReasonForm,
    "close": ReasonForm,
    "merge": MergeForm,
}


class BarrierLinksForm(forms.Form):
    experiments = checkboxes(_("Forsøk"))
    sprints = checkboxes(
        _("Sprinter"), help_text=_("Forsøket til en sprint blir koblet til automatisk.")
    )
    dialogs = checkboxes(_("Dialoger og fremtidsverksteder"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        offer_choices(self, choices)
        self.fields["sprints"].label_from_instance = sprint_label


class ReleaseForm(forms.Form):
    example = long_text(
        _("Konkret eksempel"),
        rows=5,
        required=False,
        help_text=_("Fjern personopplysningene før du frigir, eller frigi teksten som den er."),
    )


class NoteForm(forms.Form):
    text = long_text(_("Nytt internt notat"), rows=3, max_length=5000, required=False)


class SetThemeForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Tema for eskalering"),
        queryset=BarrierTheme.objects.all(),
        required=False,
        empty_label=_("Uten tema"),
    )


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    description = long_text(_("Beskrivelse"), rows=3, required=False)
    order = forms.IntegerField(label=_("Rekkefølge"), min_value=0, initial=0)


class ThemeBarriersForm(forms.Form):
    barriers = checkboxes(_("Barrierer i temaet"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["barriers"].queryset = candidates


class BarrierFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle åpne og avsluttede"))] + Status.choices,
        required=False,
    )
    kategori = filter_field(_("Kategori"), BarrierCategory.objects.all(), _("Alle kategorier"))
    niva = forms.ChoiceField(
        label=_("Nivå"), choices=[("", _("Alle nivåer"))] + Level.choices, required=False
    )
    tema = forms.ModelChoiceField(
        label=_("Tema"),
        queryset=BarrierTheme.objects.all(),
        required=False,
        empty_label=_("Alle temaer"),
    )
    sorter = forms.ChoiceField(
        label=_("Sorter etter"),
        choices=[
            ("gjelder", _("Flest «gjelder oss også»")),
            ("nyeste", _("Nyeste først")),
            ("svarfrist", _("Svarfrist")),
        ],
        required=False,
    )
    forfalt = forms.BooleanField(label=_("Bare forfalte svar"), required=False)
    holdt = forms.BooleanField(label=_("Bare holdt tilbake for personopplysninger"), required=False)

    def __init__(self, *args, may_screen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the mission lead screens held barriers; others would find at most their own.
        if not may_screen:
            del self.fields["holdt"]


# --- Trial applications (forsøkssøknader) ------------------------------------------------------


class TrialApplicationForm(forms.Form):
    """The draft's content and the evidence it cites. Its fields are the service's
    (services.trial_applications.APPLICATION_FIELDS and EVIDENCE_FIELDS)."""

    purpose = long_text(
        _("Formål med forsøket"),
        rows=4,
        required=False,
        help_text=_(
            "Hva vil dere oppnå for de unge, og hvorfor går det ikke innenfor dagens regelverk? "
            "Forsøksloven § 1: bedre tjenester, god ressursbruk og funksjonell organisering."
        ),
    )
    trial_description = long_text(_("Hva forsøket går ut på"), rows=4, required=False)
    ministry = forms.ModelChoiceField(
        label=_("Departement"),
        queryset=Recipient.objects.filter(kind=RecipientKind.MINISTRY, is_active=True),
        required=False,
        help_text=_("Forhåndssøknaden sendes til departementet som har ansvaret for regelverket."),
    )
    start_date = forms.DateField(label=_("Ønsket oppstart"), required=False, widget=DateInput())
    # The limits are the service's, so the message names forsøksloven § 3.
    duration_months = forms.IntegerField(
        label=_("Varighet i måneder"),
        initial=24,
        help_text=_("Høyst 48 måneder (fire år), jf. forsøksloven § 3."),
    )
    extension_months = forms.IntegerField(
        label=_("Mulig forlengelse i måneder"),
        initial=0,
        help_text=_("Høyst 24 måneder (to år), jf. forsøksloven § 3. Skriv 0 for ingen."),
    )
    evaluation = long_text(
        _("Slik blir forsøket evaluert"),
        rows=4,
        required=False,
        help_text=_("Hva måler dere, hvem evaluerer, og når vet dere om forsøket virket?"),
    )
    sprints = checkboxes(_("Sprinter og evalueringer"))
    learning_cards = checkboxes(_("Læringskort"))
    dialogs = checkboxes(_("Dialoger (enighet og sektorlinse fra siste analyse)"))
    endorsements = checkboxes(_("«Gjelder oss også» fra andre"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        offer_choices(self, choices, drop_empty=True)
        if "sprints" in self.fields:
            self.fields["sprints"].label_from_instance = sprint_label
        if "learning_cards" in self.fields:
            self.fields["learning_cards"].label_from_instance = lambda card: (
                f"{card.title} ({card.experiment.title})"
            )
        if "endorsements" in self.fields:
            self.fields["endorsements"].label_from_instance = lambda endorsement: (
                endorsement.organisation.name
                + (f": {endorsement.comment[:80]}" if endorsement.comment else "")
            )


class TrialDeviationForm(forms.Form):
    law = forms.CharField(
        label=_("Lov"),
        max_length=200,
        help_text=_("For eksempel «opplæringslova» eller «sosialtjenesteloven»."),
    )
    regulation = forms.CharField(
        label=_("Forskrift"),
        max_length=200,
        required=False,
        help_text=_("Når bestemmelsen står i en forskrift til loven."),
    )
    section = forms.CharField(
        label=_("Paragraf"), max_length=100, help_text=_("For eksempel «§ 13».")
    )
    deviation = long_text(
        _("Avviket"), rows=3, help_text=_("Hva skal gjelde i stedet i forsøksperioden?")
    )


class TrialStepForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=StepStatus.choices, widget=forms.RadioSelect
    )
    sent_on = forms.DateField(label=_("Sendt dato"), required=False, widget=DateInput())
    decided_on = forms.DateField(
        label=_("Svardato"),
        required=False,
        widget=DateInput(),
        help_text=_("Når departementet godkjente eller avslo."),
    )


class TrialFinalStepForm(TrialStepForm):
    council_adopted_on = forms.DateField(
        label=_("Vedtatt i kommunestyret"), required=False, widget=DateInput()
    )
    local_regulation = long_text(
        _("Lokal forskrift for forsøket"),
        rows=6,
        required=False,
        help_text=_("Forskriften kommunestyret vedtok sammen med den endelige søknaden."),
    )

    field_order = ["council_adopted_on", "local_regulation", "status", "sent_on", "decided_on"]
