"""The audit log and the figures as the mission lead reads them in the browser, on a phone:
Norwegian action words, field names as in the forms, names instead of ids, times to the
minute, a long change unfolded in full; percentages and dates written the one Norwegian way.
axe finds nothing and nothing scrolls sideways."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.core.test_audit_log import _measure_history
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import _violations
from tests.mission.helpers import ensure_initial_dataset, make_goal
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_the_mission_lead_reads_the_audit_log_and_a_goal_on_a_phone(page):
    world = build_world()
    measure, long_text = _measure_history(world)
    ensure_initial_dataset()
    goal = make_goal(baseline=Decimal("9.5"))
    page.set_viewport_size(PHONE)
    log_in(page, world.users["mission_lead"].email)

    page.goto(f"{reverse('core:audit_log')}?type=measures.measure&objekt={measure.pk}")
    table = page.locator("table").first
    expect(table).to_contain_text("Opprettet")
    expect(table).to_contain_text("Endret")
    expect(table).to_contain_text(f"{world.organisation.name} → {world.other_organisation.name}")
    assert re.search(r"\d{1,2}\.\d{1,2}\.\d{4} kl\. \d{2}:\d{2}", table.inner_text())
    # The long description is folded, and opens in full.
    page.get_by_text("endret – vis før og etter").first.click()
    expect(page.get_by_text(long_text[-60:], exact=False).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not _violations(page)

    page.goto(reverse("mission:goal_detail", args=[goal.pk]))
    expect(page.locator("main")).to_contain_text("9,5\u00a0%")
    assert "9.5" not in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not _violations(page)
