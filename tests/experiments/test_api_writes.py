"""The experiments' writes over the API: creating and changing an experiment, its team, the
support hours and the learning cards – the same services and rules as the pages, a Norwegian
JSON error for bad input, and nothing written when the request is refused."""

import pytest
from django.utils import timezone

from fellesloft.accounts.models import GlobalRole
from fellesloft.experiments import services
from fellesloft.experiments.models import (
    Experiment,
    ExperimentStatus,
    LearningCard,
    SupportBudget,
    SupportEntry,
)
from tests.api.calls import error_of, send
from tests.experiments.factories import experiment, past_sprint, running_experiment
from tests.experiments.permissions import new_experiment
from tests.world import make_user

pytestmark = pytest.mark.django_db

EXPERIMENTS = "/api/v1/experiments"


def _new(world, **changes):
    return {**new_experiment(world), "need_themes": ["relasjoner"], "age_band": "16-19", **changes}


# --- Creating and changing -------------------------------------------------------------------


def test_a_member_creates_an_experiment_for_their_organisation(world, client_as):
    response = send(client_as("member"), "post", EXPERIMENTS, _new(world))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["title"] == "Nytt forsøk fra API-et"
    assert data["owner_organisation"] == world.organisation.slug
    assert data["partners"] == [world.other_organisation.slug]
    assert [theme["slug"] for theme in data["need_themes"]] == ["relasjoner"]
    assert data["age_band"] == "16-19"
    assert Experiment.objects.get(pk=data["id"]).created_by == world.users["member"]


def test_creating_is_refused_for_a_national_partner_and_an_organisation_not_ones_own(
    world, client_as, client
):
    client.force_login(make_user("nasjonal@test.no", global_role=GlobalRole.NATIONAL_PARTNER))
    assert send(client, "post", EXPERIMENTS, _new(world)).status_code == 403
    error = error_of(send(client_as("other_coordinator"), "post", EXPERIMENTS, _new(world)), 403)
    assert error["code"] == "forbidden" and "medlem av" in error["message"]
    assert send(client_as("anonymous"), "post", EXPERIMENTS, _new(world)).status_code == 401
    assert not Experiment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"partners": ["finnes-ikke"]}, 400, "partners"),
        ({"need_themes": ["relasjoner", "ukjent-tema"]}, 400, "need_themes"),
        ({"goals": [999999]}, 400, "goals"),
        ({"municipality": "9999"}, 400, "municipality"),
        ({"title": "   "}, 400, "title"),
        ({"challenge": "Ring Kari på 912 34 567"}, 400, "challenge"),
        ({"age_band": "30+"}, 422, "age_band"),
        ({"end_meeting_date": "2026-01-01", "start_meeting_date": "2026-02-01"}, 400, None),
    ],
)
def test_bad_input_is_a_norwegian_error_and_nothing_is_created(
    world, client_as, changes, status, field
):
    response = send(client_as("member"), "post", EXPERIMENTS, _new(world, **changes))
    error = error_of(response, status)
    assert error["message"]
    if field and status == 400:
        assert error["details"][0]["field"].endswith(field)
    assert not Experiment.objects.exists()


def test_the_team_changes_only_the_fields_it_sends(world, client_as):
    item = experiment(world)
    url = f"{EXPERIMENTS}/{item.pk}"
    body = {"title": "Nytt navn", "need_themes": ["relasjoner"], "end_meeting_date": "2030-01-01"}
    response = send(client_as("member"), "patch", url, body)
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.title == "Nytt navn"
    assert item.hypothesis_change == "et fast fraværsteam"  # not sent, not changed
    assert item.end_meeting_date.isoformat() == "2030-01-01"
    assert send(client_as("other_coordinator"), "patch", url, body).status_code == 403
    assert send(client_as("anonymous"), "patch", url, body).status_code == 401
    assert send(client_as("member"), "patch", f"{EXPERIMENTS}/999999", body).status_code == 404


def test_a_bad_change_writes_nothing(world, client_as):
    item = experiment(world)
    url = f"{EXPERIMENTS}/{item.pk}"
    response = send(client_as("member"), "patch", url, {"title": "Ny", "indicators": ["ukjent"]})
    assert error_of(response, 400)["details"][0]["field"] == "indicators"
    assert send(client_as("member"), "patch", url, {"title": None}).status_code == 422
    item.refresh_from_db()
    assert item.title == "Fraværsteam i Vg1"
    lead = world.users["mission_lead"]
    services.experiment_change_status(
        experiment=item, status=ExperimentStatus.STOPPED, reason="Ingen kapasitet", by=lead
    )
    assert (
        "avsluttet"
        in error_of(send(client_as("member"), "patch", url, {"title": "Ny"}), 400)["message"]
    )


