"""«Dette skjedde videre»: the facilitator tells what came of the dialog, the public page shows
it, and the young person who wrote a statement comes back on the same phone and sees its fate.

With TOUR_SCREENSHOTS set, the public page's «Dette skjedde videre» at desktop width is saved
to docs/tour/dialog-outcomes.png (the README's tour)."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fellesloft.dialogs import services
from fellesloft.dialogs.models import OutcomeKind, Statement
from tests.barriers.helpers import escalate, report
from tests.dialogs.helpers import make_dialog
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import _violations
from tests.experiments.factories import experiment as make_experiment
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

TOUR = Path(__file__).resolve().parents[2] / "docs" / "tour" / "dialog-outcomes.png"
OWN_TEXT = "Vi trenger én voksen på skolen som vi kan snakke med hver uke."


def _phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        bypass_csp=True,  # for axe, as the page fixture
        java_script_enabled=False,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_facilitator_adds_an_outcome_and_the_participant_sees_their_statements_fate(
    browser, live_server, page
):
    world = build_world()
    dialog = make_dialog(world, results_public=True)
    member = world.users["member"]

    # A young person writes a statement on their phone; it waits for moderation.
    phone_context, phone = _phone(browser, live_server)
    phone.goto(f"/dialoger/{dialog.slug}/")
    phone.get_by_role("button", name="Hopp over").tap()  # joins, answering nothing yet
    phone.get_by_role("link", name="Skriv ditt eget utsagn").tap()
    phone.get_by_label("Ditt utsagn").fill(OWN_TEXT)
    phone.get_by_role("button", name="Send inn").tap()
    expect(phone.get_by_text("Takk!", exact=False)).to_be_visible()
    statement = Statement.objects.get(text=OWN_TEXT)
    services.statement_moderate(statement=statement, moderator=member, approve=True)

    # The facilitator links a decision to it.
    log_in(page, member.email)
    page.goto(f"/dialoger/{dialog.slug}/oversikt/")
    page.get_by_role("link", name="Dette skjedde videre").click()
    page.get_by_role("link", name="Legg til", exact=True).click()
    assert _violations(page) == []
    page.get_by_role("radio", name="Vedtak").check()
    page.get_by_label("Overskrift").fill("Alle i Vg1 får en fast kontaktlærer")
    page.get_by_label("Hva skjedde – eller hvorfor ikke").fill(
        "Oppvekstutvalget vedtok at hver elev i Vg1 får en fast voksen fra høsten."
    )
    page.get_by_label("Dato").fill(timezone.localdate().isoformat())
    page.get_by_label(OWN_TEXT, exact=False).check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Lagt til under «Dette skjedde videre».")).to_be_visible()
    assert _violations(page) == []

    # Everybody sees it on the dialog's public page.
    visitor = browser.new_context(base_url=live_server.url, locale="nb-NO", bypass_csp=True)
    public = visitor.new_page()
    public.goto(f"/dialoger/{dialog.slug}/")
    section = public.locator("#videre")
    expect(section.get_by_role("heading", name="Dette skjedde videre")).to_be_visible()
    expect(section.get_by_text("Alle i Vg1 får en fast kontaktlærer")).to_be_visible()
    expect(section.get_by_text(OWN_TEXT, exact=False)).to_be_visible()
    assert _violations(public) == []
    visitor.close()

    # The young person comes back on the same phone: their statement, published, and its fate.
    phone.goto(f"/dialoger/{dialog.slug}/")
    phone.get_by_role("link", name="Utsagnene dine og hva som skjedde").tap()
    own = phone.locator(".own-statement")
    expect(own).to_have_count(1)
    expect(own.get_by_text(OWN_TEXT, exact=False)).to_be_visible()
    expect(own.get_by_text("Publisert")).to_be_visible()
    expect(
        own.get_by_role("link", name="Vedtak: Alle i Vg1 får en fast kontaktlærer")
    ).to_be_visible()
    # … and asks to be told what happens next.
    phone.get_by_label("Gi meg beskjed om hva som skjer").fill("ung@example.no")
    phone.get_by_role("button", name="Gi meg beskjed").tap()
    expect(phone.get_by_text("Takk! Vi sier fra når noe skjer.")).to_be_visible()
    phone_context.close()

    if os.environ.get("TOUR_SCREENSHOTS"):
        _tour_screenshot(browser, live_server, world, dialog)


def _tour_screenshot(browser, live_server, world, dialog) -> None:
    """A fuller «Dette skjedde videre» for the README's tour: one of each kind."""
    lead = world.users["mission_lead"]
    today = timezone.localdate()
    seeds = list(dialog.statements.filter(is_seed=True).order_by("pk"))
    services.outcome_create(
        dialog=dialog,
        user=lead,
        kind=OutcomeKind.EXPERIMENT,
        title="Forsøk: fraværsteam i Vg1",
        text="NAV, skolen og helsesykepleieren følger opp elever med høyt fravær sammen.",
        experiment=make_experiment(world),
        decided_on=today - datetime.timedelta(days=3),
        statements=seeds[1:2],
    )
    services.outcome_create(
        dialog=dialog,
        user=lead,
        kind=OutcomeKind.BARRIER,
        title="Taushetsplikten meldt som systembarriere",
        text="Skolen og NAV kan ikke dele at en elev har sluttet. Saken er sendt til direktoratet.",
        barrier=escalate(report(world), lead),
        decided_on=today - datetime.timedelta(days=10),
        group_labels=[],
    )
    services.outcome_create(
        dialog=dialog,
        user=lead,
        kind=OutcomeKind.NOT_TAKEN_FURTHER,
        title="Lengre åpningstider i fritidsklubbene",
        text="Kommunen har ikke penger til det i år. Vi tar det opp igjen i neste budsjett.",
        decided_on=today - datetime.timedelta(days=20),
        statements=seeds[2:3],
    )
    context = browser.new_context(
        base_url=live_server.url, locale="nb-NO", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"/dialoger/{dialog.slug}/")
    TOUR.parent.mkdir(parents=True, exist_ok=True)
    page.locator("#videre").screenshot(path=str(TOUR))
    context.close()
