"""A staff member's first visit: log in, switch language, move around."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

TOUR = Path(__file__).resolve().parents[2] / "docs" / "tour"


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


def test_the_menu_is_grouped_and_folds_behind_a_button_on_a_phone(page):
    world = build_world()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, world.users["coordinator"].email)
    menu = page.get_by_role("navigation", name="Hovedmeny")
    # On a desktop: one bar, no «Meny» button, the groups named for screen readers.
    expect(menu.get_by_role("button", name="Meny")).to_be_hidden()
    expect(menu.get_by_role("link", name="Portefølje")).to_be_visible()
    expect(menu.get_by_role("list", name="Forsøk")).to_be_attached()
    expect(menu.get_by_role("list", name="Oppdraget og tall")).to_be_attached()
    page.screenshot(path=str(TOUR / "menu-desktop.png"))

    page.set_viewport_size({"width": 390, "height": 844})
    toggle = menu.get_by_role("button", name="Meny")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu.get_by_role("link", name="Portefølje")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_text("Oppdraget og tall")).to_be_visible()  # the group names show
    expect(menu.get_by_role("link", name="Portefølje")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(TOUR / "menu-phone.png"), full_page=True)
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    toggle.click()
    menu.get_by_role("link", name="Portefølje").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forsøksporteføljen")
