from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fellesloft.core.choices import PARTICIPANT_AGE_BANDS, choices_of
from fellesloft.core.forms import DateInput, InSteps, checkboxes, long_text, text_area
from fellesloft.core.ordering import norwegian
from fellesloft.core.policy import visible
from fellesloft.dialogs.models import (
    JOIN_LIMIT_MAX,
    WORKSHOP_PHASES,
    Dialog,
    DialogOutcome,
    OutcomeKind,
    RejectionCategory,
    Statement,
    StatementState,
)
from fellesloft.dialogs.services import DIALOG_FIELDS
from fellesloft.organisations.forms import offer_organisations, own_organisations
from fellesloft.organisations.models import Municipality, Organisation, Sector

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _moment_field(label, help_text) -> forms.DateTimeField:
    """An optional moment, picked in the browser's date-time field or typed with a space."""
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        help_text=help_text,
    )


class DialogForm(InSteps, forms.ModelForm):
    steps = (
        (
            "om",
            _("1. Om dialogen"),
            (
                "title",
                "question",
                "description",
                "kind",
                "organisation",
                "municipality",
                "experiments",
                "audience",
            ),
        ),
        (
            "fremtidsverksted",
            _("2. Fremtidsverkstedets faser"),
            ("critique_prompt", "fantasy_prompt", "realisation_prompt"),
        ),
        (
            "deltakelse",
            _("3. Deltakelse"),
            (
                "participants_may_add",
                "statement_max_length",
                "ask_sector",
                "ask_age_band",
                "results_public",
            ),
        ),
        (
            "moderering",
            _("4. Moderering"),
            ("moderation_mode", "moderation_policy", "moderation_reminder_hours"),
        ),
        (
            "tid",
            _("5. Tid og personvern"),
            ("opens_at", "closes_at", "retention_days", "join_limit_per_hour"),
        ),
    )

    organisation = forms.ModelChoiceField(
        label=_("Ansvarlig organisasjon"), queryset=Organisation.objects.none()
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.order_by(norwegian("name")),
        required=False,
        help_text=_("Dialogen vises på kommunens side."),
    )
    # The link is declared on Experiment (experiments build on dialogs): the form reaches the
    # experiments through that relation, set in __init__, and does not import the app above.
    experiments = checkboxes(
        _("Forsøk dialogen hører til"),
        help_text=_("Velg forsøkene dialogen gir innspill til, om noen."),
    )
    opens_at = _moment_field(_("Åpner"), _("Tom: åpen med en gang."))
    closes_at = _moment_field(_("Stenger"), _("Tom: åpen til du stenger den."))

    class Meta:
        model = Dialog
        fields = list(DIALOG_FIELDS)
        labels = {
            "question": _("Spørsmålet deltakerne svarer på"),
            "statement_max_length": _("Maks antall tegn i et utsagn"),
            "moderation_reminder_hours": _("Påminn moderatorene når et utsagn har ventet (timer)"),
            "ask_sector": _("Spør om rolle eller sektor (valgfritt for deltakeren)"),
            "ask_age_band": _("Spør om aldersgruppe (valgfritt for deltakeren)"),
            "join_limit_per_hour": _("Nye deltakere per time fra samme nettverk"),
        }
        help_texts = {
            "kind": _("Et fremtidsverksted har fasene kritikk, fantasi og virkeliggjøring."),
            "critique_prompt": _("Bare for fremtidsverksted."),
            "fantasy_prompt": _("Bare for fremtidsverksted."),
            "realisation_prompt": _("Bare for fremtidsverksted."),
            "statement_max_length": _("Mellom 20 og 500. Vanlig er 140."),
            "moderation_policy": _(
                "Vises for deltakerne før de skriver. Tom: standardteksten om hva som ikke "
                "publiseres (personopplysninger, sårende utsagn, utenfor tema, duplikater)."
            ),
            "moderation_reminder_hours": _(
                "Moderatorene får en påminnelse (e-post hvis de vil) når et utsagn har ventet "
                "så lenge. Tom: ingen påminnelse."
            ),
            "moderation_mode": _(
                "Utsagn med mulige personopplysninger holdes alltid tilbake til en moderator "
                "har sett på dem."
            ),
        }
        widgets = {
            "description": text_area(4),
            "moderation_policy": text_area(4),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_organisations(self.fields["organisation"], own_organisations(user))
        experiment_model = Dialog._meta.get_field("experiments").related_model
        self.fields["experiments"].queryset = experiment_model.objects.select_related(
            "municipality"
        ).order_by(norwegian("municipality__name"), "title")
        self.fields["experiments"].label_from_instance = lambda experiment: (
            f"{experiment.title} ({experiment.municipality.name})"
        )
        self.fields["join_limit_per_hour"].help_text = _(
            "En skole eller et mobilnett kan samle mange bak én adresse. Tom: %(default)d. "
            "Øk for et stort arrangement, høyst %(max)d."
        ) % {"default": settings.DIALOGS_JOIN_LIMIT_PER_HOUR, "max": JOIN_LIMIT_MAX}
        if self.instance.pk:
            self.initial.setdefault("experiments", list(self.instance.experiments.all()))


class SeedStatementsForm(forms.Form):
    phase = forms.ChoiceField(label=_("Fase"), choices=[], required=False)
    texts = long_text(_("Utsagn, ett per linje"), rows=8, required=False)
    csv_file = forms.FileField(
        label=_("… eller last opp en CSV-fil"),
        required=False,
        help_text=_("Én rad per utsagn, i første kolonne eller en kolonne som heter «utsagn»."),
    )

    builds_on = forms.ModelChoiceField(
        label=_("Bygger på"),
        queryset=Statement.objects.none(),
        required=False,
        empty_label=_("Ikke noe bestemt"),
        help_text=_(
            "Valgfritt: utsagnet fra fasen før som disse svarer på (for eksempel kritikken en "
            "fantasi svarer på). Det binder dem sammen i rapporten."
        ),
    )

    def __init__(self, *args, dialog: Dialog, **kwargs):
        super().__init__(*args, **kwargs)
        if dialog.is_future_workshop:
            self.fields["phase"].choices = choices_of(WORKSHOP_PHASES)
            self.fields["phase"].initial = dialog.current_phase
            self.fields["phase"].required = True
            self.fields["builds_on"].queryset = Statement.objects.filter(
                dialog=dialog,
                phase__in=WORKSHOP_PHASES[:-1],
                state=StatementState.APPROVED,
            ).order_by("phase", "pk")
            self.fields["builds_on"].label_from_instance = lambda statement: (
                f"{statement.get_phase_display()}: {statement.text}"
            )
        else:
            del self.fields["phase"]
            del self.fields["builds_on"]

    def clean(self):
        cleaned = super().clean()
        has_texts = bool(cleaned.get("texts", "").strip())
        if not has_texts and not cleaned.get("csv_file"):
            raise forms.ValidationError(_("Skriv inn utsagn eller last opp en CSV-fil."))
        if has_texts and cleaned.get("csv_file"):
            # One source at a time, so nothing is dropped unseen: the pasted text stays in the
            # field, and nothing is added until one of the two is left out.
            raise forms.ValidationError(
                _(
                    "Du har både skrevet inn utsagn og valgt en CSV-fil. Legg inn ett av dem om "
                    "gangen – ingenting er lagt inn ennå."
                )
            )
        return cleaned


class ParticipateForm(forms.Form):
    sector = forms.ModelChoiceField(
        label=_("Hvem er du her som?"),
        queryset=Sector.objects.order_by("-is_youth_voice", "order", norwegian("name")),
        to_field_name="slug",
        required=False,
        empty_label=_("Vil ikke svare"),
    )
    age_band = forms.ChoiceField(
        label=_("Alder"),
        choices=[("", _("Vil ikke svare")), *choices_of(PARTICIPANT_AGE_BANDS)],
        required=False,
    )

    def __init__(self, *args, dialog: Dialog, **kwargs):
        super().__init__(*args, **kwargs)
        if not dialog.ask_sector:
            del self.fields["sector"]
        if not dialog.ask_age_band:
            del self.fields["age_band"]


class StatementForm(forms.Form):
    text = long_text(_("Ditt utsagn"), rows=3)
    builds_on = forms.ModelChoiceField(
        label=_("Bygger på"),
        queryset=None,
        required=False,
        empty_label=_("Ikke noe bestemt"),
    )

    def __init__(self, *args, dialog: Dialog, builds_on_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].max_length = dialog.statement_max_length
        self.fields["text"].widget.attrs["maxlength"] = dialog.statement_max_length
        self.fields["text"].help_text = _(
            "Kort og tydelig, høyst %(max)d tegn. Ikke skriv navn, telefonnummer eller andre "
            "personopplysninger."
        ) % {"max": dialog.statement_max_length}
        if builds_on_choices.exists():
            self.fields["builds_on"].queryset = builds_on_choices
            self.fields["builds_on"].help_text = _("Velg utsagnet fra forrige fase du bygger på.")
        else:
            del self.fields["builds_on"]


# One click per statement: approve, or reject for one of the reasons a participant may read.
REJECT_ACTION = "reject:"
MODERATION_ACTIONS = [
    ("approve", _("Godkjenn")),
    *((REJECT_ACTION + value, label) for value, label in RejectionCategory.choices),
]


class ModerationForm(forms.Form):
    """A decision on a statement: one of the buttons (`action`), or the decision radio with a
    reason category (the longer form)."""

    action = forms.ChoiceField(choices=MODERATION_ACTIONS, required=False)
    decision = forms.ChoiceField(
        label=_("Avgjørelse"),
        choices=[
            ("approve", _("Godkjenn")),
            ("reject", _("Avvis")),
            ("reject_personal_data", _("Avvis: inneholder personopplysninger (teksten slettes)")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(label=_("Begrunnelse (ved avvisning)"), required=False, max_length=300)
    category = forms.ChoiceField(
        label=_("Grunn deltakeren får se (ved avvisning)"),
        choices=[("", _("Velg selv ut fra avgjørelsen")), *RejectionCategory.choices],
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("Jeg har lest utsagnet: det inneholder ikke personopplysninger"), required=False
    )

    def clean(self):
        data = super().clean()
        action = data.get("action") or ""
        if action == "approve":
            data["decision"] = "approve"
        elif action.startswith(REJECT_ACTION):
            category = action.removeprefix(REJECT_ACTION)
            data["category"] = category
            data["decision"] = (
                "reject_personal_data" if category == RejectionCategory.PERSONAL_DATA else "reject"
            )
        if not data.get("decision"):
            raise forms.ValidationError(_("Velg godkjenn eller avvis."))
        return data


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Fase"), choices=choices_of(WORKSHOP_PHASES))


class PolisImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Pol.is-eksport (ZIP)"),
        help_text=_(
            "En ZIP-fil med comments.csv, votes.csv og summary.csv (som i Pol.is' åpne data)."
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("Ansvarlig organisasjon"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_organisations(self.fields["organisation"], own_organisations(user))


class OutcomeForm(forms.Form):
    """«Dette skjedde videre»: the experiment and barrier offered are those the facilitator
    may see (`core.policy.visible`), reached through the outcome's links (those apps build on
    dialogs, so this one does not import them)."""

    kind = forms.ChoiceField(
        label=_("Hva skjedde?"), choices=OutcomeKind.choices, widget=forms.RadioSelect
    )
    experiment = forms.ModelChoiceField(
        label=_("Forsøket"),
        queryset=None,
        required=False,
        empty_label=_("Velg forsøk"),
        help_text=_("Når et forsøk ble startet."),
    )
    barrier = forms.ModelChoiceField(
        label=_("Systembarrieren"),
        queryset=None,
        required=False,
        empty_label=_("Velg systembarriere"),
        help_text=_("Når en systembarriere ble meldt."),
    )
    title = forms.CharField(
        label=_("Overskrift"),
        max_length=200,
        help_text=_("Kort og i klarspråk, f.eks. «Kommunen prøver én fast kontaktperson»."),
    )
    text = long_text(
        _("Hva skjedde – eller hvorfor ikke"),
        rows=4,
        required=False,
        max_length=2000,
        help_text=_(
            "Skriv slik at en 15-åring forstår det. Et vedtak trenger teksten, og «ikke tatt "
            "videre» trenger en begrunnelse."
        ),
    )
    decided_on = forms.DateField(
        label=_("Dato"),
        required=False,
        widget=DateInput(),
        help_text=_("Datoen for vedtaket eller hendelsen. Tom: i dag."),
    )
    statements = checkboxes(
        _("Utsagn dette svarer på"),
        help_text=_("De som skrev utsagnene, ser svaret når de kommer tilbake."),
    )
    group_labels = forms.MultipleChoiceField(
        label=_("Meningsgrupper dette svarer på"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args, dialog: Dialog, user, statements, group_labels, outcome=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        for name in ("experiment", "barrier"):
            model = DialogOutcome._meta.get_field(name).related_model
            choices = visible(model.objects.all(), user)
            current = getattr(outcome, f"{name}_id", None)
            if current is not None:
                # The link the outcome has stays a choice, also when a colleague chose one
                # this user may not see (`services.outcome_update` keeps it the same way).
                choices = model.objects.filter(Q(pk__in=choices.values("pk")) | Q(pk=current))
            self.fields[name].queryset = choices.order_by(norwegian("title"))
        self.fields["experiment"].label_from_instance = lambda experiment: (
            f"{experiment.title} ({experiment.municipality.name})"
        )
        self.fields["experiment"].queryset = self.fields["experiment"].queryset.select_related(
            "municipality"
        )
        self.fields["statements"].queryset = statements
        self.fields["statements"].label_from_instance = lambda statement: (
            f"{statement.pk}: {statement.text}"
        )
        if group_labels:
            self.fields["group_labels"].choices = [
                (label, _("Gruppe %(label)s") % {"label": label}) for label in group_labels
            ]
        else:
            del self.fields["group_labels"]

    @classmethod
    def initial_of(cls, outcome: DialogOutcome) -> dict:
        return {
            "kind": outcome.kind,
            "experiment": outcome.experiment_id,
            "barrier": outcome.barrier_id,
            "title": outcome.title,
            "text": outcome.text,
            "decided_on": outcome.decided_on,
            "statements": list(outcome.statements.values_list("pk", flat=True)),
            "group_labels": outcome.group_labels,
        }


class OutcomeSubscriptionForm(forms.Form):
    email = forms.CharField(
        label=_("Gi meg beskjed om hva som skjer"),
        max_length=254,
        help_text=_(
            "Valgfritt. Skriv e-postadressen din, så sier vi fra når noe skjer med det dere "
            "har sagt. Adressen lagres for seg, brukes bare til dette og slettes sammen med "
            "de andre deltakeropplysningene."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
