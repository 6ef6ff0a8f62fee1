"""Login with OpenID Connect against a real provider (npm's oidc-provider on loopback):
PKCE, state and nonce, linking by verified e-mail, and every refusal in Norwegian."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from axes.models import AccessLog
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from fellesloft.accounts.models import User
from tests.accounts.oidc_server import (
    CLIENT_KEY_PEM,
    KEY_CLIENT_ID,
    KEY_ID,
    OTHER_KEY_PEM,
    callback_uris,
    log_in_at_provider,
    oidc_settings,
    openid_provider,
)

PROVIDER_IDS = ["testidp", "apen", "entra", "nokkel", "nokkeliss", "feilnokkel"]


@pytest.fixture(scope="module")
def issuer():
    with openid_provider(callback_uris("http://testserver", PROVIDER_IDS)) as url:
        yield url


@pytest.fixture
def oidc(settings, issuer):
    settings.SOCIALACCOUNT_PROVIDERS = oidc_settings(
        issuer,
        testidp={"NAME": "Test-ID", "ACR_VALUES": "substantial", "UI_LOCALES": "nb en"},
        apen={"NAME": "Åpen ID", "ALLOW_SIGNUP": "true"},
        entra={"NAME": "Entra", "EMAIL_CLAIM": "preferred_username", "TRUST_EMAIL": "true"},
        nokkel={
            "NAME": "ID-porten med nøkkel",
            "CLIENT_ID": KEY_CLIENT_ID,
            "PRIVATE_KEY": CLIENT_KEY_PEM,
            "KEY_ID": KEY_ID,
        },
        nokkeliss={
            "CLIENT_ID": KEY_CLIENT_ID,
            "PRIVATE_KEY": CLIENT_KEY_PEM,
            "KEY_ID": KEY_ID,
            "ASSERTION_AUDIENCE": "issuer",
        },
        feilnokkel={
            "NAME": "Feil nøkkel",
            "CLIENT_ID": KEY_CLIENT_ID,
            "PRIVATE_KEY": OTHER_KEY_PEM,
        },
    )
    return issuer


def provider_url(response) -> str:
    """Where the page after «Logg inn med …» sends the browser: the provider's authorization
    endpoint, by an immediate refresh and a link (a redirect would break our CSP)."""
    assert response.status_code == 200, response.content
    body = response.content.decode()
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', body)
    link = re.search(r'<a class="ds-link" href="([^"]+)">Gå videre til innloggingen', body)
    assert refresh and link and refresh.group(1) == link.group(1), body
    return html.unescape(link.group(1))


def start(client, provider_id: str = "testidp", **data) -> str:
    url = reverse("openid_connect_login", kwargs={"provider_id": provider_id})
    return provider_url(client.post(url, {"process": "login", **data}))


def callback_for(client, issuer, login: str, provider_id: str = "testidp", **data) -> str:
    return log_in_at_provider(start(client, provider_id, **data), issuer, login)


def logged_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def assert_refused(response, status: int, text: str):
    assert response.status_code == status
    body = response.content.decode()
    assert text in body, body
    assert "Til innloggingssiden" in body


@pytest.mark.django_db
def test_authorization_request_has_pkce_state_nonce_and_the_configured_parameters(client, oidc):
    url = start(client)
    assert url.startswith(f"{oidc}/auth?")
    query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) >= 43
    assert len(query["state"]) >= 16 and len(query["nonce"]) >= 32
    assert set(query["scope"].split()) == {"openid", "email", "profile"}
    assert query["acr_values"] == "idporten-loa-substantial"
    assert query["ui_locales"] == "nb en"
    assert query["redirect_uri"] == "http://testserver/konto/oidc/testidp/tilbake/"
    # A visitor cannot lower the level of assurance or widen the scope through the address.
    url = reverse("openid_connect_login", kwargs={"provider_id": "testidp"})
    response = client.post(f"{url}?auth_params=acr_values%3Dlow&scope=offline_access")
    query = parse_qs(urlsplit(provider_url(response)).query)
    assert query["acr_values"] == ["idporten-loa-substantial"]
    assert "offline_access" not in query["scope"][0]
    # Each login gets its own state and nonce.
    again = parse_qs(urlsplit(start(client)).query)
    assert again["nonce"][0] != query["nonce"][0] and again["state"][0] != query["state"][0]


@pytest.mark.django_db
def test_invited_account_logs_in_by_verified_email_in_any_case(client, oidc):
    invited = User.objects.create_user("kari.nordmann@kommune.test")  # unusable password
    response = client.get(callback_for(client, oidc, "kari", next="/organisasjoner/"))
    assert response.status_code == 302 and response["Location"] == "/organisasjoner/"
    assert logged_in_user(client) == invited
    account = SocialAccount.objects.get(user=invited)
    assert (account.provider, account.uid) == ("testidp", "kari")
    # Recorded like a password login (axes' login records).
    assert AccessLog.objects.filter(username="kari.nordmann@kommune.test").exists()
    # The next login finds the account by the link, and logs in again.
    client.logout()
    response = client.get(callback_for(client, oidc, "kari"))
    assert response.status_code == 302 and logged_in_user(client) == invited


@pytest.mark.django_db
def test_only_a_login_can_be_started(client, oidc):
    """allauth's «connect» process would end on its unmounted connections page."""
    user = User.objects.create_user("kari.nordmann@kommune.test")
    client.force_login(User.objects.create_user("annen@kommune.test"))
    response = client.get(callback_for(client, oidc, "kari", process="connect"))
    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)
    assert logged_in_user(client) == user


