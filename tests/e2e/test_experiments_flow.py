"""A municipality's experiment from idea to a published learning card, and the portfolio."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from fellesloft.experiments.models import Experiment, SprintBarrierNote
from tests.e2e.conftest import log_in
from tests.experiments.factories import evaluate, organisation, past_sprint, running_experiment
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _fill_experiment(page, world, *, partner=None):
    page.locator("[name=municipality]").select_option(label=world.municipality.name)
    page.locator("[name=owner_organisation]").select_option(
        label=f"{world.organisation.name} ({world.organisation.sector.name})"
    )
    if partner is not None:
        # A long list of checkboxes with a box to find one by typing, not a multi-select.
        partners = page.get_by_role("group", name="Samarbeidspartnere")
        partners.get_by_label("Finn i listen").fill(partner.name[:6])
        label = f"{partner.name} ({partner.sector.name})"
        expect(partners.get_by_label(world.organisation.name, exact=False)).to_be_hidden()
        partners.get_by_label(label).check()
    page.get_by_label("Tittel").fill("Fraværsteam i Vg1")
    page.locator("[name=challenge]").fill("Elever med høyt fravær faller ut.")
    page.locator("[name=hypothesis_change]").fill("et fast fraværsteam")
    page.locator("[name=hypothesis_target_group]").fill("elever i Vg1")
    page.locator("[name=hypothesis_effect]").fill("færre som slutter")
    page.locator("[name=hypothesis_evidence]").fill("flere fullfører Vg1")
    page.get_by_label("Samarbeid på tvers fungerer ikke").check()
    page.get_by_label("Betydningen av relasjoner").check()


def test_coordinator_runs_an_experiment_to_a_published_learning_card(page):
    world = build_world()
    nav = organisation("NAV Midtbyen", "nav", world.municipality)
    log_in(page, world.users["coordinator"].email)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Forsøk").click()
    page.get_by_role("link", name="Nytt forsøk").click()
    expect(page.get_by_text("kan ikke starte med færre enn to sektorer")).to_be_visible()
    _fill_experiment(page, world, partner=nav)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fraværsteam i Vg1")
    expect(page.get_by_text("Vi tror at")).to_be_visible()

    for status in ("Planlegging", "Pågår"):
        page.get_by_role("link", name="Endre status").click()
        page.get_by_label("Ny status").select_option(label=status)
        page.get_by_role("button", name="Endre status").click()
        expect(page.get_by_text("Statusen er endret.")).to_be_visible()
    expect(page.locator(".experiment-status")).to_have_text("Pågår")

    today = timezone.localdate()
    page.get_by_role("link", name="Ny sprint").click()
    page.get_by_label("Startdato").fill((today - timedelta(days=28)).isoformat())
    page.get_by_label("Sluttdato").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Planlegge: endringen vi prøver ut").fill("Ukentlige møter")
    page.get_by_role("button", name="Lagre sprinten").click()
    expect(page.get_by_text("Sprint 1 er lagt til.")).to_be_visible()

    page.get_by_role("link", name="Evaluer sprint 1").click()
    page.get_by_label("Hva fungerte?").fill("Elevene møtte opp")
    page.get_by_label("Hva justerer vi?").fill("Møtetidspunkt")
    page.get_by_label("Hva tar vi med videre?").fill("Fast kontaktperson")
    page.get_by_role("radio", name="Juster").check()
    page.get_by_label("Fant dere en systembarriere?").fill("Samtykke må hentes per tjeneste")
    page.get_by_role("button", name="Lagre evalueringen").click()
    expect(page.get_by_text("Evalueringen er lagret.")).to_be_visible()
    expect(page.get_by_text("Samtykke må hentes per tjeneste")).to_be_visible()
    assert SprintBarrierNote.objects.get().text == "Samtykke må hentes per tjeneste"

    page.get_by_role("link", name="Nytt læringskort").click()
    page.get_by_label("Observasjon").fill("14 av 17 tok kontakt selv")
    page.get_by_role("textbox", name="Læring", exact=True).fill("Relasjonen betyr mest")
    page.get_by_label("Beslutning").fill("Ta i bruk")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Utkast – bare teamet ser det")).to_be_visible()
    page.get_by_role("button", name="Publiser i nettverket").click()
    expect(page.get_by_text("Læringskortet er publisert i nettverket.")).to_be_visible()

    page.get_by_role("button", name="Logg ut").click()
    page.goto("/forsok/laeringskort/")
    expect(page.get_by_role("link", name="Fraværsteam i Vg1")).to_be_visible()
    assert Experiment.objects.get().status == "running"


def test_experiment_with_one_sector_cannot_start(page):
    world = build_world()
    log_in(page, world.users["coordinator"].email)
    page.goto("/forsok/ny/")
    _fill_experiment(page, world)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Teamet har bare én sektor.")).to_be_visible()
    page.get_by_role("link", name="Endre status").click()
    page.get_by_label("Ny status").select_option(label="Planlegging")
    page.get_by_role("button", name="Endre status").click()
    page.get_by_role("link", name="Endre status").click()
    page.get_by_label("Ny status").select_option(label="Pågår")
    page.get_by_role("button", name="Endre status").click()
    expect(
        page.get_by_text("Forsøket kan ikke starte før teamet har organisasjoner fra minst to")
    ).to_have_count(2)
    assert Experiment.objects.get().status == "planning"


def test_mission_lead_filters_the_portfolio_and_downloads_xlsx(page):
    world = build_world()
    item = running_experiment(world, title="Fraværsteam på Byåsen")
    evaluate(past_sprint(item))
    running_experiment(world, title="Møteplass på Frøya", municipality=world.other_municipality)
    log_in(page, world.users["mission_lead"].email)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Portefølje").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forsøksporteføljen")
    page.get_by_role("combobox", name="Kommune").select_option(label="Frøya")
    page.get_by_role("button", name="Vis").click()
    table = page.get_by_role("table", name="Forsøk i porteføljen")
    expect(table.get_by_role("link", name="Møteplass på Frøya")).to_be_visible()
    expect(table.get_by_role("link", name="Fraværsteam på Byåsen")).to_have_count(0)
    matrix = page.get_by_role("table", name="Aktive forsøk per hovedutfordring og kommune")
    expect(matrix.get_by_role("row", name="Trondheim")).to_contain_text("1")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    titles = [row[1] for row in workbook["Forsøk"].iter_rows(min_row=2, values_only=True)]
    assert titles == ["Møteplass på Frøya"]
    page.get_by_role("link", name="Samarbeid").click()
    expect(page.get_by_role("img", name="Nettverk av organisasjoner")).to_be_visible()
    expect(
        page.get_by_role("table", name="Samarbeidspartnere per organisasjon (grad)")
    ).to_contain_text("NAV Frøya (test)")
