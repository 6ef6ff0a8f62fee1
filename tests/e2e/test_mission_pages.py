"""The mission's pages in a browser: charts drawn from JSON, tables without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.mission.helpers import ensure_initial_dataset, make_goal
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _goal():

    make_goal("Færre unge utenfor arbeid og utdanning")


def test_mission_page_draws_the_goal_chart_without_errors(page):
    ensure_initial_dataset()
    _goal()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto("/oppdraget/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fellesløft Trøndelag")
    chart = page.locator(".mission-chart").first
    expect(chart).to_be_visible()
    expect(page.locator(".mission-chart canvas").first).to_have_attribute("role", "img")
    width = page.evaluate("document.querySelector('.mission-chart canvas').width")
    assert width > 100
    expect(page.get_by_text("I rute")).to_be_visible()
    page.get_by_text("Vis tallene i en tabell").click()
    expect(
        page.get_by_role("table", name="Tall for «Færre unge utenfor arbeid og utdanning»")
    ).to_be_visible()
    assert not errors


def test_indicator_page_without_javascript_shows_the_table_and_csv(browser, live_server):
    ensure_initial_dataset()
    context = browser.new_context(
        base_url=live_server.url, locale="nb-NO", java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/indikatorer/")
    page.get_by_role(
        "link", name="Unge utenfor arbeid, utdanning og opplæring (NEET), 15–29 år", exact=True
    ).click()
    expect(page.locator(".mission-chart").first).to_be_hidden()
    table = page.get_by_role("table", name="per region og periode")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name="Trøndelag")).to_contain_text("9,5")
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned tallene (CSV)").click()
    assert download.value.suggested_filename == "neet-andel-15-29.csv"
    context.close()


def test_mission_lead_edits_a_need_theme_in_the_product(page):
    world = build_world()
    ensure_initial_dataset()
    log_in(page, world.users["mission_lead"].email)
    page.goto("/oppdraget/")
    page.get_by_role("link", name="Rediger referanselistene").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referanselister")
    page.get_by_role("link", name="Endre Lavinntekt").click()
    page.get_by_label("Navn", exact=True).fill("Lavinntekt – en risiko")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Endringene er lagret.")).to_be_visible()
    page.goto("/oppdraget/")
    expect(page.get_by_text("Lavinntekt – en risiko")).to_be_visible()
