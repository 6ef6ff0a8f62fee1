"""«Mitt arbeid» in the browser: a coordinator logs in, lands on the page, sees an overdue
sprint evaluation and follows its link. The page passes axe on a desktop and on a phone,
and the screenshots in docs/tour/ are taken here."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fellesloft.dialogs import services as dialog_services
from fellesloft.experiments import services as experiment_services
from fellesloft.learning import services as learning_services
from fellesloft.mission import services as mission_services
from tests.barriers.helpers import escalate, report
from tests.dialogs.helpers import make_dialog
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import _violations
from tests.experiments.factories import organisation, past_sprint, running_experiment
from tests.learning.factories import make_meeting
from tests.mission.helpers import ensure_initial_dataset, make_goal
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

TOUR = Path(__file__).resolve().parents[2] / "docs" / "tour"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _work_for_the_coordinator(world):
    lead = world.users["mission_lead"]
    coordinator = world.users["coordinator"]
    today = timezone.localdate()
    partner = organisation("NAV Midtbyen", "nav", world.municipality)
    experiment = running_experiment(world, title="Fraværsteam i Vg1", partner=partner, by=lead)
    sprint = past_sprint(experiment, weeks_ago=7, length_weeks=4, by=lead)
    experiment_services.support_entry_log(
        municipality=world.municipality,
        date=today - timedelta(days=20),
        hours=Decimal("18"),
        kind="guidance",
        given_by_person=lead,
        by=lead,
    )
    held = make_meeting("Nettverkssamling om fravær", days=-7)
    learning_services.meeting_task_add(
        meeting=held,
        title="Dele rutinen for fraværsteamet med nettverket",
        owner=coordinator,
        due_date=today + timedelta(days=4),
    )
    make_meeting("Nettverkssamling: unges stemme", days=16)
    escalate(
        report(world, title="Skolen og NAV kan ikke dele fraværsopplysninger"),
        lead,
        deadline_days=-2,
        escalated_days_ago=30,
    )
    dialog = make_dialog(
        world,
        title="Hva skal til for at unge fullfører skolen?",
        closes_at=timezone.now() + timedelta(days=4),
    )
    author = dialog_services.participant_create(dialog=dialog).participant
    for text in ("Flere miljøarbeidere i skolen.", "Gratis buss til fritidsaktiviteter."):
        dialog_services.statement_submit(participant=author, text=text)
    ensure_initial_dataset()
    mission_services.import_data(
        data=(
            "indikator;region;periode;verdi;status;foreløpig;merknad\n"
            "neet-andel-15-29;5001;2023;8,1;;nei;\n"
            "neet-andel-15-29;50;2023;9,6;;nei;\n"
        ).encode(),
        file_format="csv",
        source="tall.csv",
    )
    make_goal("Færre unge utenfor arbeid og utdanning")
    return experiment, sprint


def test_a_coordinator_lands_on_my_work_and_follows_an_overdue_evaluation(page):
    world = build_world()
    experiment, sprint = _work_for_the_coordinator(world)
    page.set_viewport_size(DESKTOP)
    log_in(page, world.users["coordinator"].email)

    expect(page).to_have_url(f"{page.url.split('/mitt-arbeid/')[0]}/mitt-arbeid/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt arbeid")
    menu = page.get_by_role("navigation", name="Hovedmeny")
    expect(menu.get_by_role("link", name="Mitt arbeid")).to_have_attribute("aria-current", "page")
    evaluation = page.locator(".work-item", has_text="Evaluer sprint 1")
    expect(evaluation.locator(".ds-tag")).to_have_text("Forfalt")
    expect(evaluation).to_contain_text("Frist")
    # Overdue first: the evaluation is the first card on the page.
    expect(page.locator(".work-item").first).to_contain_text("Evaluer sprint 1")
    assert _violations(page) == []
    TOUR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(TOUR / "mitt-arbeid-desktop.png"), full_page=True)

    page.set_viewport_size(PHONE)
    assert _violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"siden er {width} px bred på en telefon"
    page.screenshot(path=str(TOUR / "mitt-arbeid-phone.png"), full_page=True)

    page.set_viewport_size(DESKTOP)
    evaluation.get_by_role("link").click()
    expect(page).to_have_url(
        f"{page.url.split('/forsok/')[0]}/forsok/{experiment.pk}/sprinter/{sprint.number}/evaluering/"
    )
    page.get_by_label("Hva fungerte?").fill("Elevene møtte opp når rådgiveren ringte selv.")
    page.get_by_label("Hva justerer vi?").fill("Møtene legges til skoletiden.")
    page.get_by_label("Hva tar vi med videre?").fill("Én fast kontaktperson per elev.")
    page.get_by_role("radio", name="Juster").check()
    page.get_by_role("button", name="Lagre evalueringen").click()
    expect(page.get_by_text("Evalueringen er lagret.")).to_be_visible()

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Mitt arbeid").click()
    expect(page.get_by_text("Evaluer sprint 1")).to_have_count(0)
    expect(page.get_by_text("Dele rutinen for fraværsteamet")).to_be_visible()
