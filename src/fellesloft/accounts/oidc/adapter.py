"""Who may log in with OpenID Connect, decided once (allauth's adapter hooks):

- the ID token must carry the nonce this browser's login started with;
- a provider account linked before logs in to its user, if that user is active;
- otherwise the provider's e-mail must be verified (`email_verified`, or a provider trusted
  with `OIDC_<ID>_TRUST_EMAIL`), and the user with that e-mail (any case) – an existing or an
  invited one – is the one logged in, and the provider account is linked to it;
- nobody else, unless the provider allows sign-up (`OIDC_<ID>_ALLOW_SIGNUP`);
- inactive users never.

Every refusal and every failed step of the flow ends on our page in Norwegian
(`refusals.py`). allauth's own sign-up, password and e-mail pages are not mounted; its account
adapter here refuses sign-up so none of its forms can create a user either.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthError
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from requests import RequestException

from fellesloft.accounts.oidc.provider import NONCE_STATE_KEY
from fellesloft.accounts.oidc.refusals import Refusal, refusal_response
from fellesloft.accounts.selectors import user_by_email
from fellesloft.accounts.services import identity_link

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False  # allauth's own sign-up: never (a provider may allow it, see below)

    def login(self, request, user) -> None:
        # The session remembers the backend that loads the user on later requests.
        if not hasattr(user, "backend"):
            user.backend = MODEL_BACKEND
        super().login(request, user)

    def add_message(self, *args, **kwargs) -> None:
        """No «signed in as …» notices: a login by password shows none either."""


def _refuse(request, refusal: Refusal, sociallogin, email: str = ""):
    raise ImmediateHttpResponse(
        refusal_response(request, refusal, provider_name=sociallogin.provider.name, email=email)
    )


def _claimed_email(sociallogin):
    """The provider's e-mail for this login (lower case) and whether it is verified."""
    if not sociallogin.email_addresses:
        return "", False
    address = sociallogin.email_addresses[0]
    return address.email, address.verified


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def authenticate_by_email(self, sociallogin):
        """Not allauth's lookup by e-mail: it would wipe the password of an account whose
        e-mail allauth has not seen verified – every invited account here. `pre_social_login`
        links by verified e-mail instead."""
        return None

    def pre_social_login(self, request, sociallogin) -> None:
        id_token = sociallogin.account.extra_data.get("id_token") or {}
        expected_nonce = (sociallogin.state or {}).get(NONCE_STATE_KEY)
        if not expected_nonce or id_token.get("nonce") != expected_nonce:
            _refuse(request, Refusal.INVALID, sociallogin)
        if sociallogin.is_existing:  # linked at an earlier login
            if not sociallogin.user.is_active:
                _refuse(request, Refusal.INACTIVE, sociallogin, sociallogin.user.email)
            return
        email, verified = _claimed_email(sociallogin)
        if not email:
            _refuse(request, Refusal.NO_EMAIL, sociallogin)
        if not verified:
            _refuse(request, Refusal.UNVERIFIED, sociallogin, email)
        user = user_by_email(email)
        if user is not None:
            if not user.is_active:
                _refuse(request, Refusal.INACTIVE, sociallogin, email)
            identity_link(request=request, sociallogin=sociallogin, user=user)
            return
        if not self.is_open_for_signup(request, sociallogin):
            _refuse(request, Refusal.NO_ACCOUNT, sociallogin, email)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return bool(sociallogin.provider.app.settings.get("allow_signup"))

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        return True

    def populate_user(self, request, sociallogin, data):
        user = sociallogin.user
        user.email = (data.get("email") or "").lower()
        user.full_name = (data.get("name") or "")[:150]
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        extra_context = extra_context or {}
        refusal = Refusal.INVALID
        error_code = ""
        if exception is None and "state" not in extra_context:
            refusal = Refusal.STATE
        elif error == AuthError.CANCELLED:
            refusal = Refusal.CANCELLED
        elif exception is None:
            refusal = Refusal.PROVIDER_ERROR
            error_code = "".join(
                c for c in request.GET.get("error", "")[:60] if c.isalnum() or c in "_-."
            )
        elif isinstance(exception, RequestException):
            refusal = Refusal.UNAVAILABLE
        elif isinstance(exception, OAuth2Error) and "access token" in str(exception):
            refusal = Refusal.CODE
        raise ImmediateHttpResponse(
            refusal_response(request, refusal, provider_name=provider.name, error=error_code)
        )
