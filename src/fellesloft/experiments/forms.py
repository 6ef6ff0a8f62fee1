from django import forms
from django.utils.translation import gettext_lazy as _

from fellesloft.core.choices import TARGET_AGE_BANDS, choices_of
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import (
    DateInput,
    SearchableCheckboxes,
    check_date_order,
    checkboxes,
    filter_field,
    long_text,
    text_area,
)
from fellesloft.core.ordering import norwegian
from fellesloft.core.policy import visible
from fellesloft.dialogs.models import Dialog
from fellesloft.experiments import services
from fellesloft.experiments.models import (
    Experiment,
    ExperimentOutcome,
    ExperimentStatus,
    LearningCard,
    PdsaDecision,
    Sprint,
    SupportKind,
)
from fellesloft.mission.models import Goal, Indicator, InnovationArea, MainChallenge, NeedTheme
from fellesloft.organisations.forms import (
    OrganisationChoiceField,
    OrganisationMultipleChoiceField,
    municipality_filter,
    organisation_choices,
    sector_filter,
)
from fellesloft.organisations.models import Municipality, Organisation
from fellesloft.organisations.rules import organisation_ids_of
from fellesloft.organisations.selectors import network_people

TWO_SECTORS_HELP = _(
    "Et forsøk kan ikke starte med færre enn to sektorer: utfordringen skal løses på tvers, "
    "så teamet trenger organisasjoner fra minst to sektorer (for eksempel skole og NAV)."
)


def _tag_field(model, label):
    return checkboxes(
        label, model.objects.filter(is_active=True).order_by("order", norwegian("name"))
    )