@pytest.mark.django_db
def test_a_password_survives_the_first_oidc_login(client, oidc):
    user = User.objects.create_user("kari.nordmann@kommune.test", "riktig-hest-batteri")
    client.get(callback_for(client, oidc, "kari"))
    assert logged_in_user(client) == user
    user.refresh_from_db()
    assert user.check_password("riktig-hest-batteri")


@pytest.mark.django_db
def test_a_client_with_a_private_key_authenticates_with_a_signed_assertion(client, oidc):
    """private_key_jwt, as ID-porten recommends: the provider checks the signature with the
    client's registered public key; a client with another key is refused."""
    user = User.objects.create_user("kari.nordmann@kommune.test")
    for provider_id in ["nokkel", "nokkeliss"]:  # audience: the token endpoint, the issuer
        response = client.get(callback_for(client, oidc, "kari", provider_id=provider_id))
        assert response.status_code == 302 and logged_in_user(client) == user
        client.logout()
    response = client.get(callback_for(client, oidc, "kari", provider_id="feilnokkel"))
    assert_refused(response, 400, "godtok ikke svaret")
    assert logged_in_user(client) is None


@pytest.mark.django_db
def test_wrong_state_is_refused(client, oidc):
    User.objects.create_user("kari.nordmann@kommune.test")
    callback = callback_for(client, oidc, "kari")
    query = parse_qs(urlsplit(callback).query)
    tampered = f"/konto/oidc/testidp/tilbake/?code={query['code'][0]}&state=feil-state-1234"
    response = client.get(tampered)
    assert_refused(response, 400, "Innloggingen kunne ikke bekreftes")
    assert logged_in_user(client) is None


@pytest.mark.django_db
def test_replayed_authorization_code_is_refused(client, oidc):
    User.objects.create_user("kari.nordmann@kommune.test")
    first = callback_for(client, oidc, "kari")
    assert client.get(first).status_code == 302
    client.logout()
    # The same answer again: its state was used up.
    assert_refused(client.get(first), 400, "Innloggingen kunne ikke bekreftes")
    # The used code with the state of a new login: the provider refuses the code.
    new_state = parse_qs(urlsplit(start(client)).query)["state"][0]
    code = parse_qs(urlsplit(first).query)["code"][0]
    response = client.get(f"/konto/oidc/testidp/tilbake/?code={code}&state={new_state}")
    assert_refused(response, 400, "brukes to ganger")
    assert logged_in_user(client) is None


