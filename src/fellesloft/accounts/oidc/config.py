"""The OpenID Connect providers, read from the environment once at start-up.

`OIDC_PROVIDERS=entra,feide,idporten` names the providers; each has its variables
`OIDC_<ID>_…` (the id in capitals, `-` as `_`). A provider that is named but badly configured
stops the start with an `ImproperlyConfigured` that says which variable is wrong, rather than a
login button that fails for the first person who presses it.

This module imports nothing from Django but the exception, so `settings.py` can use it.
Client authentication: a secret (`client_secret_basic`, `client_secret_post`), or a signed
assertion with an RSA key (`private_key_jwt`, `OIDC_<ID>_PRIVATE_KEY`), which allauth lacks and
`provider.py` adds.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured

# The allauth provider class with our additions (nonce, the e-mail claim, trusted e-mail).
PROVIDER_CLASS = "fellesloft.accounts.oidc.provider.FellesloftOpenIDConnectProvider"
PROVIDER_ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,29}$")
# ID-porten's levels of assurance; «substantial» and «high» are short for its full names.
ACR_VALUES = {
    "substantial": "idporten-loa-substantial",
    "high": "idporten-loa-high",
    "idporten-loa-substantial": "idporten-loa-substantial",
    "idporten-loa-high": "idporten-loa-high",
}
PRIVATE_KEY_JWT = "private_key_jwt"
TOKEN_AUTH_METHODS = {"client_secret_basic", "client_secret_post", PRIVATE_KEY_JWT}
# private_key_jwt: the `aud` of the client assertion. The token endpoint is what OpenID
# Connect Core §9 asks for (Entra ID); ID-porten wants its issuer.
ASSERTION_AUDIENCES = {"token_endpoint", "issuer"}
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class OidcProvider:
    id: str
    name: str
    server_url: str
    client_id: str
    secret: str = field(repr=False)
    scopes: tuple[str, ...] = ("openid", "email", "profile")
    email_claim: str = "email"
    acr_values: str = ""
    ui_locales: str = ""
    token_auth_method: str = "client_secret_basic"  # noqa: S105 (a method, not a secret)
    allow_signup: bool = False
    trust_email: bool = False
    extra_auth_params: dict[str, str] = field(default_factory=dict)
    private_key: str = field(default="", repr=False)
    key_id: str = ""
    assertion_audience: str = "token_endpoint"

    def auth_params(self) -> dict[str, str]:
        params = dict(self.extra_auth_params)
        if self.acr_values:
            params["acr_values"] = self.acr_values
        if self.ui_locales:
            params["ui_locales"] = self.ui_locales
        return params

    def as_allauth_app(self) -> dict:
        """One entry of allauth's `SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]`."""
        return {
            "provider_id": self.id,
            "name": self.name,
            "client_id": self.client_id,
            "secret": self.secret,
            "settings": {
                "server_url": self.server_url,
                "scope": list(self.scopes),
                "auth_params": self.auth_params(),
                "oauth_pkce_enabled": True,
                "token_auth_method": self.token_auth_method,
                "private_key": self.private_key,
                "key_id": self.key_id,
                "assertion_audience": self.assertion_audience,
                # Read by our provider class and adapter (fellesloft.accounts.oidc).
                "email_claim": self.email_claim,
                "trust_email": self.trust_email,
                "allow_signup": self.allow_signup,
            },
        }


def _prefix(provider_id: str) -> str:
    return f"OIDC_{provider_id.upper().replace('-', '_')}_"


