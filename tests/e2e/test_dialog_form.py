"""The facilitator's dialog form in steps: the future workshop's prompts only for a future
workshop, the person's only organisation chosen already, and a page that fits a phone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_dialog_form_shows_the_workshop_prompts_only_for_a_workshop(page):
    world = build_world()
    log_in(page, world.users["member"].email)
    page.goto("/dialoger/ny/")
    for legend in ("1. Om dialogen", "3. Deltakelse", "4. Moderering", "5. Tid og personvern"):
        expect(page.get_by_role("group", name=legend)).to_be_visible()
    workshop = page.get_by_role("group", name="2. Fremtidsverkstedets faser")
    expect(workshop).to_be_hidden()
    expect(page.get_by_label("Ansvarlig organisasjon")).to_have_value(str(world.organisation.pk))
    page.get_by_label("Type").select_option(label="Fremtidsverksted")
    expect(workshop).to_be_visible()
    page.get_by_label("Type").select_option(label="Samskapingsdialog")
    expect(workshop).to_be_hidden()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