@pytest.mark.django_db
def test_a_nonce_that_does_not_match_is_refused(client, oidc):
    User.objects.create_user("kari.nordmann@kommune.test")
    callback = callback_for(client, oidc, "kari")
    session = client.session
    states = session["socialaccount_states"]
    for state, _time, _provider in states.values():
        state["nonce"] = "en-annen-nonce"
    session["socialaccount_states"] = states
    session.save()
    assert_refused(client.get(callback), 400, "kunne ikke kontrolleres")
    assert logged_in_user(client) is None


@pytest.mark.django_db
def test_unverified_email_is_refused(client, oidc):
    User.objects.create_user("ulla@kommune.test")
    response = client.get(callback_for(client, oidc, "uverifisert"))
    assert_refused(response, 403, "har ikke bekreftet at e-postadressen ulla@kommune.test")
    assert logged_in_user(client) is None
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_a_trusted_provider_gives_the_email_from_its_configured_claim(client, oidc):
    user = User.objects.create_user("per@kommune.test")
    response = client.get(callback_for(client, oidc, "entra", provider_id="entra"))
    assert response.status_code == 302
    assert logged_in_user(client) == user


@pytest.mark.django_db
def test_inactive_account_is_refused(client, oidc):
    User.objects.create_user("ivar@kommune.test", is_active=False)
    response = client.get(callback_for(client, oidc, "inaktiv"))
    assert_refused(response, 403, "Kontoen er deaktivert")
    assert logged_in_user(client) is None


@pytest.mark.django_db
def test_no_account_and_no_signup_is_refused(client, oidc):
    response = client.get(callback_for(client, oidc, "ny"))
    assert_refused(response, 403, "Ingen konto for ny.person@kommune.test")
    assert logged_in_user(client) is None
    assert not User.objects.filter(email__iexact="ny.person@kommune.test").exists()


@pytest.mark.django_db
def test_a_provider_that_allows_signup_creates_the_account(client, oidc):
    response = client.get(callback_for(client, oidc, "ny", provider_id="apen"))
    assert response.status_code == 302
    user = User.objects.get(email="ny.person@kommune.test")
    assert user.full_name == "Ny Person" and not user.has_usable_password()
    assert logged_in_user(client) == user


@pytest.mark.django_db
def test_provider_errors_and_cancelling_are_explained(client, oidc):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    response = client.get(f"/konto/oidc/testidp/tilbake/?error=server_error&state={state}")
    assert_refused(response, 400, "svarte med en feil (server_error)")
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    response = client.get(f"/konto/oidc/testidp/tilbake/?error=access_denied&state={state}")
    assert_refused(response, 400, "Du avbrøt innloggingen hos Test-ID")


@pytest.mark.django_db
def test_a_provider_that_does_not_answer_is_explained(client):
    # tests/settings.py: «Test-ID» on a loopback port where nothing listens.
    response = client.post("/konto/oidc/testidp/logg-inn/")
    assert_refused(response, 503, "Vi får ikke kontakt med Test-ID")


@pytest.mark.django_db
def test_an_unknown_provider_is_not_found(client, oidc):
    assert client.post("/konto/oidc/ukjent/logg-inn/").status_code == 404
    assert client.get("/konto/oidc/ukjent/tilbake/?code=x&state=y").status_code == 404


@pytest.mark.django_db
def test_login_page_has_a_post_button_per_provider(client, oidc):
    body = client.get(reverse("accounts:login")).content.decode()
    for provider_id, name in [
        ("testidp", "Test-ID"),
        ("apen", "Åpen ID"),
        ("nokkel", "ID-porten med nøkkel"),
    ]:
        assert f'action="/konto/oidc/{provider_id}/logg-inn/"' in body
        assert f"Logg inn med {name}" in body
    forms = re.findall(
        r'<form method="post" action="/konto/oidc/[^"]+/logg-inn/">\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken"',
        body,
    )
    assert len(forms) == 6


@pytest.mark.django_db
def test_login_page_without_providers_has_only_the_password_form(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = oidc_settings("http://127.0.0.1:9")
    body = client.get(reverse("accounts:login")).content.decode()
    assert "Logg inn med" not in body
    assert 'name="password"' in body