def _bool(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def _required(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set (OIDC_PROVIDERS names this provider).")
    return value


def _provider(env: Mapping[str, str], provider_id: str) -> OidcProvider:
    prefix = _prefix(provider_id)
    server_url = _required(env, prefix + "SERVER_URL")
    parts = urlsplit(server_url)
    local = parts.hostname in {"127.0.0.1", "localhost", "::1"}
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise ImproperlyConfigured(
            f"{prefix}SERVER_URL must be an https:// address (the issuer or its "
            f"/.well-known/openid-configuration), not {server_url!r}."
        )
    private_key = _private_key(env, prefix)
    scopes = tuple(env.get(prefix + "SCOPES", "openid email profile").replace(",", " ").split())
    if "openid" not in scopes:
        raise ImproperlyConfigured(f"{prefix}SCOPES must contain openid, got {scopes!r}.")
    acr_values = env.get(prefix + "ACR_VALUES", "").replace(",", " ").split()
    unknown = set(acr_values) - set(ACR_VALUES)
    if unknown:
        raise ImproperlyConfigured(
            f"{prefix}ACR_VALUES must be among {sorted(ACR_VALUES)}, not {sorted(unknown)}."
        )
    default_method = PRIVATE_KEY_JWT if private_key else "client_secret_basic"
    token_auth_method = env.get(prefix + "TOKEN_AUTH_METHOD", "").strip() or default_method
    if token_auth_method not in TOKEN_AUTH_METHODS:
        raise ImproperlyConfigured(
            f"{prefix}TOKEN_AUTH_METHOD must be one of {sorted(TOKEN_AUTH_METHODS)}, "
            f"not {token_auth_method!r}."
        )
    if (token_auth_method == PRIVATE_KEY_JWT) != bool(private_key):
        raise ImproperlyConfigured(
            f"{prefix}TOKEN_AUTH_METHOD is {token_auth_method}: "
            + (
                f"set {prefix}PRIVATE_KEY or {prefix}PRIVATE_KEY_FILE."
                if private_key == ""
                else f"leave out {prefix}PRIVATE_KEY, or choose {PRIVATE_KEY_JWT}."
            )
        )
    audience = env.get(prefix + "ASSERTION_AUDIENCE", "").strip() or "token_endpoint"
    if audience not in ASSERTION_AUDIENCES:
        raise ImproperlyConfigured(
            f"{prefix}ASSERTION_AUDIENCE must be one of {sorted(ASSERTION_AUDIENCES)}, "
            f"not {audience!r}."
        )
    email_claim = env.get(prefix + "EMAIL_CLAIM", "").strip() or "email"
    if not re.fullmatch(r"[A-Za-z0-9_:./-]+", email_claim):
        raise ImproperlyConfigured(f"{prefix}EMAIL_CLAIM is not a claim name: {email_claim!r}.")
    return OidcProvider(
        id=provider_id,
        name=env.get(prefix + "NAME", "").strip() or provider_id,
        server_url=server_url,
        client_id=_required(env, prefix + "CLIENT_ID"),
        secret="" if private_key else _required(env, prefix + "SECRET"),
        private_key=private_key,
        key_id=env.get(prefix + "KEY_ID", "").strip(),
        assertion_audience=audience,
        scopes=scopes,
        email_claim=email_claim,
        acr_values=" ".join(ACR_VALUES[value] for value in acr_values),
        ui_locales=" ".join(env.get(prefix + "UI_LOCALES", "").replace(",", " ").split()),
        token_auth_method=token_auth_method,
        allow_signup=_bool(env, prefix + "ALLOW_SIGNUP"),
        trust_email=_bool(env, prefix + "TRUST_EMAIL"),
    )


def _private_key(env: Mapping[str, str], prefix: str) -> str:
    """The PEM of the RSA key for private_key_jwt, from the variable or the file it names
    ("" when neither is set); checked here so a bad key stops the start."""
    pem = env.get(prefix + "PRIVATE_KEY", "").replace("\\n", "\n").strip()
    path = env.get(prefix + "PRIVATE_KEY_FILE", "").strip()
    if pem and path:
        raise ImproperlyConfigured(
            f"Set {prefix}PRIVATE_KEY or {prefix}PRIVATE_KEY_FILE, not both."
        )
    if path:
        try:
            pem = Path(path).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{prefix}PRIVATE_KEY_FILE cannot be read: {error}"
            ) from None
    if not pem:
        return ""
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            f"{prefix}PRIVATE_KEY is not an unencrypted PEM private key."
        ) from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ImproperlyConfigured(f"{prefix}PRIVATE_KEY must be an RSA key (RS256).")
    return pem


def providers_from_environment(env: Mapping[str, str]) -> list[OidcProvider]:
    """The providers named in `OIDC_PROVIDERS`, in that order (none when it is empty)."""
    ids = [item.strip() for item in env.get("OIDC_PROVIDERS", "").split(",") if item.strip()]
    for provider_id in ids:
        if not PROVIDER_ID_PATTERN.match(provider_id):
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS: {provider_id!r} is not a provider id (lower-case letters, "
                "digits and -, starting with a letter, at most 30 characters)."
            )
    if len(set(ids)) != len(ids):
        raise ImproperlyConfigured(f"OIDC_PROVIDERS names a provider twice: {ids}.")
    return [_provider(env, provider_id) for provider_id in ids]


def socialaccount_providers(providers: list[OidcProvider]) -> dict:
    """allauth's `SOCIALACCOUNT_PROVIDERS`: always our provider class (allauth's registry
    reads it once), with one app per configured provider."""
    return {
        "openid_connect": {
            "provider_class": PROVIDER_CLASS,
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [provider.as_allauth_app() for provider in providers],
        }
    }


def configured_logins(socialaccount_settings: dict) -> list[tuple[str, str]]:
    """(provider id, name) of each configured provider, for the login page's buttons."""
    apps = socialaccount_settings.get("openid_connect", {}).get("APPS", [])
    return [(app["provider_id"], app.get("name") or app["provider_id"]) for app in apps]
