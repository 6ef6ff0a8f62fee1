"""The OpenID Connect providers from the environment: good configuration becomes allauth's
settings, bad configuration stops the start with a message that names the variable."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from fellesloft.accounts.oidc.config import (
    PROVIDER_CLASS,
    configured_logins,
    providers_from_environment,
    socialaccount_providers,
)
from tests.accounts.oidc_server import CLIENT_KEY_PEM

IDPORTEN = {
    "OIDC_PROVIDERS": "entra, feide,idporten",
    "OIDC_ENTRA_NAME": "Microsoft Entra ID",
    "OIDC_ENTRA_SERVER_URL": "https://login.microsoftonline.com/tenant-id/v2.0",
    "OIDC_ENTRA_CLIENT_ID": "entra-klient",
    "OIDC_ENTRA_SECRET": "entra-hemmelighet",
    "OIDC_ENTRA_EMAIL_CLAIM": "preferred_username",
    "OIDC_ENTRA_TRUST_EMAIL": "true",
    "OIDC_FEIDE_NAME": "Feide",
    "OIDC_FEIDE_SERVER_URL": "https://auth.dataporten.no/.well-known/openid-configuration",
    "OIDC_FEIDE_CLIENT_ID": "feide-klient",
    "OIDC_FEIDE_SECRET": "feide-hemmelighet",
    "OIDC_FEIDE_SCOPES": "openid,email,profile",
    "OIDC_IDPORTEN_NAME": "ID-porten",
    "OIDC_IDPORTEN_SERVER_URL": "https://idporten.no",
    "OIDC_IDPORTEN_CLIENT_ID": "idporten-klient",
    "OIDC_IDPORTEN_SECRET": "idporten-hemmelighet",
    "OIDC_IDPORTEN_SCOPES": "openid profile",
    "OIDC_IDPORTEN_ACR_VALUES": "high",
    "OIDC_IDPORTEN_UI_LOCALES": "nb,nn,en",
    "OIDC_IDPORTEN_TOKEN_AUTH_METHOD": "client_secret_post",
    "OIDC_IDPORTEN_ALLOW_SIGNUP": "yes",
}


def test_three_providers_become_three_allauth_apps():
    settings = socialaccount_providers(providers_from_environment(IDPORTEN))
    oidc = settings["openid_connect"]
    assert oidc["provider_class"] == PROVIDER_CLASS and oidc["OAUTH_PKCE_ENABLED"] is True
    entra, feide, idporten = oidc["APPS"]
    assert [app["provider_id"] for app in oidc["APPS"]] == ["entra", "feide", "idporten"]
    assert entra["settings"]["email_claim"] == "preferred_username"
    assert entra["settings"]["trust_email"] is True and entra["settings"]["allow_signup"] is False
    assert entra["settings"]["token_auth_method"] == "client_secret_basic"
    assert feide["settings"]["server_url"].endswith("/.well-known/openid-configuration")
    assert feide["settings"]["scope"] == ["openid", "email", "profile"]
    assert feide["settings"]["auth_params"] == {}
    assert idporten["settings"]["auth_params"] == {
        "acr_values": "idporten-loa-high",
        "ui_locales": "nb nn en",
    }
    assert idporten["settings"]["token_auth_method"] == "client_secret_post"
    assert idporten["settings"]["allow_signup"] is True
    assert all(app["settings"]["oauth_pkce_enabled"] for app in oidc["APPS"])
    assert idporten["client_id"] == "idporten-klient"
    assert idporten["secret"] == "idporten-hemmelighet"
    assert configured_logins(settings) == [
        ("entra", "Microsoft Entra ID"),
        ("feide", "Feide"),
        ("idporten", "ID-porten"),
    ]


def test_no_providers_is_fine():
    assert providers_from_environment({}) == []
    assert socialaccount_providers([])["openid_connect"]["APPS"] == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"OIDC_PROVIDERS": "entra,Feide"}, "'Feide' is not a provider id"),
        ({"OIDC_PROVIDERS": "entra,entra"}, "names a provider twice"),
        ({"OIDC_PROVIDERS": "entra,nav"}, "OIDC_NAV_SERVER_URL must be set"),
        ({"OIDC_ENTRA_CLIENT_ID": ""}, "OIDC_ENTRA_CLIENT_ID must be set"),
        ({"OIDC_FEIDE_SECRET": " "}, "OIDC_FEIDE_SECRET must be set"),
        ({"OIDC_FEIDE_SERVER_URL": "http://auth.dataporten.no"}, "must be an https:// address"),
        ({"OIDC_FEIDE_SERVER_URL": "auth.dataporten.no"}, "OIDC_FEIDE_SERVER_URL must be"),
        ({"OIDC_IDPORTEN_ACR_VALUES": "Level4"}, "OIDC_IDPORTEN_ACR_VALUES must be among"),
        ({"OIDC_IDPORTEN_SCOPES": "profile email"}, "OIDC_IDPORTEN_SCOPES must contain openid"),
        ({"OIDC_IDPORTEN_ALLOW_SIGNUP": "kanskje"}, "OIDC_IDPORTEN_ALLOW_SIGNUP must be true"),
        ({"OIDC_ENTRA_TRUST_EMAIL": "2"}, "OIDC_ENTRA_TRUST_EMAIL must be true or false"),
        ({"OIDC_ENTRA_TOKEN_AUTH_METHOD": "private_key_jwt"}, "set OIDC_ENTRA_PRIVATE_KEY or"),
        ({"OIDC_ENTRA_TOKEN_AUTH_METHOD": "client_secret_jwt"}, "must be one of"),
        ({"OIDC_ENTRA_EMAIL_CLAIM": "e mail"}, "is not a claim name"),
        ({"OIDC_IDPORTEN_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----"}, "not an unencrypted PEM"),
        ({"OIDC_IDPORTEN_PRIVATE_KEY_FILE": "/finnes/ikke.pem"}, "cannot be read"),
        (
            {"OIDC_IDPORTEN_PRIVATE_KEY": CLIENT_KEY_PEM, "OIDC_IDPORTEN_PRIVATE_KEY_FILE": "x"},
            "not both",
        ),
        (
            {
                "OIDC_IDPORTEN_PRIVATE_KEY": CLIENT_KEY_PEM,
                "OIDC_IDPORTEN_TOKEN_AUTH_METHOD": "client_secret_post",
            },
            "leave out OIDC_IDPORTEN_PRIVATE_KEY",
        ),
        (
            {
                "OIDC_IDPORTEN_PRIVATE_KEY": CLIENT_KEY_PEM,
                "OIDC_IDPORTEN_TOKEN_AUTH_METHOD": "",
                "OIDC_IDPORTEN_ASSERTION_AUDIENCE": "x",
            },
            "ASSERTION_AUDIENCE must be one of",
        ),
    ],
)
def test_bad_configuration_names_the_variable(change, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        providers_from_environment({**IDPORTEN, **change})


def test_a_private_key_replaces_the_secret(tmp_path):
    key_file = tmp_path / "idporten.pem"
    key_file.write_text(CLIENT_KEY_PEM)
    for key_variables in [
        {"OIDC_IDPORTEN_PRIVATE_KEY": CLIENT_KEY_PEM.replace("\n", "\\n")},  # one line
        {"OIDC_IDPORTEN_PRIVATE_KEY_FILE": str(key_file)},
    ]:
        env = {**IDPORTEN, "OIDC_IDPORTEN_SECRET": "", **key_variables}
        env.pop("OIDC_IDPORTEN_TOKEN_AUTH_METHOD")
        env["OIDC_IDPORTEN_KEY_ID"] = "nokkel-2026"
        env["OIDC_IDPORTEN_ASSERTION_AUDIENCE"] = "issuer"
        idporten = socialaccount_providers(providers_from_environment(env))["openid_connect"][
            "APPS"
        ][2]
        assert idporten["secret"] == ""
        assert idporten["settings"]["token_auth_method"] == "private_key_jwt"
        assert idporten["settings"]["private_key"] == CLIENT_KEY_PEM.strip()
        assert idporten["settings"]["key_id"] == "nokkel-2026"
        assert idporten["settings"]["assertion_audience"] == "issuer"


def test_loopback_http_is_allowed_for_development():
    env = {
        "OIDC_PROVIDERS": "lokal",
        "OIDC_LOKAL_SERVER_URL": "http://127.0.0.1:9000",
        "OIDC_LOKAL_CLIENT_ID": "a",
        "OIDC_LOKAL_SECRET": "b",
    }
    (provider,) = providers_from_environment(env)
    assert provider.name == "lokal" and provider.scopes == ("openid", "email", "profile")


def test_the_application_refuses_to_start_with_bad_configuration(tmp_path):
    env = {
        **os.environ,
        "FELLESLOFT_ENV": "development",
        "FELLESLOFT_DATA_DIR": str(tmp_path),
        "OIDC_PROVIDERS": "idporten",
        "OIDC_IDPORTEN_SERVER_URL": "https://idporten.no",
        "OIDC_IDPORTEN_CLIENT_ID": "klient",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "fellesloft", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "OIDC_IDPORTEN_SECRET must be set" in result.stderr
