"""From a barrier to a trial application under forsøksloven, in the browser, on a phone."""

import datetime

import pytest
from docx import Document as WordDocument
from playwright.sync_api import expect

from tests.barriers.helpers import ensure_barrier_reference_data, report
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import _violations
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_drafts_a_trial_application_and_downloads_the_docx(page):
    world = build_world()
    ensure_barrier_reference_data()
    barrier = report(world, title="Oppfølgingstjenesten kan ikke varsle NAV")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone

    log_in(page, world.users["member"].email)
    page.goto(f"/barrierer/{barrier.pk}/")
    page.get_by_role("link", name="Søk om forsøk").click()

    # Too long a trial: the law's limit, in Norwegian, at the field.
    page.get_by_label("Formål med forsøket").fill(
        "OT skal kunne varsle NAV samme uke som en elev slutter."
    )
    page.get_by_label("Departement").select_option(label="Kunnskapsdepartementet")
    page.get_by_label("Varighet i måneder").fill("60")
    page.get_by_label("Slik blir forsøket evaluert").fill("Vi måler tiden til første møte i NAV.")
    page.get_by_role("button", name="Lagre søknaden").click()
    expect(page.locator("#id_duration_months_error")).to_contain_text(
        "høyst fire år (48 måneder), jf. forsøksloven § 3"
    )
    page.get_by_label("Varighet i måneder").fill("36")
    page.get_by_role("button", name="Lagre søknaden").click()
    expect(page.get_by_text("Søknaden er lagret.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Søknad om forsøk etter forsøksloven")

    # A provision in forvaltningsloven: saved, with the § 4 warning explained.
    page.get_by_role("link", name="Legg til en bestemmelse dere vil avvike fra").click()
    page.get_by_label("Lov", exact=True).fill("forvaltningsloven")
    page.get_by_label("Paragraf").fill("§ 13")
    page.get_by_label("Avviket").fill("OT kan varsle NAV uten samtykke.")
    page.get_by_role("button", name="Legg til").click()
    expect(page.get_by_text("Bestemmelsen er lagt til.")).to_be_visible()
    expect(page.get_by_text("Advarsel (forvaltningsloven § 13):")).to_be_visible()
    expect(page.get_by_text("forvaltningslovens saksbehandlingsregler").first).to_be_visible()
    assert _violations(page) == []

    # The preliminary application is sent.
    page.get_by_role("link", name="Oppdater forhåndssøknaden").click()
    page.get_by_label("Sendt", exact=True).check()
    page.get_by_label("Sendt dato").fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Lagre status").click()
    expect(page.get_by_text("Statusen for søknaden er lagret.")).to_be_visible()

    # The barrier's page shows where the application stands.
    page.get_by_role("link", name=barrier.title).first.click()
    section = page.get_by_role("region", name="Søknad om forsøk etter forsøksloven")
    expect(section).to_contain_text("Sendt")
    section.get_by_role("link", name="Se søknaden om forsøk").click()

    # The Word file opens and says what the page says.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned som Word (DOCX)").click()
    download = download_info.value
    assert download.suggested_filename == f"forsoksoknad-barriere-{barrier.pk}.docx"
    word = WordDocument(str(download.path()))
    text = "\n".join(p.text for p in word.paragraphs)
    text += "\n".join(cell.text for t in word.tables for row in t.rows for cell in row.cells)
    assert "Søknad om forsøk etter forsøksloven" in text
    assert "OT skal kunne varsle NAV samme uke som en elev slutter." in text
    assert "OT kan varsle NAV uten samtykke." in text
    assert "Advarsel (forvaltningsloven § 13):" in text
    assert "Kunnskapsdepartementet" in text
    assert "Sendt" in text
