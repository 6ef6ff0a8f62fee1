"""«Mitt arbeid»: the page, the API and the plug-in that assembles them from the apps."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fellesloft.accounts.models import User
from fellesloft.accounts.services import api_token_create
from fellesloft.core.plugins import app_plugins
from fellesloft.core.work import (
    DUE,
    INFO,
    OVERDUE,
    UPCOMING,
    WorkItem,
    sort_key,
    state_for,
    work_items_for,
)
from fellesloft.dialogs import services as dialog_services
from fellesloft.learning import services as learning_services
from tests.barriers.helpers import escalate, report
from tests.dialogs.helpers import make_dialog
from tests.experiments.factories import organisation, past_sprint, running_experiment
from tests.learning.factories import make_meeting
from tests.world import PASSWORD, build_world, ensure_reference_data, make_user

pytestmark = pytest.mark.django_db

URL = "/mitt-arbeid/"
API = "/api/v1/me/work"


def test_state_for_a_due_date():
    today = date(2026, 3, 10)
    assert state_for(date(2026, 3, 9), today=today) == OVERDUE
    assert state_for(today, today=today) == DUE
    assert state_for(date(2026, 3, 17), today=today) == DUE
    assert state_for(date(2026, 3, 18), today=today) == UPCOMING


def test_overdue_first_then_by_due_date_and_undated_last():
    items = [
        WorkItem("a", "Uten frist", "/a/"),
        WorkItem("b", "Snart", "/b/", due=date(2026, 3, 12), state=DUE),
        WorkItem("c", "Forfalt", "/c/", due=date(2026, 3, 1), state=OVERDUE),
        WorkItem("d", "Senere", "/d/", due=date(2026, 4, 1), state=UPCOMING),
        WorkItem("e", "Forfalt tidligere", "/e/", due=date(2026, 2, 1), state=OVERDUE),
    ]
    ordered = [item.title for item in sorted(items, key=sort_key)]
    assert ordered == ["Forfalt tidligere", "Forfalt", "Snart", "Senere", "Uten frist"]


def test_an_unknown_state_is_refused():
    with pytest.raises(ValueError):
        WorkItem("x", "Ukjent", "/x/", state="soon")


def test_every_work_module_has_a_section_and_a_builder():
    modules = {
        config.label: module for config, module in app_plugins("work") if config.label != "core"
    }
    assert {"experiments", "barriers", "dialogs", "learning", "mission"} <= set(modules)
    for module in modules.values():
        assert callable(module.work_items)
        assert module.SECTION.title and module.SECTION.empty


# --- The data the page and the API are tested with ---------------------------------------


def _fill(world, *, copies: int = 1) -> None:
    """Something in every section for «member» (of world.organisation in Trondheim), `copies`
    times over."""
    lead = world.users["mission_lead"]
    member = world.users["member"]
    today = timezone.localdate()
    partner = organisation(f"NAV Saupstad {copies}", "nav", world.municipality)
    for number in range(copies):
        experiment = running_experiment(world, title=f"Forsøk {number}", partner=partner)
        past_sprint(experiment, by=lead)
        meeting = make_meeting(f"Samling {copies}-{number}", days=-5)
        learning_services.meeting_task_add(
            meeting=meeting, title=f"Oppgave {number}", owner=member, due_date=today
        )
        escalate(
            report(world, title=f"Barriere {copies}-{number}"),
            lead,
            deadline_days=-1,
            escalated_days_ago=20,
        )
        dialog = make_dialog(
            world,
            title=f"Dialog {copies}-{number}",
            seeds=[],
            closes_at=timezone.now() + timedelta(days=3),
        )
        author = dialog_services.participant_create(dialog=dialog).participant
        dialog_services.statement_submit(participant=author, text="Flere voksne i skolen.")
    make_meeting(f"Neste samling {copies}", days=20)


# --- The page -----------------------------------------------------------------------------


def test_the_page_is_behind_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logg-inn/")


def test_the_page_shows_each_section_with_its_items_overdue_first(client):
    world = build_world()
    _fill(world)
    client.force_login(world.users["member"])
    html = client.get(URL).content.decode()
    for heading in (
        "Forsøk og støttetimer",
        "Systembarrierer",
        "Dialoger",
        "Læringsnettverket",
        "Kommunen i tall",
    ):
        assert f">{heading}</h2>" in html
    assert "Evaluer sprint 1 i «Forsøk 0»" in html
    assert "Oppgave 0" in html
    assert "1 utsagn venter på moderering i «Dialog 1-0»" in html
    assert "«Barriere 1-0» venter på svar" in html
    assert "Neste nettverkssamling: Neste samling 1" in html
    assert "Forfalt" in html
    # In the experiments' section the overdue evaluation comes before the support hours.
    section = html.split("Forsøk og støttetimer</h2>")[1].split("</section>")[0]
    assert section.index("Evaluer sprint") < section.index("Støttetimer for")


def test_empty_sections_say_what_to_do_next(client):
    client.force_login(make_user("uten.organisasjon@test.no"))
    html = client.get(URL).content.decode()
    assert "Ingen sprinter venter på evaluering" in html
    assert "meld den som en systembarriere" in html
    assert "Ingenting har frist akkurat nå." in html


def test_the_page_asks_a_constant_number_of_queries_whatever_the_data(
    client, django_assert_max_num_queries
):
    world = build_world()
    _fill(world, copies=1)
    client.force_login(world.users["member"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    _fill(world, copies=4)
    with django_assert_max_num_queries(len(few)):
        html = client.get(URL).content.decode()
    assert len(re.findall(r"Evaluer sprint", html)) == 5
    assert len(re.findall(r"utsagn venter på moderering", html)) == 5


# --- Logging in lands there ---------------------------------------------------------------


def test_after_logging_in_a_person_lands_on_my_work_unless_next_says_otherwise(client):
    world = build_world()
    email = world.users["member"].email
    response = client.post("/konto/logg-inn/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == URL
    client.logout()
    response = client.post(
        "/konto/logg-inn/?next=/barrierer/", {"username": email, "password": PASSWORD}
    )
    assert response["Location"] == "/barrierer/"


def test_the_menu_has_my_work_for_logged_in_users_only(client):
    world = build_world()
    assert 'href="/mitt-arbeid/"' not in client.get("/").content.decode()
    client.force_login(world.users["member"])
    html = client.get("/").content.decode()
    assert '<a href="/mitt-arbeid/">Mitt arbeid</a>' in html
    assert 'aria-current="page">Mitt arbeid' in client.get(URL).content.decode()


# --- The API ------------------------------------------------------------------------------


def test_the_api_refuses_a_visitor_with_a_json_401(client):
    response = client.get(API)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "unauthorized"


def test_the_api_gives_the_same_items_as_the_page_with_a_session_or_a_key(client):
    world = build_world()
    _fill(world)
    member = world.users["member"]
    expected = [
        {
            "kind": item.kind,
            "title": item.title,
            "url": item.url,
            "due": item.due.isoformat() if item.due else None,
            "state": item.state,
        }
        for item in work_items_for(user=member)
    ]
    _token, key = api_token_create(user=member, name="Integrasjon")
    by_key = client.get(API, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert by_key.status_code == 200
    assert by_key.json() == {"items": expected}
    assert expected[0]["state"] == OVERDUE
    assert {"sprint_evaluation", "meeting_task", "barrier_answer", "moderation"} <= {
        item["kind"] for item in expected
    }
    assert expected[-1]["state"] == INFO

    client.force_login(member)
    assert client.get(API).json() == {"items": expected}
    # Another organisation's user gets none of it.
    client.force_login(world.users["other_coordinator"])
    titles = {item["title"] for item in client.get(API).json()["items"]}
    assert not titles & {item["title"] for item in expected if item["kind"] != "network_meeting"}


# --- The demo ----------------------------------------------------------------------------------


def test_the_demo_fills_my_work_for_the_trondheim_coordinator(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ensure_reference_data()
    call_command("demo", stdout=io.StringIO())
    coordinator = User.objects.get(email="koordinator.trondheim@demo.fellesloft.no")
    items = work_items_for(user=coordinator)
    kinds = {item.kind for item in items}
    assert {
        "sprint_evaluation",
        "support_hours",
        "barrier_held",
        "barrier_endorsement",
        "moderation",
        "dialog_opens",
        "meeting_task",
        "network_meeting",
        "indicator",
    } <= kinds
    assert items[0].kind == "sprint_evaluation" and items[0].state == OVERDUE
