"""The threads of the loop, walked in the browser by the roles concerned: an experiment tied
to a mission goal and seen from the goal's page; a learning card made from a sprint's
evaluation; a network meeting's reflection questions, group answers, attendance and a task
for an organisation that lands in «Mitt arbeid»; a new barrier that resembles an open one."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fellesloft.barriers.models import Barrier, Endorsement
from fellesloft.experiments.models import LearningCard
from fellesloft.learning.models import MeetingRegistration, MeetingTask
from tests.barriers.helpers import ensure_barrier_reference_data, report
from tests.e2e.conftest import log_in, log_out
from tests.experiments.factories import evaluate, past_sprint, running_experiment
from tests.learning.factories import make_meeting
from tests.mission.helpers import make_goal
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_experiment_serves_a_goal_and_the_goal_page_shows_its_latest_evaluation(page):
    world = build_world()
    goal = make_goal("Færre unge utenfor arbeid og skole")
    experiment = running_experiment(world, title="Fraværsteam i Vg1")
    evaluate(past_sprint(experiment))

    log_in(page, world.users["coordinator"].email)
    page.goto(f"/forsok/{experiment.pk}/")
    page.get_by_role("link", name="Endre", exact=True).first.click()
    page.get_by_label(goal.title).check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fraværsteam i Vg1")
    assert list(experiment.goals.all()) == [goal]

    # From the experiment to the goal, and on the goal's page the experiment and its evaluation.
    page.get_by_role("link", name=goal.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(goal.title)
    expect(page.get_by_role("link", name="Fraværsteam i Vg1")).to_be_visible()
    expect(page.get_by_text("Elevene møtte opp.")).to_be_visible()

    # The portfolio shows the experiments by goal and filters by it.
    page.goto("/forsok/portefolje/")
    page.get_by_role("link", name=f"Forsøk for «{goal.title}»").click()
    expect(
        page.locator("section[aria-labelledby=liste]").get_by_role("link", name="Fraværsteam i Vg1")
    ).to_be_visible()


def test_a_learning_card_from_a_sprint_starts_from_its_answers_and_names_a_contact(page):
    world = build_world()
    experiment = running_experiment(world, title="Fraværsteam i Vg1")
    evaluate(past_sprint(experiment))
    coordinator = world.users["coordinator"]

    log_in(page, coordinator.email)
    page.goto(f"/forsok/{experiment.pk}/")
    page.get_by_role("link", name="Lag læringskort fra sprint 1").click()
    expect(page.get_by_text("Kortet er fylt ut fra evalueringen av sprint 1")).to_be_visible()
    expect(page.get_by_label("Observasjon")).to_have_value("Elevene møtte opp.")
    expect(page.get_by_role("textbox", name="Læring", exact=True)).to_have_value("Møtetidspunktet.")
    page.get_by_label("Tittel").fill("Fast kontaktperson i Vg1")
    page.get_by_label("Vis meg som kontaktperson for kortet").check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("fra sprint 1")).to_be_visible()
    card = LearningCard.objects.get()
    assert card.sprint.number == 1
    assert card.contact_person == coordinator
    page.get_by_role("button", name="Publiser i nettverket").click()
    log_out(page)

    # Another municipality in the network sees whom to call.
    log_in(page, world.users["other_coordinator"].email)
    page.goto(f"/forsok/laeringskort/{card.pk}/")
    expect(page.get_by_role("heading", name="Vil dere vite mer?")).to_be_visible()
    expect(page.get_by_role("link", name=coordinator.email)).to_be_visible()


def test_a_network_meeting_with_questions_answers_attendance_and_a_task_for_an_organisation(
    page,
):
    world = build_world()
    meeting = make_meeting("Nettverkssamling om fravær", days=-1)
    member = world.users["member"]
    for name in ("member", "other_coordinator"):
        MeetingRegistration.objects.create(meeting=meeting, user=world.users[name])

    log_in(page, world.users["mission_lead"].email)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("textbox", name="Nytt refleksjonsspørsmål").fill(
        "Hva hindrer samarbeidet mellom skole og NAV?"
    )
    page.get_by_role("button", name="Legg til spørsmål").click()
    question = page.get_by_role("heading", name="Hva hindrer samarbeidet mellom skole og NAV?")
    expect(question).to_be_visible()
    page.get_by_text("Skriv gruppens svar på").click()
    page.get_by_label("Gruppe", exact=True).fill("Bord 3")
    page.get_by_label("Gruppens svar").fill("Vi mangler et felles møtepunkt.")
    page.get_by_role("button", name="Lagre svaret").click()
    expect(page.get_by_text("Gruppens svar er lagret.")).to_be_visible()
    expect(page.get_by_text("Vi mangler et felles møtepunkt.")).to_be_visible()

    page.get_by_role("link", name="Før oppmøte").click()
    page.get_by_label(str(member)).check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Oppmøtet er lagret.")).to_be_visible()
    expect(page.get_by_text("1 møtte")).to_be_visible()

    # A task for the member's organisation, chosen from the network – no e-mail typed.
    page.get_by_label("Oppgave", exact=True).fill("Sette opp et møte mellom skole og NAV")
    page.get_by_label("Ansvarlig organisasjon").select_option(
        label=f"{world.organisation.name} ({world.organisation.sector.name})"
    )
    page.get_by_label("Frist").fill((timezone.localdate() + timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Legg til oppgave").click()
    expect(page.get_by_text("Oppgaven er lagt til.")).to_be_visible()
    assert MeetingTask.objects.get().organisation == world.organisation
    log_out(page)

    # Every member of that organisation finds it in «Mitt arbeid» and ticks it off there.
    log_in(page, member.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt arbeid")
    page.get_by_role("link", name="Sette opp et møte mellom skole og NAV").click()
    page.get_by_role("button", name="Marker som utført").click()
    assert MeetingTask.objects.get().is_done
    page.goto("/mitt-arbeid/")
    expect(page.get_by_role("link", name="Sette opp et møte mellom skole og NAV")).to_have_count(0)


def test_a_new_barrier_like_an_open_one_is_suggested_before_it_is_saved(page):
    world = build_world()
    ensure_barrier_reference_data()
    existing = report(world, title="Skolen og NAV kan ikke dele at en elev har sluttet")

    log_in(page, world.users["other_coordinator"].email)
    page.goto("/barrierer/")
    page.get_by_role("link", name="Meld en barriere").click()
    page.get_by_label("Tittel").fill(
        "NAV og skolen kan ikke dele opplysninger om elever som slutter"
    )
    page.get_by_label("Beskrivelse").fill(
        "Taushetsplikten hindrer at NAV får vite at en elev slutter."
    )
    page.get_by_label("Nasjonal").check()
    page.get_by_label("Kategori").select_option(label="Taushetsplikt og informasjonsdeling")
    page.get_by_role("button", name="Meld barrieren").click()

    expect(page.get_by_text("Disse åpne barrierene ligner på den du vil melde.")).to_be_visible()
    assert Barrier.objects.count() == 1  # nothing saved yet
    page.get_by_role("link", name=f"Gjelder oss også – {existing.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(existing.title)
    page.get_by_label("Kommentar").fill("Samme problem hos oss.")
    page.get_by_role("button", name="Gjelder oss også").click()
    expect(page.get_by_text("Samme problem hos oss.")).to_be_visible()
    assert Endorsement.objects.get().organisation == world.other_organisation
    assert Barrier.objects.count() == 1
