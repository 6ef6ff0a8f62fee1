from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _


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
        from fellesloft.accounts.services import login_failures_forget

        user = super().save(commit=commit)
        if commit:
            login_failures_forget(user=user)
        return user


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Navn"), max_length=150, required=False)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn på nøkkelen"),
        max_length=100,
        help_text=_("For eksempel «Statistikkimport»."),
    )
