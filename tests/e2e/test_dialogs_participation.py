"""A young person on a phone: the link shows the first statement on the first screen, and one
tap is the first vote – with and without JavaScript; the optional questions come later."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from fellesloft.dialogs import services
from fellesloft.dialogs.analysis import compute_analysis
from fellesloft.dialogs.models import DialogKind, Participant, Vote
from tests.dialogs.helpers import SEEDS, make_dialog
from tests.e2e.conftest import ARTEFACTS, log_in
from tests.e2e.test_accessibility import _violations
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


PHONE = {"width": 390, "height": 844}


def _phone(browser, live_server, *, javascript: bool, size=None):
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        java_script_enabled=javascript,
        viewport=size or {"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,  # lets a test inject axe; the pages' own CSP is tested elsewhere
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


TOUR = Path(__file__).resolve().parents[2] / "docs" / "tour"


@pytest.mark.parametrize("javascript", [False, True], ids=["uten-js", "med-js"])
def test_the_first_statement_is_on_the_first_screen_and_one_tap_votes(
    browser, live_server, javascript
):
    world = build_world()
    dialog = make_dialog(world)
    context, page = _phone(browser, live_server, javascript=javascript, size=PHONE)
    page.goto(f"/dialoger/{dialog.slug}/")  # the link or the QR code
    expect(page.get_by_role("heading", level=1)).to_have_text(dialog.title)
    expect(page.get_by_text("Du er anonym.")).to_be_visible()
    # A focused page: no staff navigation; the language switch and the privacy link are there.
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_have_count(0)
    expect(page.get_by_role("button", name="English")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Personvern")).to_be_visible()
    statement = page.locator("#utsagn")
    first = statement.inner_text()
    assert first in SEEDS
    # The statement and all four answers without scrolling on a 390 × 844 phone.
    for answer in ("Enig", "Uenig", "Vet ikke", "Hopp over"):
        box = page.get_by_role("button", name=answer, exact=True).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], answer
    assert statement.bounding_box()["y"] + statement.bounding_box()["height"] <= PHONE["height"]
    # «Enig» and «Uenig» differ in colour and icon, not only in text.
    agree = page.get_by_role("button", name="Enig", exact=True)
    disagree = page.get_by_role("button", name="Uenig")
    colour = "el => getComputedStyle(el).backgroundColor"
    assert agree.evaluate(colour) != disagree.evaluate(colour)
    assert agree.locator("svg").count() == 1 and disagree.locator("svg").count() == 1
    if javascript:
        page.screenshot(path=str(TOUR / "participant-phone.png"))
    agree.tap()  # tap 1: the first vote
    expect(page.get_by_text(f"Du har tatt stilling til 1 av {len(SEEDS)} utsagn")).to_be_visible()
    expect(statement).not_to_have_text(first)
    page.get_by_role("button", name="Uenig").tap()
    expect(page.get_by_text(f"Du har tatt stilling til 2 av {len(SEEDS)} utsagn")).to_be_visible()
    assert sorted(Vote.objects.values_list("value", flat=True)) == [-1, 1]
    # After the third answer the optional questions are offered, folded.
    describe = page.get_by_text("Fortell litt om deg (valgfritt)")
    expect(describe).to_be_hidden()
    page.get_by_role("button", name="Vet ikke").tap()
    expect(page.get_by_text(f"Du har tatt stilling til 3 av {len(SEEDS)} utsagn")).to_be_visible()
    expect(describe).to_be_visible()
    describe.tap()
    page.get_by_label("Hvem er du her som?").select_option(label="Ungdom")
    page.get_by_role("button", name="Lagre svarene").tap()
    expect(
        page.get_by_text("Takk! Det hjelper oss å se hvor ulike grupper er enige.")
    ).to_be_visible()
    assert Participant.objects.get().sector.slug == "ungdom"
    context.close()


def test_a_future_workshop_shows_its_phase_to_participants(browser, live_server):
    world = build_world()
    dialog = make_dialog(world, kind=DialogKind.FUTURE_WORKSHOP, seeds=["Skolen er for teoretisk"])
    context, page = _phone(browser, live_server, javascript=True, size=PHONE)
    page.goto(f"/dialoger/{dialog.slug}/")
    expect(page.get_by_text("Fase 1 av 3: Kritikkfase")).to_be_visible()
    page.get_by_role("button", name="Enig", exact=True).tap()
    expect(page.get_by_text("Fase 1 av 3: Kritikkfase")).to_be_visible()
    context.close()


def test_participant_writes_a_statement_and_the_facilitator_moderates_it(
    browser, live_server, page
):
    world = build_world()
    dialog = make_dialog(world)
    context, phone = _phone(browser, live_server, javascript=False)
    phone.goto(f"/dialoger/{dialog.slug}/")
    phone.get_by_text("Fortell litt om deg (valgfritt)").tap()
    phone.get_by_label("Hvem er du her som?").select_option(label="Ungdom")
    phone.get_by_role("button", name="Hopp over").tap()
    phone.get_by_role("link", name="Skriv ditt eget utsagn").tap()
    phone.get_by_label("Ditt utsagn").fill("Ring meg på 912 34 567")
    phone.get_by_role("button", name="Send inn").tap()
    expect(phone.get_by_text("telefonnummer")).to_be_visible()
    context.close()

    log_in(page, world.users["member"].email)
    page.goto(f"/dialoger/{dialog.slug}/moderering/")
    expect(page.get_by_text("Mulige personopplysninger: telefonnummer.")).to_be_visible()
    # Approving would ask for a confirmation naming the finding; rejecting deletes the text.
    expect(page.get_by_label("Screeningen fant mulig telefonnummer", exact=False)).to_be_visible()
    page.get_by_role("button", name="Det inneholdt personopplysninger").click()  # one click
    expect(page.get_by_text("Ingen utsagn venter på moderering.")).to_be_visible()


def test_participant_sees_the_results_on_a_small_phone_without_javascript(browser, live_server):
    """320 px wide, no JavaScript: vote through every statement, then the results the
    facilitator opened – opinion map (drawn on the server), groups and the sector lens."""
    world = build_world()
    dialog = make_dialog(world, results_public=True, seeds=SEEDS[:3])
    for camp in range(2):
        for _ in range(5):
            participant = services.participant_create(dialog=dialog, sector="ungdom").participant
            for index, statement in enumerate(dialog.statements.order_by("pk")):
                services.vote_cast(
                    participant=participant,
                    statement_id=statement.pk,
                    value=1 if index % 2 == camp else -1,
                )
    context, page = _phone(browser, live_server, javascript=False)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/dialoger/{dialog.slug}/")
    for _ in range(3):
        page.get_by_role("button", name="Vet ikke").tap()
    expect(page.get_by_text("Du har tatt stilling til 3 av 3 utsagn")).to_be_visible()
    page.get_by_role("link", name="Se resultatene så langt").tap()
    expect(page.get_by_text("Sist oppdatert")).to_be_visible()
    expect(page.locator("svg.opinion-map")).to_be_visible()
    expect(page.get_by_role("heading", name="Sektorlinsen: hvem er enige?")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Ungdom")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_you_are_here_on_the_opinion_map_on_a_phone(browser, live_server):
    """A participant who has voted on every statement finds themselves on the map – a ring
    labelled «Du er her» – and in the map's table (which group, no coordinates); one who has
    voted once is told why they are not on it yet."""
    world = build_world()
    dialog = make_dialog(world, results_public=True)
    statements = list(dialog.statements.order_by("pk"))
    for camp in range(2):
        for _ in range(8):
            participant = services.participant_create(dialog=dialog).participant
            for index, statement in enumerate(statements):
                services.vote_cast(
                    participant=participant,
                    statement_id=statement.pk,
                    value=1 if index % 2 == camp else -1,
                )
    context, page = _phone(browser, live_server, javascript=True, size=PHONE)
    page.goto(f"/dialoger/{dialog.slug}/")
    for done in range(1, len(statements) + 1):  # as the first camp votes
        answer = "Enig" if SEEDS.index(page.locator("#utsagn").inner_text()) % 2 == 0 else "Uenig"
        page.get_by_role("button", name=answer, exact=True).tap()
        expect(page.get_by_text(f"Du har tatt stilling til {done} av").first).to_be_visible()
    compute_analysis(dialog_id=dialog.pk, phase="")
    page.goto(f"/dialoger/{dialog.slug}/resultater/")

    you = page.locator(".you-are-here-line")
    expect(you).to_contain_text("Du er i gruppe")
    label = you.inner_text().split("Du er i gruppe ")[1][0]
    marker = page.locator("svg.opinion-map .you-are-here-marker")
    expect(marker.locator("text")).to_have_text("Du er her")
    expect(marker).to_be_visible()
    # The ring sits on the points of the group the participant voted with.
    ring = marker.locator("circle").last.bounding_box()
    centre = (ring["x"] + ring["width"] / 2, ring["y"] + ring["height"] / 2)
    group = page.locator(".map-legend li").filter(has_text=f"Gruppe {label}")
    colour = group.locator("path").get_attribute("fill")
    camp = page.locator(f'svg.opinion-map path[fill="{colour}"]').bounding_box()
    assert camp["x"] - 2 <= centre[0] <= camp["x"] + camp["width"] + 2, (centre, camp)
    assert camp["y"] - 2 <= centre[1] <= camp["y"] + camp["height"] + 2, (centre, camp)
    expect(page.locator(".map-legend").get_by_text("Du er her")).to_be_visible()
    row = page.get_by_role("row", name=f"Du er her Du er i gruppe {label}")
    expect(row).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _violations(page) == []
    page.locator(".map-figure").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTEFACTS / "du-er-her-phone.png"))
    context.close()

    # Somebody with one vote: a sentence says why they are not on the map, and no marker.
    context, page = _phone(browser, live_server, javascript=True, size=PHONE)
    page.goto(f"/dialoger/{dialog.slug}/")
    page.get_by_role("button", name="Enig", exact=True).tap()
    expect(page.get_by_text("Du har tatt stilling til 1 av").first).to_be_visible()
    compute_analysis(dialog_id=dialog.pk, phase="")
    page.goto(f"/dialoger/{dialog.slug}/resultater/")
    expect(page.locator(".you-are-here-line")).to_have_text(
        f"Du er ikke med på kartet ennå: der står de som har tatt stilling til minst "
        f"{len(statements)} utsagn, og du har tatt stilling til 1. Svar på flere, så kommer du "
        "med når kartet oppdateres."
    )
    expect(page.locator(".you-are-here-marker")).to_have_count(0)
    context.close()
