"""allauth's OpenID Connect provider, with what Fellesløft needs on top:

- a `nonce` in every authorization request, kept in the login's state and checked against the
  ID token when the provider answers (`adapter.SocialAccountAdapter.pre_social_login`);
  allauth 65 sends none;
- the scope and the authorization parameters (`acr_values`, `ui_locales`) from the
  configuration only: allauth lets the request add its own (`?auth_params=`, `?scope=`),
  which would let a visitor ask ID-porten for a lower level of assurance;
- the e-mail from the claim the provider is configured with (`OIDC_<ID>_EMAIL_CLAIM`), taken
  as verified when the provider says so (`email_verified`) or is trusted to
  (`OIDC_<ID>_TRUST_EMAIL`);
- a login only: allauth's other processes (connecting an account from its connections page,
  a bare redirect) need pages that are not mounted;
- a provider that does not answer when the login starts gives a page that says so, not a 500.
"""

import secrets

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from requests import RequestException

from fellesloft.accounts.oidc.client import OidcAdapter
from fellesloft.accounts.oidc.refusals import Refusal, refusal_response

NONCE_STATE_KEY = "nonce"


def provider_claims(data: dict) -> dict:
    """The claims the provider gave: the ID token's, with the userinfo answer's on top."""
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


class FellesloftOpenIDConnectProvider(OpenIDConnectProvider):
    oauth2_adapter_class = OidcAdapter

    def get_auth_params_from_request(self, request, action):
        return self.get_auth_params()

    def get_scope_from_request(self, request):
        return self.get_scope()

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        process = AuthProcess.LOGIN
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params = {**auth_params, "nonce": nonce}
        try:
            return super().redirect(
                request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
            )
        except (RequestException, KeyError, ValueError):
            # The discovery document could not be fetched or lacks the endpoints.
            return refusal_response(request, Refusal.UNAVAILABLE, provider_name=self.name)

    def email_claim(self) -> str:
        return self.app.settings.get("email_claim") or "email"

    def extract_email_addresses(self, data):
        claims = provider_claims(data)
        email = claims.get(self.email_claim())
        if not isinstance(email, str) or "@" not in email:
            return []
        verified = bool(self.app.settings.get("trust_email")) or (
            # Some providers send the claim as a string.
            self.email_claim() == "email" and claims.get("email_verified") in (True, "true")
        )
        return [EmailAddress(email=email.strip().lower(), verified=verified, primary=True)]

    def extract_common_fields(self, data):
        fields = super().extract_common_fields(data)
        addresses = self.extract_email_addresses(data)
        fields["email"] = addresses[0].email if addresses else None
        return fields
