"""A barrier's way from the field to a public answer, in the browser."""

import re

import pytest
from playwright.sync_api import expect

from fellesloft.barriers.models import Barrier
from tests.barriers.helpers import ensure_barrier_reference_data
from tests.e2e.conftest import log_in, log_out
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Oppfølgingstjenesten kan ikke varsle NAV"


def test_report_endorse_escalate_answer_and_follow_publicly(page):
    world = build_world()
    ensure_barrier_reference_data()

    # A member reports the barrier.
    log_in(page, world.users["member"].email)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Systembarrierer"
    ).click()
    page.get_by_role("link", name="Meld en barriere").click()
    page.get_by_label("Tittel").fill(TITLE)
    page.get_by_label("Beskrivelse").fill(
        "OT vet at eleven har sluttet, men kan ikke si det til NAV."
    )
    page.get_by_label("Nasjonal").check()
    page.get_by_label("Kategori").select_option(label="Taushetsplikt og informasjonsdeling")
    page.get_by_label("NAV").check()
    page.get_by_role("button", name="Meld barrieren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Barrieren er meldt. Takk!")).to_be_visible()
    barrier_url = page.url
    log_out(page)

    # Another organisation says it applies to them too.
    log_in(page, world.users["other_coordinator"].email)
    page.goto(barrier_url)
    page.get_by_label("Kommentar").fill("Samme problem på Frøya.")
    page.get_by_role("button", name="Gjelder oss også").click()
    expect(page.get_by_text("Samme problem på Frøya.")).to_be_visible()
    log_out(page)

    # A visitor does not see it before it is escalated.
    response = page.goto(barrier_url)
    assert response.status == 404

    # The mission lead screens, escalates and registers the answer.
    log_in(page, world.users["mission_lead"].email)
    page.goto(barrier_url)
    page.get_by_role("link", name="Start vurdering").click()
    page.get_by_label("Lov- og regelverk").check()
    page.get_by_role("button", name="Start vurdering").click()
    expect(page.get_by_text("Statusen er endret")).to_be_visible()
    page.get_by_role("link", name="Eskaler").click()
    page.get_by_label("Mottaker").select_option(label="Arbeids- og inkluderingsdepartementet")
    page.get_by_label("Svarfrist").fill("2099-06-30")
    page.get_by_role("button", name="Eskaler").click()
    page.get_by_role("link", name="Registrer svar").click()
    page.get_by_label("Delvis").check()
    # Without an answer text: a Norwegian message, nothing saved.
    page.get_by_role("button", name="Registrer svar").click()
    expect(page.get_by_text("Skriv inn svarteksten fra mottakeren.").first).to_be_visible()
    page.get_by_label("Svarteksten").fill("Departementet vurderer en hjemmel for å varsle NAV.")
    page.get_by_role("button", name="Registrer svar").click()
    expect(page.get_by_text("Svar: Delvis")).to_be_visible()
    log_out(page)

    # Everyone follows the answer on the public status page, without internal notes.
    page.goto("/barrierer/status/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Departementet vurderer en hjemmel")
    expect(row).to_contain_text("Arbeids- og inkluderingsdepartementet")

    # The reporter was notified in the application (the header counts the unread ones).
    log_in(page, world.users["member"].email)
    page.get_by_role("link", name=re.compile(r"^Varsler \(\d+ uleste?\)$")).click()
    expect(page.get_by_text("er besvart av Arbeids- og inkluderingsdepartementet")).to_be_visible()
    assert Barrier.objects.get(title=TITLE).status == "answered"


def test_example_with_a_phone_number_is_held(page):
    world = build_world()
    ensure_barrier_reference_data()
    log_in(page, world.users["member"].email)
    page.goto("/barrierer/ny/")
    page.get_by_label("Tittel").fill("Helsestasjonen stenger for tidlig")
    page.get_by_label("Beskrivelse").fill("Ungdommene går på skolen til klokka 15.")
    page.get_by_label("Konkret eksempel").fill("En mor ringte fra 932 12 345 i går.")
    page.get_by_label("Lokal").check()
    page.get_by_label("Kategori").select_option(label="Ressurser og prioriteringer")
    page.get_by_role("button", name="Meld barrieren").click()
    expect(page.get_by_text("holdes tilbake til oppdragslederen har sett på den")).to_be_visible()
    expect(page.get_by_text("Holdt tilbake", exact=True)).to_be_visible()
