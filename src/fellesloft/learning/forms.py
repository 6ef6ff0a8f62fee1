from django import forms
from django.utils.translation import gettext_lazy as _

from fellesloft.accounts.models import User
from fellesloft.core.forms import (
    SearchableCheckboxes,
    checkboxes,
    filter_field,
    long_text,
    text_area,
)
from fellesloft.core.ordering import norwegian
from fellesloft.learning.models import DiscussionVisibility, NetworkMeeting, Resource, ResourceKind
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.forms import (
    OrganisationChoiceField,
    municipality_filter,
    offer_organisations,
    organisation_choices,
)
from fellesloft.organisations.models import Municipality, Organisation
from fellesloft.organisations.rules import organisations_of
from fellesloft.organisations.selectors import network_people


def _themes_field():
    return checkboxes(_("Behovstema"), NeedTheme.objects.filter(is_active=True))


class ResourceForm(forms.ModelForm):
    themes = _themes_field()
    questions = long_text(
        _("Refleksjonsspørsmål"),
        rows=6,
        required=False,
        help_text=_("Ett spørsmål per linje. Brukes i samtaleguiden for ledergrupper."),
    )
    url = forms.URLField(label=_("Lenke"), required=False, assume_scheme="https")
    video_url = forms.URLField(
        label=_("Videoadresse"),
        required=False,
        assume_scheme="https",
        help_text=_("YouTube- eller Vimeo-adresse. Videoen lastes først når brukeren ber om det."),
    )

    class Meta:
        model = Resource
        fields = ["kind", "title", "publisher", "year", "url", "video_url", "summary", "themes"]
        widgets = {"summary": text_area(5)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["questions"] = "\n".join(
                question.text for question in self.instance.questions.all()
            )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["questions"] = data.get("questions", "").splitlines()
        return data


class DiscussionForm(forms.Form):
    """The discussion guide: one answer field per reflection question."""

    organisation = forms.ModelChoiceField(label=_("Organisasjon"), queryset=Organisation.objects)
    held_on = forms.DateField(
        label=_("Dato for samtalen"), widget=forms.DateInput(attrs={"type": "date"})
    )
    participants = forms.CharField(
        label=_("Hvem var med"),
        required=False,
        max_length=300,
        help_text=_("Roller, ikke navn – for eksempel «ledergruppen i oppvekst»."),
    )
    visibility = forms.ChoiceField(
        label=_("Hvem kan lese svarene"),
        choices=DiscussionVisibility.choices,
        widget=forms.RadioSelect,
        initial=DiscussionVisibility.PRIVATE,
    )

    def __init__(self, *args, resource: Resource, user: User, with_organisation=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_organisation:
            offer_organisations(
                self.fields["organisation"], organisations_of(user).order_by(norwegian("name"))
            )
        else:
            del self.fields["organisation"]
        self.questions = list(resource.questions.all())
        for number, question in enumerate(self.questions, start=1):
            self.fields[f"question_{question.pk}"] = long_text(
                f"{number}. {question.text}", rows=4, required=False
            )

    def answers(self) -> dict[int, str]:
        return {
            question.pk: self.cleaned_data.get(f"question_{question.pk}", "")
            for question in self.questions
        }


class MeetingForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Starter"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Slutter"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    host_municipality = forms.ModelChoiceField(
        label=_("Vertskommune"),
        queryset=Municipality.objects.order_by(norwegian("name")),
        required=False,
    )
    online_url = forms.URLField(
        label=_("Lenke til nettmøtet"), required=False, assume_scheme="https"
    )
    themes = _themes_field()

    class Meta:
        model = NetworkMeeting
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "host_municipality",
            "capacity",
            "agenda",
            "notes",
            "themes",
        ]
        help_texts = {
            "notes": _(
                "Skrives etter samlingen. Referatet vises for innloggede i nettverket og i "
                "læringsstrømmen. Ikke skriv personopplysninger."
            )
        }
        widgets = {
            "agenda": text_area(6),
            "notes": text_area(8),
        }


class NetworkPersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_full_name()} ({obj.email})" if obj.full_name else obj.email


class MeetingTaskForm(forms.Form):
    title = forms.CharField(label=_("Oppgave"), max_length=300)
    owner = NetworkPersonField(
        label=_("Ansvarlig person"),
        queryset=network_people(),
        required=False,
        empty_label=_("Velg en person i nettverket"),
        help_text=_("Personer som er med i nettverket."),
    )
    organisation = OrganisationChoiceField(
        label=_("Ansvarlig organisasjon"),
        queryset=organisation_choices(),
        required=False,
        empty_label=_("Velg en organisasjon"),
        help_text=_(
            "Alle i organisasjonen ser oppgaven under «Mitt arbeid». Velg person, "
            "organisasjon eller begge."
        ),
    )
    due_date = forms.DateField(label=_("Frist"), widget=forms.DateInput(attrs={"type": "date"}))


class MeetingQuestionForm(forms.Form):
    text = forms.CharField(label=_("Nytt refleksjonsspørsmål"), max_length=500)


class GroupAnswerForm(forms.Form):
    group = forms.CharField(
        label=_("Gruppe"), max_length=100, help_text=_("For eksempel «Bord 3».")
    )
    text = long_text(
        _("Gruppens svar"),
        rows=3,
        help_text=_("Skriv om erfaringer og tjenester, ikke om enkeltpersoner."),
    )


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Hvem møtte?"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(registration.user_id), str(registration.user)) for registration in registrations
        ]
        self.fields["attended"].initial = [
            str(registration.user_id) for registration in registrations if registration.attended
        ]

    def clean_attended(self) -> list[int]:
        return [int(value) for value in self.cleaned_data["attended"]]


class FeedFilterForm(forms.Form):
    kommune = municipality_filter()
    tema = filter_field(_("Behovstema"), NeedTheme.objects.filter(is_active=True), _("Alle tema"))


class ResourceFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Alle typer")), *ResourceKind.choices]
    )
    tema = FeedFilterForm.base_fields["tema"]


class DigestPreferenceForm(forms.Form):
    is_subscribed = forms.BooleanField(
        label=_("Ja, send meg en ukentlig oppsummering på e-post"), required=False
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Kommuner"),
        queryset=Municipality.objects.order_by(norwegian("name")),
        required=False,
        widget=SearchableCheckboxes,
        help_text=_("Velg ingen for å få nytt fra kommunene til organisasjonene dine."),
    )
    themes = _themes_field()
