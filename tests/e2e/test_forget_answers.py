"""A young person on a phone deletes their answers: «Slett mine svar», a confirmation, and the
device has forgotten them."""

import pytest
from playwright.sync_api import expect

from fellesloft.dialogs.models import Participant, Vote
from tests.dialogs.helpers import make_dialog
from tests.e2e.test_accessibility import _violations
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [False, True], ids=["uten-js", "med-js"])
def test_participant_deletes_their_answers_from_the_phone(browser, live_server, javascript):
    world = build_world()
    dialog = make_dialog(world)
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        java_script_enabled=javascript,
        bypass_csp=True,  # lets axe be injected on the confirmation page
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"/dialoger/{dialog.slug}/")
    page.get_by_role("button", name="Enig", exact=True).tap()
    expect(page.get_by_text("Du har tatt stilling til 1 av")).to_be_visible()
    assert Vote.objects.count() == 1

    page.get_by_role("link", name="Slett mine svar").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Slett mine svar")
    assert Vote.objects.count() == 1  # nothing is deleted before the confirmation
    if javascript:  # axe runs as a script
        assert _violations(page) == []
    page.get_by_role("button", name="Ja, slett svarene mine").tap()

    expect(page.get_by_text("Svarene dine er slettet.")).to_be_visible()
    expect(page.get_by_text("Du er anonym.")).to_be_visible()  # back at the start
    assert Vote.objects.count() == 0
    assert not Participant.objects.exists()
    # The device forgot the token: the vote page sends it back to the start.
    page.goto(f"/dialoger/{dialog.slug}/stem/")
    expect(page.get_by_text("Du er anonym.")).to_be_visible()
    context.close()