class ExperimentForm(forms.Form):
    """Create and edit an experiment. `owner_choices` limits the owner to the user's
    organisations (the mission lead may choose any); on edit, owner and partners are left out."""

    municipality = forms.ModelChoiceField(
        label=_("Vertskommune"), queryset=Municipality.objects.order_by(norwegian("name"))
    )
    owner_organisation = OrganisationChoiceField(
        label=_("Eier"),
        queryset=Organisation.objects.none(),
        help_text=_("Organisasjonen som har ansvaret for forsøket."),
    )
    partners = OrganisationMultipleChoiceField(
        label=_("Samarbeidspartnere"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=TWO_SECTORS_HELP,
        widget=SearchableCheckboxes,
    )
    title = forms.CharField(label=_("Tittel"), max_length=200)
    challenge = long_text(
        _("Utfordringen på tvers"),
        rows=4,
        help_text=_("Den konkrete utfordringen som flere sektorer må løse sammen."),
    )
    hypothesis_change = long_text(
        _("Vi tror at …"), rows=2, max_length=1000, help_text=_("Endringen dere vil prøve ut.")
    )
    hypothesis_target_group = forms.CharField(
        label=_("… for …"), max_length=300, help_text=_("Hvem endringen er for.")
    )
    hypothesis_effect = long_text(
        _("… vil gi …"), rows=2, max_length=1000, help_text=_("Hva dere tror endringen fører til.")
    )
    hypothesis_evidence = long_text(
        _("Vi vet det når …"),
        rows=2,
        max_length=1000,
        help_text=_("Hva dere vil se eller måle som viser at det virker."),
    )
    main_challenges = _tag_field(MainChallenge, _("Hovedutfordringer"))
    innovation_areas = _tag_field(InnovationArea, _("Innovasjonsområder"))
    need_themes = _tag_field(NeedTheme, _("Behovstemaer"))
    age_band = forms.ChoiceField(label=_("Aldersgruppe"), choices=choices_of(TARGET_AGE_BANDS))
    youth_involvement = long_text(
        _("Hvordan unge er involvert"),
        rows=3,
        required=False,
        help_text=_(
            "For eksempel et fremtidsverksted eller en dialog med unge, og hva de sa. "
            "Skriv ikke navn eller andre personopplysninger."
        ),
    )
    youth_dialogs = forms.ModelMultipleChoiceField(
        label=_("Dialoger og fremtidsverksteder med unge"),
        queryset=Dialog.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Velg dialogene eller fremtidsverkstedene forsøket bygger på, om noen."),
    )
    goals = checkboxes(
        _("Mål i oppdraget forsøket skal bidra til"),
        help_text=_("Velg målene som forsøket skal hjelpe oss å nå."),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Tall som vil vise om det virker"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Indikatorene dere følger for å se om forsøket gir effekt, om noen."),
    )
    start_meeting_date = forms.DateField(
        label=_("Dato for startmøte"), required=False, widget=DateInput()
    )
    end_meeting_date = forms.DateField(
        label=_("Dato for sluttmøte"), required=False, widget=DateInput()
    )

    def __init__(self, *args, user=None, experiment: Experiment | None = None, **kwargs):
        self.experiment = experiment
        if experiment is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{name: getattr(experiment, name) for name in services.TEXT_FIELDS_SCREENED},
                    "age_band": experiment.age_band,
                    "start_meeting_date": experiment.start_meeting_date,
                    "end_meeting_date": experiment.end_meeting_date,
                    "main_challenges": list(experiment.main_challenges.all()),
                    "innovation_areas": list(experiment.innovation_areas.all()),
                    "need_themes": list(experiment.need_themes.all()),
                    "youth_dialogs": list(experiment.youth_dialogs.all()),
                    "goals": list(experiment.goals.all()),
                    "indicators": list(experiment.indicators.all()),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["youth_dialogs"].queryset = Dialog.objects.order_by(norwegian("title"))
        self.fields["goals"].queryset = visible(
            Goal.objects.select_related("region"), user
        ).order_by("order", "pk")
        self.fields["indicators"].queryset = visible(Indicator.objects.all(), user).order_by(
            norwegian("name")
        )
        if experiment is not None:
            for name in ("municipality", "owner_organisation", "partners"):
                del self.fields[name]
            return
        owners = organisation_choices()
        if user is not None and not user.is_mission_lead:
            owners = owners.filter(pk__in=organisation_ids_of(user))
        self.fields["owner_organisation"].queryset = owners
        self.fields["partners"].queryset = organisation_choices()

    def clean(self):
        cleaned = super().clean()
        check_date_order(
            self,
            "start_meeting_date",
            "end_meeting_date",
            _("Sluttmøtet kan ikke være før startmøtet."),
        )
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=())
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=[("", _("– velg når forsøket avsluttes –")), *ExperimentOutcome.choices],
        required=False,
        help_text=_("Må velges når forsøket avsluttes: videreføres, skaleres eller avsluttes."),
    )
    reason = long_text(
        _("Begrunnelse"), rows=3, required=False, help_text=_("Må fylles ut når forsøket stoppes.")
    )

    def __init__(self, *args, experiment: Experiment, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = services.TRANSITIONS[experiment.status]
        # Any status parses, so that a move that is not allowed gets the service's clear
        # message; the menu offers only the allowed ones.
        self.fields["status"].choices = ExperimentStatus.choices
        self.fields["status"].widget.choices = [
            (value, label) for value, label in ExperimentStatus.choices if value in allowed
        ]
        self.allowed_choices = self.fields["status"].widget.choices
        if ExperimentStatus.RUNNING in allowed:
            self.fields["status"].help_text = TWO_SECTORS_HELP


class PartnerForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Organisasjon"), queryset=Organisation.objects.none()
    )
    role = forms.CharField(label=_("Rolle i forsøket"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_choices()


class TeamMemberForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=150)
    organisation = OrganisationChoiceField(
        label=_("Organisasjon"), queryset=Organisation.objects.none()
    )
    role = forms.CharField(label=_("Rolle"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-post"),
        required=False,
        help_text=_("Med e-posten til en registrert bruker kan personen skrive sprinter."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_choices()


class SprintForm(forms.ModelForm):
    class Meta:
        model = Sprint
        fields = list(services.SPRINT_FIELDS)
        labels = {
            "plan_change": _("Planlegge: endringen vi prøver ut"),
            "plan_prediction": _("Planlegge: hva vi tror skjer"),
            "plan_data": _("Planlegge: hvilke data vi samler"),
            "plan_responsibilities": _("Planlegge: hvem gjør hva"),
            "do_what_happened": _("Gjennomføre: hva skjedde"),
            "do_observations": _("Gjennomføre: observasjoner"),
        }
        help_texts = {
            "start_date": _("En sprint varer helst to til seks uker."),
        }
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            **{
                name: text_area(3)
                for name in (
                    "plan_change",
                    "plan_prediction",
                    "plan_data",
                    "plan_responsibilities",
                    "do_what_happened",
                    "do_observations",
                )
            },
        }

    def clean(self):
        cleaned = super().clean()
        check_date_order(
            self, "start_date", "end_date", _("Sprinten kan ikke slutte før den starter.")
        )
        return cleaned

    def _post_clean(self):
        # The service validates the row; the form only parses input.
        pass


class EvaluationForm(forms.Form):
    # The initiative's three questions first, then the decision, then the PDSA details.
    field_order = [
        "what_worked",
        "what_to_adjust",
        "what_to_take_forward",
        "act_decision",
        "act_notes",
        "do_what_happened",
        "do_observations",
        "barrier_note",
    ]

    do_what_happened = long_text(_("Hva skjedde i sprinten?"), rows=3, required=False)
    do_observations = long_text(_("Observasjoner"), rows=3, required=False)
    what_worked = long_text(_("Hva fungerte?"), rows=3)
    what_to_adjust = long_text(_("Hva justerer vi?"), rows=3)
    what_to_take_forward = long_text(_("Hva tar vi med videre?"), rows=3)
    act_decision = forms.ChoiceField(
        label=_("Beslutning"), choices=PdsaDecision.choices, widget=forms.RadioSelect
    )
    act_notes = long_text(_("Begrunnelse for beslutningen"), rows=2, required=False)
    barrier_note = long_text(
        _("Fant dere en systembarriere?"),
        rows=3,
        required=False,
        help_text=_(
            "Beskriv regelverk, finansiering, kultur eller struktur som stod i veien. "
            "Den blir tatt vare på og kan meldes inn som systembarriere."
        ),
    )

    def __init__(self, *args, sprint: Sprint, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                name: getattr(sprint, name)
                for name in (
                    "do_what_happened",
                    "do_observations",
                    "what_worked",
                    "what_to_adjust",
                    "what_to_take_forward",
                    "act_decision",
                    "act_notes",
                )
            },
        )
        super().__init__(*args, **kwargs)


class BarrierNoteForm(forms.Form):
    text = long_text(
        _("Systembarriere"),
        rows=3,
        help_text=_("Hva i regelverk, finansiering eller organisering stod i veien?"),
    )


class HoursField(forms.CharField):
    """Hours as text, parsed by the service so that «1,5» works and the messages are ours."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        try:
            return services.parse_hours(value)
        except ServiceError as error:
            raise forms.ValidationError(error.message) from None


class SupportEntryForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DateInput())
    hours = HoursField(label=_("Timer"), help_text=_("For eksempel 1,5."))
    kind = forms.ChoiceField(label=_("Type støtte"), choices=SupportKind.choices)
    given_by_person = forms.ModelChoiceField(
        label=_("Gitt av (person)"),
        queryset=network_people(),
        required=False,
        help_text=_("Velg personen, eller organisasjonen under, eller begge."),
    )
    given_by_organisation = OrganisationChoiceField(
        label=_("Gitt av (organisasjon)"), queryset=Organisation.objects.none(), required=False
    )
    experiment = forms.ModelChoiceField(
        label=_("Forsøk"), queryset=Experiment.objects.none(), required=False
    )
    notes = long_text(_("Notater"), rows=3, required=False)
    override = forms.BooleanField(
        label=_("Godkjenn timer over budsjettet"),
        required=False,
        help_text=_("Bare oppdragsleder. Godkjenningen blir logget."),
    )
    override_reason = long_text(_("Begrunnelse for overskridelse"), rows=2, required=False)

    def __init__(self, *args, municipality: Municipality, may_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experiment"].queryset = Experiment.objects.filter(
            municipality=municipality
        ).order_by(norwegian("title"))
        self.fields["given_by_organisation"].queryset = organisation_choices()
        if not may_override:
            del self.fields["override"]
            del self.fields["override_reason"]


class BudgetForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Støttebudsjett (timer)"),
        min_value=0,
        max_digits=6,
        decimal_places=1,
        localize=True,
        error_messages={
            "invalid": _("Timer må være et tall, for eksempel 50."),
            "min_value": _("Budsjettet kan ikke være negativt."),
        },
    )


class LearningCardForm(forms.ModelForm):
    class Meta:
        model = LearningCard
        fields = list(services.CARD_FIELDS)
        labels = {
            "sprint": _("Fra sprint"),
        }
        help_texts = {
            "hypothesis": _("Hva trodde dere?"),
            "observation": _("Hva så dere?"),
            "learning": _("Hva lærte dere?"),
            "decision": _("Hva bestemte dere – ta i bruk, justere eller forkaste?"),
        }
        widgets = {
            name: text_area(3) for name in ("hypothesis", "observation", "learning", "decision")
        }

    contact_me = forms.BooleanField(
        label=_("Vis meg som kontaktperson for kortet"),
        required=False,
        help_text=_(
            "Andre kommuner i nettverket ser da navnet og e-postadressen din, så de vet hvem de "
            "kan ringe. Du kan ta det bort igjen når som helst."
        ),
    )

    def __init__(self, *args, experiment: Experiment, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sprint"].queryset = experiment.sprints.order_by("number")
        self.fields["sprint"].required = False
        if self.instance.pk is not None:
            contact = self.instance.contact_person
            self.fields["contact_me"].initial = contact is not None and contact == user
            if contact is not None and contact != user:
                self.fields["contact_me"].help_text = _(
                    "Nå står %(name)s som kontaktperson. Krysser du av, blir det deg i stedet."
                ) % {"name": contact}

    def _post_clean(self):
        pass


class PortfolioFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk"), required=False)
    kommune = municipality_filter()
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle statuser")), *ExperimentStatus.choices],
        required=False,
    )
    hovedutfordring = filter_field(
        _("Hovedutfordring"),
        MainChallenge.objects.order_by("order", norwegian("name")),
        _("Alle hovedutfordringer"),
    )
    innovasjonsomrade = filter_field(
        _("Innovasjonsområde"),
        InnovationArea.objects.order_by("order", norwegian("name")),
        _("Alle innovasjonsområder"),
    )
    behovstema = filter_field(
        _("Behovstema"),
        NeedTheme.objects.order_by("order", norwegian("name")),
        _("Alle behovstemaer"),
    )
    sektor = sector_filter()
    mal = filter_field(
        _("Mål i oppdraget"), Goal.objects.order_by("order", "pk"), _("Alle mål"), by="pk"
    )
    uten_evaluering = forms.BooleanField(
        label=_("Bare pågående forsøk uten sprintevaluering de siste seks ukene"),
        required=False,
    )

    def selector_filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "municipality": data.get("kommune"),
            "status": data.get("status", ""),
            "main_challenge": data.get("hovedutfordring"),
            "innovation_area": data.get("innovasjonsomrade"),
            "need_theme": data.get("behovstema"),
            "sector": data.get("sektor"),
            "goal": data.get("mal"),
            "query": data.get("q", ""),
            "without_evaluation": data.get("uten_evaluering", False),
        }


class CardFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk"), required=False)
    kommune = municipality_filter()
    behovstema = filter_field(
        _("Behovstema"),
        NeedTheme.objects.order_by("order", norwegian("name")),
        _("Alle behovstemaer"),
    )
