from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from fellesloft.accounts.services import user_password_reset


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-post"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("Feil e-post eller passord. Prøv igjen."),
        "inactive": _("Denne kontoen er deaktivert."),
    }


class NewPasswordForm(SetPasswordForm):
    """The new password from a reset link: the account's failed logins are forgotten, so a
    lock set off by somebody else does not keep its holder out."""

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        return user_password_reset(user=self.user, password=self.cleaned_data["new_password1"])


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Navn"), max_length=150, required=False)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn på nøkkelen"),
        max_length=100,
        help_text=_("For eksempel «Statistikkimport»."),
    )


class DeletionRequestForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Jeg forstår at kontoen min blir slettet og ikke kan hentes tilbake."),
        error_messages={"required": _("Kryss av for at du forstår hva sletting betyr.")},
    )


class DeletionCarryOutForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Slett kontoen nå. Det kan ikke angres."),
        error_messages={"required": _("Kryss av for å bekrefte slettingen.")},
    )
