from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesloft.experiments import selectors, services
from fellesloft.experiments.models import Experiment, Sprint, SupportEntry
from fellesloft.mission.models import MainChallenge
from tests.experiments.factories import (
    evaluate,
    experiment,
    organisation,
    past_sprint,
    running_experiment,
)

pytestmark = pytest.mark.django_db


def _experiment_form(world, **overrides):
    data = {
        "municipality": world.municipality.pk,
        "owner_organisation": world.organisation.pk,
        "title": "Fraværsteam",
        "challenge": "Elever faller ut.",
        "hypothesis_change": "et fraværsteam",
        "hypothesis_target_group": "elever i Vg1",
        "hypothesis_effect": "færre som slutter",
        "hypothesis_evidence": "flere fullfører",
        "main_challenges": [MainChallenge.objects.get(slug="samarbeid-pa-tvers").pk],
        "age_band": "16-19",
    }
    data.update(overrides)
    return data


def test_form_explains_the_two_sector_rule(world, client_as):
    page = client_as("member").get(reverse("experiments:create")).content.decode()
    assert "kan ikke starte med færre enn to sektorer" in page


def test_member_creates_experiment_with_partner(world, client_as):
    nav = organisation("NAV Midtbyen", "nav", world.municipality)
    response = client_as("member").post(
        reverse("experiments:create"), _experiment_form(world, partners=[nav.pk])
    )
    item = Experiment.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert list(item.partners.values_list("organisation", flat=True)) == [nav.pk]
    assert item.main_challenges.get().slug == "samarbeid-pa-tvers"


def test_member_cannot_pick_another_organisation_as_owner(world, client_as):
    response = client_as("member").post(
        reverse("experiments:create"),
        _experiment_form(world, owner_organisation=world.other_organisation.pk),
    )
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()
    assert not Experiment.objects.exists()


def test_status_form_shows_why_an_experiment_cannot_start(world, client_as):
    item = experiment(world)
    services.experiment_change_status(
        experiment=item, status="planning", by=world.users["mission_lead"]
    )
    response = client_as("mission_lead").post(
        reverse("experiments:status", args=[item.pk]), {"status": "running"}
    )
    assert response.status_code == 200
    assert "minst to sektorer" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "planning"


def test_status_change_not_allowed_gets_a_norwegian_message(world, client_as):
    item = experiment(world)
    response = client_as("mission_lead").post(
        reverse("experiments:status", args=[item.pk]),
        {"status": "completed", "outcome": "scale"},
    )
    assert "kan ikke få status «Avsluttet»" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "idea"


