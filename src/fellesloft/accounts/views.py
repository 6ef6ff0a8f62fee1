from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from fellesloft.accounts import services
from fellesloft.accounts.forms import ApiTokenForm, LoginForm, ProfileForm
from fellesloft.accounts.oidc.config import configured_logins
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import add_service_error
from fellesloft.core.profile import own_profile_context
from fellesloft.core.views import requires


class LoginView(auth_views.LoginView):
    """Login by e-mail and password, with one button per OpenID Connect provider above it."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_logins"] = [
            {"name": name, "url": reverse("openid_connect_login", kwargs={"provider_id": pid})}
            for pid, name in configured_logins(settings.SOCIALACCOUNT_PROVIDERS)
        ]
        return context


@requires()
def profile(request):
    form = ProfileForm(request.POST or None, initial={"full_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=request.user, full_name=form.cleaned_data["full_name"])
        messages.success(request, _("Profilen er lagret."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "token_form": ApiTokenForm(),
            "tokens": request.user.api_tokens.all(),
            "may_use_api_tokens": request.user.has_perm("accounts.use_api_tokens"),
            # The user's organisations and the like, from the apps that build on accounts.
            **own_profile_context(user=request.user),
        },
    )


@requires("accounts.use_api_tokens")
def api_token_create_view(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
        except ServiceError as error:
            add_service_error(form, error)
    return render(request, "accounts/api_token_create.html", {"form": form, "new_key": new_key})


@requires(post_only=True)
def api_token_revoke_view(request, token_id: int):
    token = get_object_or_404(request.user.api_tokens, pk=token_id)
    services.api_token_revoke(token=token)
    messages.success(request, _("Nøkkelen «%(name)s» er slettet.") % {"name": token.name})
    return redirect("accounts:profile")