# --- The team --------------------------------------------------------------------------------


def test_the_owners_coordinator_manages_the_team(world, client_as):
    item = experiment(world)
    team = f"{EXPERIMENTS}/{item.pk}/team"
    coordinator = client_as("coordinator")
    added = send(
        coordinator,
        "post",
        f"{team}/partners",
        {"organisation": world.other_organisation.slug, "role": "Veileder"},
    )
    assert added.status_code == 201, added.content
    assert added.json()["sector"] == "nav"
    person = send(
        coordinator,
        "post",
        f"{team}/members",
        {
            "name": "Rådgiver",
            "organisation": world.organisation.slug,
            "email": world.users["member"].email,
        },
    )
    assert person.status_code == 201 and person.json()["has_account"] is True
    listed = client_as("other_coordinator").get(team).json()  # the team is seen by the network
    assert [p["organisation"] for p in listed["partners"]] == [world.other_organisation.slug]
    assert [m["name"] for m in listed["members"]] == ["Rådgiver"]
    assert {s["slug"] for s in listed["sectors"]} == {"skole-oppvekst", "nav"}
    coordinator = client_as("coordinator")
    removed = coordinator.delete(f"{team}/members/{person.json()['id']}")
    assert removed.status_code == 204
    assert not item.team_members.exists()


def test_only_the_owners_coordinator_and_the_mission_lead_change_the_team(world, client_as):
    item = experiment(world)
    team = f"{EXPERIMENTS}/{item.pk}/team"
    body = {"organisation": world.other_organisation.slug}
    for role in ("member", "other_coordinator"):
        assert send(client_as(role), "post", f"{team}/partners", body).status_code == 403
    assert send(client_as("anonymous"), "post", f"{team}/partners", body).status_code == 401
    assert not item.partners.exists()


def test_team_errors_are_norwegian_and_leave_the_team_as_it_was(world, client_as):
    item = running_experiment(world)
    team = f"{EXPERIMENTS}/{item.pk}/team"
    lead = client_as("mission_lead")
    unknown = send(lead, "post", f"{team}/partners", {"organisation": "finnes-ikke"})
    assert error_of(unknown, 400)["details"][0]["field"] == "organisation"
    again = send(lead, "post", f"{team}/partners", {"organisation": world.other_organisation.slug})
    assert "allerede" in error_of(again, 400)["message"]
    nobody = send(
        lead,
        "post",
        f"{team}/members",
        {"name": "X", "organisation": world.organisation.slug, "email": "ingen@test.no"},
    )
    assert error_of(nobody, 400)["details"][0]["field"] == "email"
    # A running experiment keeps two sectors: removing NAV is refused and NAV stays.
    partner = item.partners.get()
    refused = lead.delete(f"{team}/partners/{partner.pk}")
    assert error_of(refused, 400)["code"] == "too_few_sectors"
    assert item.partners.filter(pk=partner.pk).exists()
    assert lead.delete(f"{team}/partners/999999").status_code == 404


# --- Support hours ---------------------------------------------------------------------------


def _entry(world, **changes):
    return {
        "date": timezone.localdate().isoformat(),
        "hours": 2.5,
        "kind": "guidance",
        "given_by_person": world.users["coordinator"].email,
        **changes,
    }


def test_the_municipality_reads_its_support_log(world, client_as):
    item = experiment(world)
    services.support_entry_log(
        municipality=world.municipality,
        date=timezone.localdate(),
        hours="3",
        kind="training",
        given_by_organisation=world.organisation,
        experiment=item,
        by=world.users["mission_lead"],
    )
    url = f"{EXPERIMENTS}/support/{world.municipality.number}"
    data = client_as("member").get(url).json()
    assert data["budget"] == 50.0 and data["used"] == 3.0 and data["left"] == 47.0
    assert data["entries"][0]["kind"] == "training"
    assert data["entries"][0]["experiment_id"] == item.pk
    assert data["entries"][0]["given_by_organisation"] == world.organisation.slug
    assert client_as("other_coordinator").get(url).status_code == 403
    assert client_as("anonymous").get(url).status_code == 401
    assert client_as("member").get(f"{EXPERIMENTS}/support/9999").status_code == 404