def test_sprint_form_refuses_end_before_start(world, client_as):
    item = running_experiment(world)
    today = timezone.localdate()
    response = client_as("member").post(
        reverse("experiments:sprint_create", args=[item.pk]),
        {"start_date": today.isoformat(), "end_date": (today - timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 200
    assert "Sprinten kan ikke slutte før den starter." in response.content.decode()
    assert not Sprint.objects.exists()


def test_sprint_form_refuses_overlap_and_warns_about_length(world, client_as):
    item = running_experiment(world)
    first = past_sprint(item, weeks_ago=8, length_weeks=4)
    client = client_as("member")
    response = client.post(
        reverse("experiments:sprint_create", args=[item.pk]),
        {
            "start_date": first.end_date.isoformat(),
            "end_date": (first.end_date + timedelta(days=20)).isoformat(),
        },
    )
    assert "overlapper sprint 1" in response.content.decode()
    assert Sprint.objects.count() == 1
    response = client.post(
        reverse("experiments:sprint_create", args=[item.pk]),
        {
            "start_date": (first.end_date + timedelta(days=1)).isoformat(),
            "end_date": (first.end_date + timedelta(days=5)).isoformat(),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Sprint 2 er lagt til." in page
    assert "kortere enn to uker" in page


def test_evaluation_page_asks_the_three_questions_and_saves_barrier(world, client_as):
    item = running_experiment(world)
    sprint = past_sprint(item)
    url = reverse("experiments:sprint_evaluate", args=[item.pk, sprint.number])
    client = client_as("member")
    page = client.get(url).content.decode()
    for question in ("Hva fungerte?", "Hva justerer vi?", "Hva tar vi med videre?"):
        assert question in page
    response = client.post(
        url,
        {
            "what_worked": "Oppmøtet",
            "what_to_adjust": "Tidspunkt",
            "what_to_take_forward": "Kontaktperson",
            "act_decision": "adopt",
            "barrier_note": "Finansieringen er årlig",
        },
    )
    assert response.status_code == 302
    sprint.refresh_from_db()
    assert sprint.is_evaluated and sprint.act_decision == "adopt"
    assert sprint.barrier_notes.get().text == "Finansieringen er årlig"
    detail = client.get(item.get_absolute_url()).content.decode()
    assert "Finansieringen er årlig" in detail and "ikke meldt inn ennå" in detail


@pytest.mark.parametrize(
    ("hours", "message"),
    [("-3", "Timer må være mer enn null."), ("tre", "Timer må være et tall, for eksempel 1,5.")],
)
def test_support_form_refuses_bad_hours(world, client_as, hours, message):
    response = client_as("coordinator").post(
        reverse("experiments:support", args=[world.municipality.number]),
        {
            "date": timezone.localdate().isoformat(),
            "hours": hours,
            "kind": "guidance",
            "given_by_organisation": world.organisation.pk,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SupportEntry.objects.exists()


def test_support_page_warns_and_override_needs_mission_lead(world, client_as):
    services.support_entry_log(
        municipality=world.municipality,
        date=timezone.localdate(),
        hours="45",
        kind="training",
        given_by_organisation=world.organisation,
        by=world.users["mission_lead"],
    )
    url = reverse("experiments:support", args=[world.municipality.number])
    coordinator = client_as("coordinator")
    page = coordinator.get(url).content.decode()
    assert "90\u00a0% av støttetimene er brukt" in page
    assert "5 timer igjen" in page
    assert 'name="override"' not in page
    data = {
        "date": timezone.localdate().isoformat(),
        "hours": "6",
        "kind": "guidance",
        "given_by_organisation": world.organisation.pk,
        "override": "on",
        "override_reason": "Ekstra",
    }
    page = coordinator.post(url, data).content.decode()
    assert "krever at oppdragsleder godkjenner" in page
    assert SupportEntry.objects.count() == 1
    response = client_as("mission_lead").post(url, data)
    assert response.status_code == 302
    assert SupportEntry.objects.filter(over_budget_override=True, hours=Decimal("6")).exists()


def test_budget_is_set_by_the_mission_lead(world, client_as):
    url = reverse("experiments:support_budget", args=[world.municipality.number])
    client_as("mission_lead").post(url, {"hours": "70"})
    page = client_as("coordinator").get(
        reverse("experiments:support", args=[world.municipality.number])
    )
    assert "av 70 timer brukt" in page.content.decode()


def test_draft_card_is_hidden_until_published(world, client_as):
    item = experiment(world)
    card = services.learning_card_create(
        experiment=item,
        title="Én voksen holder dem fast",
        hypothesis="h",
        observation="o",
        learning="l",
        decision="d",
        by=None,
    )
    url = reverse("experiments:card_detail", args=[card.pk])
    assert client_as("anonymous").get(url).status_code == 302
    assert client_as("other_coordinator").get(url).status_code == 403
    assert (
        "Én voksen" not in client_as("anonymous").get(reverse("experiments:cards")).content.decode()
    )
    # The owner's coordinator publishes; the member of the team may not.
    assert (
        client_as("member").post(reverse("experiments:card_publish", args=[card.pk])).status_code
        == 403
    )
    client_as("coordinator").post(reverse("experiments:card_publish", args=[card.pk]))
    assert client_as("anonymous").get(url).status_code == 200
    assert "Én voksen" in client_as("anonymous").get(reverse("experiments:cards")).content.decode()


def test_municipality_profile_shows_experiments_to_the_network_and_cards_to_all(world, client_as):
    item = running_experiment(world, title="Fraværsteam på Heimdal")
    evaluate(past_sprint(item))
    card = services.learning_card_create(
        experiment=item,
        title="Kontaktperson virker",
        hypothesis="h",
        observation="o",
        learning="l",
        decision="d",
        by=None,
    )
    services.learning_card_publish(card=card, by=None)
    url = reverse("organisations:municipality_detail", args=[world.municipality.number])
    public = client_as("anonymous").get(url).content.decode()
    assert "Kontaktperson virker" in public and "Fraværsteam på Heimdal" not in public
    member = client_as("member").get(url).content.decode()
    assert "Fraværsteam på Heimdal" in member and "Støttetimer: 0 av 50 brukt" in member


def test_team_page_adds_and_removes_partner(world, client_as):
    item = experiment(world)
    nav = organisation("NAV Midtbyen", "nav", world.municipality)
    client = client_as("mission_lead")
    url = reverse("experiments:team", args=[item.pk])
    client.post(
        url, {"kind": "partner", "partner-organisation": nav.pk, "partner-role": "Veileder"}
    )
    partner = item.partners.get()
    assert partner.role == "Veileder"
    response = client.post(url, {"kind": "partner", "partner-organisation": nav.pk})
    assert "allerede med i teamet" in response.content.decode()
    client.post(reverse("experiments:partner_remove", args=[item.pk, partner.pk]))
    assert not item.partners.exists()


def test_team_member_edits_the_hypothesis_and_tags(world, client_as):
    item = experiment(world)
    data = _experiment_form(world, hypothesis_effect="flere som fullfører", age_band="15-29")
    data["need_themes"] = [
        theme.pk for theme in item.need_themes.model.objects.filter(slug="psykisk-helse")
    ]
    response = client_as("member").post(reverse("experiments:edit", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.hypothesis_effect == "flere som fullfører"
    assert [theme.slug for theme in item.need_themes.all()] == ["psykisk-helse"]
    assert item.owner_organisation == world.organisation


def test_barrier_page_notes_a_barrier_on_the_sprint(world, client_as):
    item = running_experiment(world)
    sprint = past_sprint(item)
    url = reverse("experiments:sprint_barrier", args=[item.pk, sprint.number])
    response = client_as("member").post(url, {"text": "Tilskuddet gis bare for ett år"})
    assert response.status_code == 302
    assert sprint.barrier_notes.get().text == "Tilskuddet gis bare for ett år"
    response = client_as("member").post(url, {"text": "Ring 41234567"})
    assert "personopplysninger" in response.content.decode()
    assert sprint.barrier_notes.count() == 1


def test_collaboration_page_has_the_network_as_a_table(world, client_as):
    nav = organisation("NAV Midtbyen", "nav", world.municipality)
    experiment(world, partners=[nav])
    page = client_as("member").get(reverse("experiments:collaboration")).content.decode()
    assert '<svg viewBox="0 0 760 520" role="img"' in page
    assert "NAV Midtbyen" in page and "1.000" in page.replace(",", ".")
    assert "Helse – Barnevern" in page


def test_collaboration_table_says_who_works_with_whom(world, client_as):
    nav = organisation("NAV Midtbyen", "nav", world.municipality)
    volunteer = organisation("Frivilligsentralen (test)", "frivillighet", world.municipality)
    experiment(world, partners=[nav])
    experiment(world, title="To", partners=[nav, volunteer])
    network = selectors.collaboration(user=world.users["member"])
    by_name = {node.organisation.name: node for node in network.organisations}
    assert [(o.name, n) for o, n in by_name["NAV Midtbyen"].partners] == [
        (world.organisation.name, 2),
        ("Frivilligsentralen (test)", 1),
    ]
    page = client_as("member").get(reverse("experiments:collaboration")).content.decode()
    assert "Samarbeider med (felles forsøk)" in page
    assert f"{world.organisation.name} (2), Frivilligsentralen (test) (1)" in page


def test_noted_barrier_links_to_the_barrier_report(world, client_as):
    item = running_experiment(world)
    evaluate(past_sprint(item), barrier_note="Samtykke må hentes for hver tjeneste")
    note = item.sprints.get().barrier_notes.get()
    client = client_as("member")
    detail = client.get(item.get_absolute_url()).content.decode()
    report_url = f"{reverse('barriers:create')}?sprintnotat={note.pk}"
    assert report_url in detail
    form = client.get(report_url).content.decode()
    assert "Samtykke må hentes for hver tjeneste" in form


def test_support_overview_is_open_to_the_network_with_logs_for_their_own(world, client_as):
    page = client_as("other_coordinator").get(reverse("experiments:support_overview"))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("experiments:support", args=[world.other_municipality.number]) in html
    assert reverse("experiments:support", args=[world.municipality.number]) not in html
    assert world.municipality.name in html
    lead = client_as("mission_lead").get(reverse("experiments:support_overview")).content
    assert reverse("experiments:support", args=[world.municipality.number]) in lead.decode()


def test_portfolio_flags_and_filters_experiments_without_evaluation(world, client_as):
    fresh = running_experiment(world, title="Nylig evaluert")
    evaluate(past_sprint(fresh, weeks_ago=3, length_weeks=2))
    old = running_experiment(world, title="Lenge siden evaluert")
    Experiment.objects.filter(pk=old.pk).update(
        status_changed_at=timezone.now() - timedelta(weeks=10)
    )
    client = client_as("member")
    page = client.get(reverse("experiments:portfolio")).content.decode()
    assert page.count("Ingen evaluering på seks uker") == 1
    filtered = client.get(reverse("experiments:portfolio"), {"uten_evaluering": "on"})
    rows = filtered.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert "Lenge siden evaluert" in rows and "Nylig evaluert" not in rows
    csv_text = client.get(reverse("experiments:portfolio_csv"), {"uten_evaluering": "on"})
    assert "Lenge siden evaluert" in csv_text.content.decode()
    assert "Nylig evaluert" not in csv_text.content.decode()


def test_removing_a_person_the_team_needs_gives_a_message(world, client_as):
    lead = world.users["mission_lead"]
    item = experiment(world)
    person = services.experiment_team_member_add(
        experiment=item, name="NAV-veileder", organisation=world.other_organisation, by=lead
    )
    services.experiment_change_status(experiment=item, status="planning", by=lead)
    services.experiment_change_status(experiment=item, status="running", by=lead)
    response = client_as("mission_lead").post(
        reverse("experiments:team_member_remove", args=[item.pk, person.pk]), follow=True
    )
    assert "minst to sektorer" in response.content.decode()
    assert item.team_members.filter(pk=person.pk).exists()


def test_long_stale_list_points_to_the_full_filtered_list(world, client_as, monkeypatch):
    from fellesloft.experiments import views

    monkeypatch.setattr(views, "STALE_SHOWN", 1)
    for title in ("Første", "Andre"):
        item = running_experiment(world, title=title)
        Experiment.objects.filter(pk=item.pk).update(
            status_changed_at=timezone.now() - timedelta(weeks=10)
        )
    page = client_as("member").get(reverse("experiments:portfolio")).content.decode()
    assert "Mer enn 1 pågående forsøk har ikke evaluert en sprint på seks uker." in page
    assert 'href="?uten_evaluering=on"' in page


def test_a_draft_is_listed_and_opened_by_those_who_write_it(world, client_as):
    """The experiment page lists a draft to the team and the mission lead, and the card's
    page opens for the same people: a card shown in a list is a card its page opens."""
    item = experiment(world, title="Forsøk med utkast")
    card = services.learning_card_create(
        experiment=item,
        title="Et utkast om oppmøte",
        hypothesis="h",
        observation="o",
        learning="l",
        decision="d",
        by=None,
    )
    detail = reverse("experiments:detail", args=[item.pk])
    card_url = reverse("experiments:card_detail", args=[card.pk])
    for role in ("member", "mission_lead"):
        assert "Et utkast om oppmøte" in client_as(role).get(detail).content.decode(), role
        assert client_as(role).get(card_url).status_code == 200, role
    assert "Et utkast om oppmøte" not in client_as("other_coordinator").get(detail).content.decode()
    assert client_as("other_coordinator").get(card_url).status_code == 403


def test_my_experiments_are_those_whose_team_i_am_in(world, client_as):
    """Through the owner organisation, a partner organisation or being named in the team."""
    owned = experiment(world, title="Eid av Trondheim")
    partnered = experiment(
        world,
        title="Frøya med Trondheim",
        owner=world.other_organisation,
        partners=[world.organisation],
    )
    named = experiment(world, title="Frøya med et navn", owner=world.other_organisation)
    services.experiment_team_member_add(
        experiment=named,
        name="Koordinator",
        organisation=world.other_organisation,
        email=world.users["coordinator"].email,
        by=None,
    )
    elsewhere = experiment(world, title="Bare Frøya", owner=world.other_organisation)
    mine = set(selectors.experiments_of_user(user=world.users["coordinator"]))
    assert mine == {owned, partnered, named}
    assert elsewhere not in set(selectors.experiments_of_user(user=world.users["member"]))
    page = client_as("coordinator").get(reverse("experiments:list")).content.decode()
    assert "Frøya med et navn" in page and "Bare Frøya" not in page


def test_logging_support_needs_a_coordinator_even_where_the_log_is_open(world, client_as):
    url = reverse("experiments:support", args=[world.municipality.number])
    assert client_as("member").get(url).status_code == 200
    data = {
        "date": timezone.localdate().isoformat(),
        "hours": "2",
        "kind": "guidance",
        "given_by_organisation": world.organisation.pk,
    }
    assert client_as("member").post(url, data).status_code == 403
    assert not SupportEntry.objects.exists()
    assert client_as("coordinator").post(url, data).status_code == 302
    assert SupportEntry.objects.count() == 1
