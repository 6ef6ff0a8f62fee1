"""A staff member's first visit: log in, switch language, move around."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_front_page_presents_the_mission_without_login(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fellesløft")
    expect(page.get_by_text("Alle unge har fremtidstro")).to_be_visible()
    expect(page.get_by_text("9,5 %")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nb")


def test_log_in_navigate_and_log_out(page):
    world = build_world()
    log_in(page, world.users["coordinator"].email)
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Organisasjoner"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisasjoner")
    page.get_by_role("link", name=world.organisation.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.organisation.name)
    page.get_by_role("link", name="Administrer medlemmer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Medlemmer i")
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("link", name="Logg inn")).to_be_visible()


def test_wrong_password_shows_a_norwegian_error(page):
    world = build_world()
    log_in(page, world.users["member"].email, password="feil-passord")
    expect(page.get_by_text("Feil e-post eller passord")).to_be_visible()


def test_switch_language_to_english_and_back(page):
    page.goto("/personvern/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy")
    page.get_by_role("button", name="Norsk").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", level=1)).to_have_text("Personvern")


def test_works_without_javascript_on_a_small_screen(browser, live_server):
    build_world()
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        java_script_enabled=False,
        viewport={"width": 320, "height": 640},
    )
    page = context.new_page()
    page.goto("/konto/logg-inn/")
    page.get_by_label("E-post").fill("koordinator@test.no")
    page.get_by_label("Passord").fill("riktig-hest-batteri-stift")
    page.get_by_role("button", name="Logg inn").last.click()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    # Nothing may overflow sideways at 320 px.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    context.close()
