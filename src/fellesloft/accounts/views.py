import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from fellesloft.accounts import selectors, services
from fellesloft.accounts.forms import (
    ApiTokenForm,
    DeletionCarryOutForm,
    DeletionRequestForm,
    LoginForm,
    ProfileForm,
)
from fellesloft.accounts.models import DeletionRequest
from fellesloft.accounts.oidc.config import configured_logins
from fellesloft.core.downloads import download
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import add_service_error
from fellesloft.core.profile import collect_personal_data, own_profile_context
from fellesloft.core.views import form_page, page_of, post_action, requires


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
            "deletion_request": selectors.deletion_request_of(user=request.user),
            "may_process_deletions": request.user.has_perm("accounts.process_deletion_requests"),
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


# --- the person's data on request (GDPR) ---------------------------------------------------------


@never_cache
@requires()
def personal_data_download(request):
    """Everything stored about the logged-in person, as one JSON file."""
    data = collect_personal_data(user=request.user)
    return download(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        "application/json; charset=utf-8",
        f"fellesloft-mine-data-{timezone.localdate():%Y-%m-%d}.json",
    )


@requires()
def deletion_request_view(request):
    if selectors.deletion_request_of(user=request.user) is not None:
        return redirect("accounts:profile")
    return form_page(
        request,
        DeletionRequestForm(request.POST if request.method == "POST" else None),
        "accounts/deletion_request.html",
        save=lambda form: services.user_deletion_request(user=request.user),
        then="accounts:profile",
        message=_("Vi har fått forespørselen din om sletting. Oppdragslederen sletter kontoen."),
    )


@requires(post_only=True)
def deletion_withdraw_view(request):
    if services.user_deletion_withdraw(user=request.user):
        messages.success(request, _("Forespørselen om sletting er trukket tilbake."))
    return redirect("accounts:profile")


@requires("accounts.process_deletion_requests")
def deletion_requests(request):
    return render(
        request,
        "accounts/deletion_requests.html",
        {"page": page_of(request, selectors.pending_deletion_requests(), 50)},
    )


@requires("accounts.process_deletion_requests")
def deletion_carry_out(request, request_id: int):
    deletion_request = get_object_or_404(
        DeletionRequest.objects.select_related("user"), pk=request_id
    )
    form = DeletionCarryOutForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = post_action(
            request,
            lambda: services.user_delete_on_request(
                deletion_request=deletion_request, by=request.user
            ),
            done=_("Kontoen er slettet. Bidragene står nå som «slettet bruker»."),
        )
        if done:
            return redirect("accounts:deletion_requests")
    return render(
        request,
        "accounts/deletion_carry_out.html",
        {"form": form, "deletion_request": deletion_request},
    )
