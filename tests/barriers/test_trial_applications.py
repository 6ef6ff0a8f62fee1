"""Trial applications under forsøksloven: the § 3 limits, the § 4 warnings, the two steps, who
may draft, the evidence offered and shown, and the DOCX, PDF and JSON read from one document."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from fellesloft.barriers import services
from fellesloft.barriers.evidence import evidence_choices
from fellesloft.barriers.models import StepStatus, TrialApplication
from fellesloft.barriers.trial_act import provision_warnings
from fellesloft.core.exceptions import ServiceError
from fellesloft.dialogs import services as dialog_services
from fellesloft.dialogs.analysis import compute_analysis
from fellesloft.dialogs.models import StatementState
from fellesloft.experiments import services as experiment_services
from tests.barriers.helpers import category, escalate, recipient, report
from tests.dialogs.helpers import make_dialog
from tests.experiments import factories
from tests.experiments.pdftext import pdf_contains

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def _application(world, barrier=None, **fields):
    barrier = barrier or report(world)
    defaults = {
        "purpose": "Oppfølgingstjenesten skal kunne varsle NAV når en elev slutter.",
        "evaluation": "NTNU følger forsøket og måler tiden fra frafall til første møte.",
        "ministry": recipient("kd"),
        "duration_months": 36,
        "extension_months": 12,
    }
    defaults.update(fields)
    return services.trial_application_save(barrier=barrier, user=world.users["member"], **defaults)


def _deviation(world, application, law="opplæringslova", section="§ 24-2", **fields):
    return services.trial_deviation_add(
        application=application,
        user=world.users["member"],
        law=law,
        section=section,
        deviation=fields.pop("deviation", "OT kan varsle NAV uten samtykke i forsøksperioden."),
        **fields,
    )


# --- Forsøksloven § 3: duration ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "extension", "field", "says"),
    [
        (49, 0, "duration_months", "høyst fire år (48 måneder), jf. forsøksloven § 3"),
        (0, 0, "duration_months", "minst én"),
        (48, 25, "extension_months", "forlenges med høyst to år (24 måneder)"),
        (24, -1, "extension_months", "kan ikke være negativ"),
    ],
)
def test_duration_beyond_section_3_is_refused_with_the_law_named(
    world, duration, extension, field, says
):
    with pytest.raises(ServiceError) as refused:
        _application(world, duration_months=duration, extension_months=extension)
    assert refused.value.field == field
    assert says in refused.value.message


def test_four_years_and_two_more_is_the_most_allowed(world):
    application = _application(world, duration_months=48, extension_months=24)
    assert (application.duration_months, application.extension_months) == (48, 24)


def test_the_form_shows_the_section_3_message_at_the_field(world, client_as):
    barrier = report(world)
    response = client_as("member").post(
        reverse("barriers:trial_edit", args=[barrier.pk]),
        {"purpose": "Prøve noe nytt.", "duration_months": 60, "extension_months": 0},
    )
    assert response.status_code == 200
    assert "høyst fire år (48 måneder), jf. forsøksloven § 3" in response.content.decode()
    assert not TrialApplication.objects.filter(barrier=barrier).exists()


# --- Forsøksloven § 4: warnings ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("law", "regulation", "acts"),
    [
        ("kommuneloven", "", ["kommuneloven"]),
        ("Kommunelova", "", ["kommuneloven"]),
        ("Lov om kommuner og fylkeskommuner", "", ["kommuneloven"]),
        ("forvaltningsloven", "", ["forvaltningsloven"]),
        ("fvl.", "", ["forvaltningsloven"]),
        ("sosialtjenesteloven", "forskrift til forvaltningsloven", ["forvaltningsloven"]),
        ("opplæringslova", "", []),
        ("NAV-loven", "", []),
        ("forvaltningslovgivningen i NAV", "", []),
    ],
)
def test_section_4_warns_for_kommuneloven_and_forvaltningsloven(law, regulation, acts):
    assert [warning.act for warning in provision_warnings(law, regulation)] == acts


def test_the_page_and_the_message_explain_the_section_4_warning(world, client_as):
    application = _application(world)
    client = client_as("member")
    response = client.post(
        reverse("barriers:trial_deviation_add", args=[application.barrier_id]),
        {"law": "Forvaltningsloven", "section": "§ 13", "deviation": "Dele uten samtykke."},
        follow=True,
    )
    page = response.content.decode()
    assert "Bestemmelsen er lagt til." in page
    assert "forvaltningslovens saksbehandlingsregler" in page
    assert "Advarsel (Forvaltningsloven § 13):" in page
    _deviation(world, application, law="kommuneloven", section="§ 5-1")
    page = client.get(reverse("barriers:trial_application", args=[application.barrier_id]))
    page = page.content.decode()
    assert "kommunelovens grunnleggende regler" in page
    assert "Advarsel (kommuneloven § 5-1):" in page


def test_a_provision_without_section_is_refused(world):
    application = _application(world)
    with pytest.raises(ServiceError) as refused:
        _deviation(world, application, section=" ")
    assert refused.value.field == "section"


# --- Who may draft -------------------------------------------------------------------------------


def test_only_a_barrier_about_a_rule_gets_an_application(world, client_as):
    culture = report(world, category=category("organisasjonskultur"))
    client = client_as("member")
    assert client.get(reverse("barriers:trial_edit", args=[culture.pk])).status_code == 403
    assert (
        "Søk om forsøk"
        not in client.get(reverse("barriers:detail", args=[culture.pk])).content.decode()
    )
    with pytest.raises(ServiceError, match="lov- og regelverk"):
        _application(world, barrier=culture)
    # Once the mission lead assessed it as regulation, it concerns a rule.
    services.barrier_review(
        barrier=culture, actor=world.users["mission_lead"], assessment="regulation"
    )
    assert client.get(reverse("barriers:trial_edit", args=[culture.pk])).status_code == 200
    assert (
        "Søk om forsøk"
        in client.get(reverse("barriers:detail", args=[culture.pk])).content.decode()
    )


def test_only_the_reporting_organisation_drafts(world):
    barrier = report(world)
    with pytest.raises(ServiceError, match="organisasjonen som meldte"):
        services.trial_application_save(
            barrier=barrier, user=world.users["other_coordinator"], purpose="x"
        )
    application = _application(world, barrier=barrier)
    with pytest.raises(ServiceError, match="organisasjonen som meldte"):
        services.trial_deviation_add(
            application=application,
            user=world.users["mission_lead"],
            law="opplæringslova",
            section="§ 1",
            deviation="x",
        )


def test_personal_data_is_kept_out_of_the_application(world):
    with pytest.raises(ServiceError, match="personopplysningene") as refused:
        _application(world, purpose="Ring Kari på 932 12 345 for detaljer.")
    assert refused.value.field == "purpose"


# --- The two steps ------------------------------------------------------------------------------


def test_preliminary_application_needs_content_before_it_is_sent(world):
    application = _application(world)
    with pytest.raises(ServiceError, match="minst én bestemmelse"):
        services.trial_application_set_step(
            application=application,
            user=world.users["member"],
            step="preliminary",
            status=StepStatus.SENT,
            sent_on=TODAY(),
        )
    _deviation(world, application)
    with pytest.raises(ServiceError, match="Skriv datoen"):
        services.trial_application_set_step(
            application=application,
            user=world.users["member"],
            step="preliminary",
            status=StepStatus.SENT,
        )
    sent = services.trial_application_set_step(
        application=application,
        user=world.users["member"],
        step="preliminary",
        status=StepStatus.SENT,
        sent_on=TODAY() - datetime.timedelta(days=10),
    )
    assert (sent.preliminary_status, sent.preliminary_decided_on) == ("sent", None)
    with pytest.raises(ServiceError, match="før søknaden ble sendt"):
        services.trial_application_set_step(
            application=application,
            user=world.users["member"],
            step="preliminary",
            status=StepStatus.APPROVED,
            sent_on=TODAY() - datetime.timedelta(days=10),
            decided_on=TODAY() - datetime.timedelta(days=11),
        )


def _approved_preliminary(world):
    application = _application(world)
    _deviation(world, application)
    return services.trial_application_set_step(
        application=application,
        user=world.users["member"],
        step="preliminary",
        status=StepStatus.APPROVED,
        sent_on=TODAY() - datetime.timedelta(days=60),
        decided_on=TODAY() - datetime.timedelta(days=30),
    )


def test_final_application_follows_an_approved_preliminary_and_the_council(world):
    application = _application(world)
    _deviation(world, application)
    with pytest.raises(ServiceError, match="godkjent forhåndssøknaden"):
        services.trial_application_set_step(
            application=application,
            user=world.users["member"],
            step="final",
            status=StepStatus.SENT,
            sent_on=TODAY(),
            council_adopted_on=TODAY(),
            local_regulation="Forskrift om forsøk med varsling.",
        )
    application = _approved_preliminary(world)
    final = {
        "application": application,
        "user": world.users["member"],
        "step": "final",
        "status": StepStatus.SENT,
        "sent_on": TODAY(),
    }
    with pytest.raises(ServiceError, match="vedtatt i kommunestyret") as refused:
        services.trial_application_set_step(**final, local_regulation="Forskrift.")
    assert refused.value.field == "council_adopted_on"
    with pytest.raises(ServiceError, match="lokal forskrift") as refused:
        services.trial_application_set_step(**final, council_adopted_on=TODAY())
    assert refused.value.field == "local_regulation"
    done = services.trial_application_set_step(
        **final,
        council_adopted_on=TODAY() - datetime.timedelta(days=2),
        local_regulation="Forskrift om forsøk med varsling fra OT til NAV.",
    )
    assert done.final_status == "sent" and done.is_locked
    # Sent: the content is final, and the preliminary step stays approved.
    with pytest.raises(ServiceError, match="kan ikke endres"):
        _deviation(world, done, law="NAV-loven", section="§ 7")
    with pytest.raises(ServiceError, match="må stå som godkjent"):
        services.trial_application_set_step(
            application=done, user=world.users["member"], step="preliminary", status="draft"
        )


def test_a_date_in_the_future_is_refused(world):
    application = _application(world)
    _deviation(world, application)
    with pytest.raises(ServiceError, match="frem i tid") as refused:
        services.trial_application_set_step(
            application=application,
            user=world.users["member"],
            step="preliminary",
            status=StepStatus.SENT,
            sent_on=TODAY() + datetime.timedelta(days=1),
        )
    assert refused.value.field == "sent_on"


def test_step_page_saves_and_unknown_step_is_404(world, client_as):
    application = _application(world)
    _deviation(world, application)
    client = client_as("member")
    url = reverse("barriers:trial_step", args=[application.barrier_id, "forhandssoknad"])
    response = client.post(url, {"status": "sent", "sent_on": TODAY().isoformat()})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.preliminary_status == "sent"
    detail = client.get(reverse("barriers:detail", args=[application.barrier_id])).content
    assert "Se søknaden om forsøk" in detail.decode() and "Sendt" in detail.decode()
    bad = reverse("barriers:trial_step", args=[application.barrier_id, "tredje-trinn"])
    assert client.get(bad).status_code == 404


# --- Evidence ------------------------------------------------------------------------------------


def _evidence_world(world):
    """A barrier linked to an experiment (an evaluated sprint, a published learning card and a
    draft card of another team), a dialog with public results, and an endorsement."""
    barrier = report(world)
    experiment = factories.running_experiment(world)
    sprint = factories.past_sprint(experiment, by=world.users["member"])
    factories.evaluate(sprint, by=world.users["member"])
    card = experiment_services.learning_card_create(
        experiment=experiment,
        sprint=sprint,
        title="Fast kontakt virker",
        hypothesis="En fast kontakt gir oppmøte.",
        observation="Elevene kom.",
        learning="Relasjonen er tiltaket.",
        decision="Vi fortsetter.",
        by=world.users["member"],
    )
    experiment_services.learning_card_publish(card=card, by=world.users["mission_lead"])
    other_org = factories.organisation("Orkland kommune – helse (test)", "helse")
    other = factories.experiment(world, title="Annet lag", owner=other_org)
    draft = experiment_services.learning_card_create(
        experiment=other,
        title="Utkast fra et annet lag",
        hypothesis="h",
        observation="o",
        learning="l",
        decision="d",
        by=world.users["mission_lead"],
    )
    dialog = _dialog_with_results(world)
    services.barrier_set_links(
        barrier=barrier, experiments=[experiment, other], sprints=[sprint], dialogs=[dialog]
    )
    endorsement = services.barrier_endorse(
        barrier=barrier,
        organisation=world.other_organisation,
        user=world.users["other_coordinator"],
        comment="Vi møter det samme på Frøya.",
    )
    return barrier, sprint, card, draft, dialog, endorsement


def _dialog_with_results(world):
    dialog = make_dialog(world, title="Hva hjelper unge tilbake?", results_public=True)
    statements = list(dialog.statements.filter(state=StatementState.APPROVED).order_by("pk"))
    people = [
        dialog_services.participant_create(dialog=dialog, sector=sector).participant
        for sector in ["ungdom"] * 7 + ["nav"] * 7
    ]
    for j, statement in enumerate(statements):
        for i, person in enumerate(people):
            value = 1 if j == 0 or (i + j) % 3 else -1
            dialog_services.vote_cast(participant=person, statement_id=statement.pk, value=value)
    compute_analysis(dialog_id=dialog.pk, phase="")
    return dialog


def test_evidence_is_offered_only_from_what_the_drafter_may_see(world):
    barrier, sprint, card, draft, dialog, endorsement = _evidence_world(world)
    offered = evidence_choices(barrier=barrier, user=world.users["member"])
    assert list(offered["sprints"]) == [sprint]
    assert list(offered["learning_cards"]) == [card]  # not the other team's draft
    assert list(offered["dialogs"]) == [dialog]
    assert list(offered["endorsements"]) == [endorsement]
    with pytest.raises(ServiceError, match="koblet til barrieren") as refused:
        _application(world, barrier=barrier, learning_cards=[draft])
    assert refused.value.field == "learning_cards"


def _full_application(world):
    barrier, sprint, card, draft, dialog, endorsement = _evidence_world(world)
    application = _application(
        world,
        barrier=barrier,
        sprints=[sprint],
        learning_cards=[card],
        dialogs=[dialog],
        endorsements=[endorsement],
        trial_description="OT og NAV deler én melding om frafall.",
    )
    _deviation(world, application)
    _deviation(world, application, law="forvaltningsloven", section="§ 13")
    return application


def _docx_texts(content: bytes) -> str:
    word = WordDocument(io.BytesIO(content))
    texts = [paragraph.text for paragraph in word.paragraphs]
    for table in word.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(texts)


def test_docx_holds_the_application_and_the_chosen_evidence(world, client_as):
    application = _full_application(world)
    response = client_as("member").get(
        reverse("barriers:trial_docx", args=[application.barrier_id])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "forsoksoknad-barriere-" in response["Content-Disposition"]
    text = _docx_texts(response.content)
    for expected in (
        "Søknad om forsøk etter forsøksloven",
        "Trondheim kommune – oppvekst (test) (Trondheim kommune)",
        "Kunnskapsdepartementet",
        "Oppfølgingstjenesten skal kunne varsle NAV når en elev slutter.",
        "opplæringslova",
        "§ 24-2",
        "OT kan varsle NAV uten samtykke i forsøksperioden.",
        "Advarsel (forvaltningsloven § 13):",
        "forvaltningslovens saksbehandlingsregler",
        "3 år (med mulig forlengelse på 1 år)",
        "NTNU følger forsøket",
        "Fraværsteam i Vg1 – Sprint 1",
        "Fast kontaktperson.",  # what the sprint takes forward
        "Relasjonen er tiltaket.",  # the learning card's learning
        "Dialog: Hva hjelper unge tilbake?",
        "Unge trenger én fast voksen å forholde seg til.",  # consensus
        "NAV Frøya (test): Vi møter det samme på Frøya.",
        "1. Forhåndssøknad til departementet",
        "Utkast",
    ):
        assert expected in text, expected
    assert "Utkast fra et annet lag" not in text


def test_pdf_holds_the_same_content(world, client_as):
    application = _full_application(world)
    response = client_as("member").get(reverse("barriers:trial_pdf", args=[application.barrier_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    for expected in (
        "Søknad om forsøk etter forsøksloven",
        "Kunnskapsdepartementet",
        "§ 24-2",
        "Advarsel (forvaltningsloven § 13):",
        "Relasjonen er tiltaket.",
        "Fast kontaktperson.",
    ):
        assert pdf_contains(pdf, expected), expected


def test_a_reader_sees_only_the_evidence_they_may_see(world, client):
    application = _full_application(world)
    escalate(application.barrier, world.users["mission_lead"])
    # A visitor sees the escalated barrier and its application, and the published card and
    # dialog results, but not the sprint evaluations (experiments are the network's).
    text = _docx_texts(
        client.get(reverse("barriers:trial_docx", args=[application.barrier_id])).content
    )
    assert "Relasjonen er tiltaket." in text
    assert "Dialog: Hva hjelper unge tilbake?" in text
    assert "Fast kontaktperson." not in text
    assert "Fraværsteam i Vg1 – Sprint 1" not in text


# --- The API --------------------------------------------------------------------------------------


def test_api_gives_the_application_as_the_barrier_is_seen(world, client_as):
    application = _full_application(world)
    url = f"/api/v1/barriers/{application.barrier_id}/trial-application"
    body = client_as("member").get(url).json()
    assert body["applicant"] == "Trondheim kommune – oppvekst (test) (Trondheim kommune)"
    assert body["ministry"] == {"slug": "kd", "name": "Kunnskapsdepartementet"}
    assert (body["duration_months"], body["extension_months"]) == (36, 12)
    assert [d["law"] for d in body["deviations"]] == ["opplæringslova", "forvaltningsloven"]
    assert body["deviations"][0]["warnings"] == []
    assert "saksbehandlingsregler" in body["deviations"][1]["warnings"][0]
    assert body["preliminary"]["status"] == "draft"
    assert body["final"]["council_adopted_on"] is None
    assert body["evidence"]["sprints"][0]["what_to_take_forward"] == "Fast kontaktperson."
    assert body["evidence"]["learning_cards"][0]["title"] == "Fast kontakt virker"
    dialog = body["evidence"]["dialogs"][0]
    assert "Unge trenger én fast voksen å forholde seg til." in dialog["consensus_agree"]
    assert body["evidence"]["endorsements"][0]["organisation"]["slug"] == "nav-froya-test"
    assert body["docx_url"].endswith(".docx")
    # Not escalated: a visitor learns nothing; a barrier without an application is a 404.
    assert client_as("anonymous").get(url).status_code == 404
    bare = report(world, title="Uten søknad")
    response = client_as("member").get(f"/api/v1/barriers/{bare.pk}/trial-application")
    assert response.status_code == 404
    assert response.json()["error"]["code"]
    assert client_as("member").get("/api/v1/barriers/999999/trial-application").status_code == 404


def test_page_shows_steps_and_downloads(world, client_as):
    application = _full_application(world)
    page = client_as("other_coordinator").get(
        reverse("barriers:trial_application", args=[application.barrier_id])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Last ned som Word (DOCX)" in text and "Last ned som PDF" in text
    assert "1. Forhåndssøknad til departementet" in text
    # Another organisation reads, but does not draft.
    assert "Endre søknaden" not in text
