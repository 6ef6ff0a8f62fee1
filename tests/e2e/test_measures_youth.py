"""«Hva kan hjelpe meg?» on a 320 px phone with JavaScript off: no login, no tracking."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from fellesloft.measures.models import Access, Reach
from tests.measures.factories import make_measure, organisation
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _landscape():
    world = build_world()
    helse = organisation("Trondheim kommune – helse og velferd (test)", "helse", world.municipality)
    make_measure(
        provider=helse,
        name="Helsestasjon for ungdom",
        ages=(13, 23),
        access=Access.DROP_IN,
        youth_needs=["helse", "snakke"],
    )
    make_measure(
        provider=world.organisation,
        name="Oppfølgingsteamet for unge voksne med en veldig lang tittel",
        ages=(20, 29),
        youth_needs=["jobb"],
    )
    make_measure(
        provider=world.organisation,
        name="Ungdomslos",
        ages=(13, 20),
        access=Access.SELF_REFERRAL,
        youth_needs=["snakke", "skole"],
    )
    make_measure(
        provider=organisation("NAV (test)", "nav"),
        name="Økonomirådstelefonen",
        ages=(16, 99),
        youth_needs=["penger"],
        reach=Reach.NATIONAL,
        location="",
        phone="55 55 33 39",
    )
    return world


def test_phone_without_javascript_finds_help_and_nothing_overflows(browser, live_server):
    _landscape()
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": 320, "height": 640},
        locale="nb-NO",
    )
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto("/tiltak/hva-kan-hjelpe-meg/")
    page.get_by_role("link", name="Trondheim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hva kan hjelpe meg?")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # The whole box is the tap target: tap its middle, not the small square.
    page.locator(".youth-choice", has_text="Noen å snakke med").click()
    expect(page.get_by_role("checkbox", name="Noen å snakke med")).to_be_checked()
    page.get_by_label("Hvor gammel er du?").fill("16")
    page.get_by_role("button", name="Vis hva som finnes").click()

    expect(page.get_by_role("heading", name="2 tilbud i Trondheim passer")).to_be_visible()
    cards = page.locator(".youth-card")
    expect(cards).to_have_count(2)
    # Lowest threshold first: drop-in before «ta kontakt selv».
    expect(cards.nth(0).get_by_role("heading")).to_have_text("Helsestasjon for ungdom")
    expect(cards.nth(0)).to_contain_text("Bare møt opp")
    expect(cards.nth(0)).to_contain_text("Helsesykepleier")
    expect(cards.nth(1).get_by_role("heading")).to_have_text("Ungdomslos")
    expect(page.get_by_role("checkbox", name="Noen å snakke med")).to_be_checked()
    assert "behov=snakke" in page.url and "alder=16" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # A bad age gets a plain answer, and the page still fits.
    page.get_by_label("Hvor gammel er du?").fill("99")
    page.get_by_role("button", name="Vis hva som finnes").click()
    expect(page.get_by_text("Skriv en alder mellom 10 og 40.").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # Nothing found, in the municipality or beyond: still a way to get help now.
    page.goto("/tiltak/hva-kan-hjelpe-meg/5001/?behov=bolig")
    expect(page.get_by_role("heading", name="0 tilbud i Trondheim passer")).to_be_visible()
    expect(page.get_by_role("link", name="116 123")).to_have_attribute("href", "tel:116123")

    # Nothing in the municipality for money: the services for the whole country step in.
    page.goto("/tiltak/hva-kan-hjelpe-meg/")
    page.get_by_role("link", name="Trondheim").click()
    page.locator(".youth-choice", has_text="Penger").click()
    page.get_by_role("button", name="Vis hva som finnes").click()
    wider = page.get_by_role("region", name="Tilbud for hele Trøndelag og hele landet")
    expect(wider).to_contain_text("Trondheim har ikke lagt inn noe for: Penger")
    expect(wider.locator(".youth-card")).to_have_count(1)
    expect(wider.get_by_role("link", name="55 55 33 39")).to_have_attribute(
        "href", "tel:+4755553339"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # No tracking: every request went to our own server, no script was loaded, and the only
    # cookie is Django's CSRF token for the language switch – no session, nothing third-party.
    origin = urlparse(live_server.url).netloc
    assert {urlparse(url).netloc for url in requests} == {origin}
    assert not [url for url in requests if url.endswith(".js")]
    assert {cookie["name"] for cookie in context.cookies()} <= {"csrftoken"}
    context.close()


def test_long_measure_names_wrap_at_320_px(browser, live_server):
    _landscape()
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    for path in [
        "/tiltak/hva-kan-hjelpe-meg/5001/?behov=jobb",
        "/tiltak/kommune/5001/",
        "/tiltak/",
        "/tiltak/sammenligning/",
    ]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    context.close()