def test_the_municipalitys_coordinator_logs_hours(world, client_as):
    item = experiment(world)
    url = f"{EXPERIMENTS}/support/{world.municipality.number}/entries"
    response = send(client_as("coordinator"), "post", url, _entry(world, experiment=item.pk))
    assert response.status_code == 201, response.content
    assert response.json()["hours"] == 2.5
    assert response.json()["given_by_person"] == str(world.users["coordinator"])
    entry = SupportEntry.objects.get()
    assert entry.experiment == item and entry.created_by == world.users["coordinator"]
    for role in ("member", "other_coordinator"):
        assert send(client_as(role), "post", url, _entry(world)).status_code == 403


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"hours": 1.25}, 400, "hours"),
        ({"hours": 0}, 422, "hours"),
        ({"kind": "kaffe"}, 422, "kind"),
        ({"date": "2999-01-01"}, 400, "date"),
        ({"given_by_person": None}, 400, "given_by_person"),
        ({"given_by_person": "ukjent@test.no"}, 400, "given_by_person"),
        ({"given_by_organisation": "finnes-ikke"}, 400, "given_by_organisation"),
        ({"hours": 60}, 400, "hours"),  # past the budget without the lead's override
    ],
)
def test_bad_support_entries_are_refused_in_norwegian(world, client_as, changes, status, field):
    url = f"{EXPERIMENTS}/support/{world.municipality.number}/entries"
    error = error_of(send(client_as("coordinator"), "post", url, _entry(world, **changes)), status)
    assert error["details"][0]["field"].endswith(field)
    assert not SupportEntry.objects.exists()


def test_going_past_the_budget_is_the_mission_leads_to_approve(world, client_as):
    other = experiment(world, municipality=world.other_municipality, owner=world.other_organisation)
    url = f"{EXPERIMENTS}/support/{world.municipality.number}/entries"
    over = _entry(world, hours=60, override=True, override_reason="Ekstra oppfølging")
    assert send(client_as("coordinator"), "post", url, over).status_code == 403
    wrong = send(client_as("mission_lead"), "post", url, _entry(world, experiment=other.pk))
    assert error_of(wrong, 400)["details"][0]["field"] == "experiment"
    approved = send(client_as("mission_lead"), "post", url, over)
    assert approved.status_code == 201 and approved.json()["over_budget_override"] is True


def test_the_mission_lead_sets_the_budget(world, client_as):
    url = f"{EXPERIMENTS}/support/{world.municipality.number}/budget"
    response = send(client_as("mission_lead"), "put", url, {"hours": 80})
    assert response.status_code == 200 and response.json()["budget"] == 80.0
    assert send(client_as("coordinator"), "put", url, {"hours": 10}).status_code == 403
    assert send(client_as("mission_lead"), "put", url, {"hours": -1}).status_code == 422
    assert SupportBudget.objects.get().hours == 80


# --- Learning cards --------------------------------------------------------------------------


def _draft(item, by):
    return services.learning_card_create(
        experiment=item,
        title="Utkast",
        hypothesis="h",
        observation="o",
        learning="l",
        decision="d",
        by=by,
    )


def test_a_draft_is_the_teams_until_the_coordinator_publishes_it(world, client_as):
    item = experiment(world)
    sprint = past_sprint(item, by=world.users["mission_lead"])
    card = _draft(item, world.users["member"])
    url = f"{EXPERIMENTS}/learning-cards/{card.pk}"
    assert client_as("anonymous").get(url).status_code == 404
    assert client_as("other_coordinator").get(url).status_code == 404
    changed = send(
        client_as("member"),
        "patch",
        url,
        {"title": "Fast kontakt virker", "sprint": sprint.number, "contact_me": True},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["sprint"] == sprint.number
    assert changed.json()["contact_person"] == str(world.users["member"])
    assert (
        send(client_as("member"), "post", f"{url}/publication", {"published": True}).status_code
        == 403
    )
    published = send(client_as("coordinator"), "post", f"{url}/publication", {"published": True})
    assert published.json()["status"] == "published"
    public = client_as("anonymous").get(url).json()
    assert public["title"] == "Fast kontakt virker"
    assert public["contact_person"] is None  # named to the network, not to every visitor
    withdrawn = send(client_as("coordinator"), "post", f"{url}/publication", {"published": False})
    assert withdrawn.json()["status"] == "draft"


def test_bad_learning_card_changes_write_nothing(world, client_as):
    card = _draft(experiment(world), world.users["member"])
    url = f"{EXPERIMENTS}/learning-cards/{card.pk}"
    unknown_sprint = send(client_as("member"), "patch", url, {"sprint": 7})
    assert error_of(unknown_sprint, 400)["details"] == [
        {"field": "sprint", "message": "Ukjent sprint: 7."}
    ]
    blank = send(client_as("member"), "patch", url, {"title": " "})
    assert error_of(blank, 400)["details"][0]["field"] == "title"
    assert send(client_as("member"), "patch", url, {"title": "x" * 201}).status_code == 422
    card.refresh_from_db()
    assert card.title == "Utkast"
    assert LearningCard.objects.count() == 1
