"""«Hvem har svart» in a browser: a facilitator looks at the results of an open dialog in
Trondheim, on a phone (390 px) and on a laptop (1366 px) – the chart drawn from the JSON, the
table beside it, the small bands as «færre enn 5», the line telling whom to reach."""

import pytest
from playwright.sync_api import expect

from fellesloft.dialogs import services
from fellesloft.mission.services import preset_import
from tests.dialogs.helpers import make_dialog
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import _violations
from tests.mission.helpers import ensure_initial_dataset
from tests.mission.ssb_fixtures import read
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [390, 1366])
def test_the_facilitator_sees_who_responded_against_who_lives_there(page, width, tmp_path):
    world = build_world()
    ensure_initial_dataset()
    preset_import(preset="befolkning-alder", data=read("07459_befolkning_alder.json"))
    dialog = make_dialog(world)
    for band, count in (("16-19", 12), ("20-24", 9), ("25-29", 2), ("30+", 6)):
        for _ in range(count):
            services.participant_create(dialog=dialog, sector="ungdom", age_band=band)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, world.users["member"].email)
    page.goto(f"/dialoger/{dialog.slug}/resultater/")
    section = page.locator("section.who-responded")
    expect(section.get_by_role("heading", name="Hvem har svart")).to_be_visible()
    expect(section.locator(".mission-chart")).to_be_visible()  # drawn: charts.js ran
    assert page.evaluate("document.querySelector('.who-responded canvas').width") > 100
    table = section.get_by_role("table", name="Deltakerne etter aldersgruppe")
    expect(table.get_by_role("row", name="16–19")).to_contain_text("12")
    expect(table.get_by_role("row", name="25–29")).to_contain_text("færre enn 5")
    expect(section.get_by_role("status")).to_contain_text("Aldersgruppen 25–29")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not _violations(page)
    section.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / f"hvem-har-svart-{width}.png"), full_page=True)
    assert not errors
