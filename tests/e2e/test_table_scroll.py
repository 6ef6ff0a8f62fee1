"""A table wider than its region says so at desktop width (a line and a shadow at the edge
with columns behind it) and can be scrolled from the keyboard; a table that fits says nothing
and is no extra tab stop. The tiltak coverage matrix of nine sectors is the wide one."""

import pytest
from playwright.sync_api import expect

from fellesloft.organisations.models import Sector
from tests.e2e.conftest import ARTEFACTS
from tests.measures.factories import make_measure, organisation
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

HINT = "Rull sideveis for å se alle kolonnene"
SHADOW = "(element, side) => getComputedStyle(element, side).opacity"


def test_the_wide_coverage_table_shows_that_it_scrolls_and_the_narrow_one_does_not(page):
    world = build_world()
    sectors = list(Sector.objects.filter(is_youth_voice=False).order_by("order")[:9])
    for sector in sectors:
        provider = organisation(f"Tilbyder i {sector.name} (test)", sector.slug, world.municipality)
        make_measure(provider=provider, name=f"Tiltak for unge i {sector.name}")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/tiltak/kommune/5001/")

    matrix = page.get_by_role(
        "region", name="Aktive tiltak i Trondheim etter behovstema og tilbyderens sektor"
    )
    wide = page.locator("[data-table-scroll]").filter(has=matrix)
    expect(matrix.get_by_role("columnheader")).to_have_count(len(sectors) + 1)
    assert matrix.evaluate("e => e.scrollWidth > e.clientWidth")
    expect(wide.get_by_text(HINT)).to_be_visible()
    frame = wide.locator(".table-scroll__frame")
    assert frame.evaluate(SHADOW, "::after") == "1"  # more columns to the right
    assert frame.evaluate(SHADOW, "::before") == "0"
    wide.screenshot(path=str(ARTEFACTS / "tiltak-dekning-1366.png"))

    # The keyboard reaches the region and scrolls it; then the left edge has its shadow.
    page.locator("#matrise").click()
    for _ in range(10):
        page.keyboard.press("Tab")
        if matrix.evaluate("e => e === document.activeElement"):
            break
    expect(matrix).to_be_focused()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.scrollLeft > 0", arg=matrix.element_handle(), timeout=2000)
    expect(wide).to_have_attribute("data-more-left", "")
    assert frame.evaluate(SHADOW, "::before") == "1"

    # The age table fits: no line, no shadow, no tab stop.
    ages = page.get_by_role("region", name="Dekning per behovstema og aldersgruppe")
    fits = page.locator("[data-table-scroll]").filter(has=ages)
    assert ages.evaluate("e => e.scrollWidth <= e.clientWidth")
    expect(fits.get_by_text(HINT)).to_be_hidden()
    expect(ages).not_to_have_attribute("tabindex", "0")
    assert fits.locator(".table-scroll__frame").evaluate(SHADOW, "::after") == "0"

    # Wide enough a window, and the matrix fits too: its line goes.
    page.set_viewport_size({"width": 2400, "height": 900})
    page.add_style_tag(content=":root { --page-width: 200rem; }")
    expect(wide.get_by_text(HINT)).to_be_hidden()
