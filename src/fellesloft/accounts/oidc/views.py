from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect import views as allauth_views
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from fellesloft.accounts.oidc.client import OidcAdapter
from fellesloft.accounts.oidc.config import configured_logins


def login(request, provider_id: str):
    """allauth's start of a login. Its answer to the POST is a redirect to the provider, which
    the browser would refuse: our pages allow forms to send to this site only (CSP
    `form-action 'self'`, which covers where a form's answer redirects to). So the browser is
    sent on by a page that goes there at once (a refresh, and a link for the rest)."""
    response = allauth_views.login(request, provider_id)
    location = response.get("Location", "") if response.status_code == 302 else ""
    if not location or url_has_allowed_host_and_scheme(
        location, allowed_hosts={request.get_host()}
    ):
        return response
    names = dict(configured_logins(settings.SOCIALACCOUNT_PROVIDERS))
    return render(
        request,
        "accounts/oidc_continue.html",
        {"url": location, "provider_name": names.get(provider_id, provider_id)},
    )


def callback(request, provider_id: str):
    """allauth's way back from the provider, with our adapter (`client.py`: private_key_jwt)."""
    try:
        view = OAuth2CallbackView.adapter_view(OidcAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
