"""A staff member logs in with the organisation's identity: «Logg inn med …», the provider's
login form (a real OpenID provider on loopback), and back on Fellesløft, logged in."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from fellesloft.accounts.models import User
from tests.accounts.oidc_server import callback_uris, oidc_settings, openid_provider

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(settings, live_server):
    with openid_provider(callback_uris(live_server.url, ["testidp"])) as issuer:
        settings.SOCIALACCOUNT_PROVIDERS = oidc_settings(
            issuer, testidp={"NAME": "Test-ID", "UI_LOCALES": "nb"}
        )
        yield issuer


def _loopback_only(page) -> None:
    """The provider's development pages ask for a web font; nothing leaves the machine."""

    def route(route):
        host = urlsplit(route.request.url).hostname
        if host in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)


def _log_in_at_provider(page, login: str) -> None:
    page.get_by_role("button", name="Logg inn med Test-ID").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("hva-som-helst")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_load_state()


@pytest.fixture
def page(browser, live_server):
    """A page with the site's own Content-Security-Policy in force (the shared fixture bypasses
    it for axe): the way to the provider must pass it."""
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not violations


def test_log_in_with_the_organisations_identity(page, provider):
    user = User.objects.create_user("kari.nordmann@kommune.test", full_name="Kari Nordmann")
    _loopback_only(page)
    page.goto("/konto/logg-inn/?next=/konto/profil/")
    _log_in_at_provider(page, "kari")
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    assert urlsplit(page.url).path == "/konto/profil/"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert user.socialaccount_set.filter(provider="testidp").exists()


def test_no_account_is_told_what_to_do(page, provider):
    _loopback_only(page)
    page.goto("/konto/logg-inn/")
    _log_in_at_provider(page, "ny")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ingen konto for ny.person@kommune.test"
    )
    expect(page.get_by_text("Be koordinatoren i organisasjonen din")).to_be_visible()
    expect(page.get_by_role("link", name="Logg inn")).to_be_visible()
