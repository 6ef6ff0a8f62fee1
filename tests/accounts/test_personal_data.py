"""A person's data on request (GDPR): the download of everything stored about them, and the
deletion of their account that they ask for and the mission lead carries out."""

import json
import re
from datetime import timedelta

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from axes.models import AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db.models import TextField
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fellesloft.accounts import services
from fellesloft.accounts.models import ApiToken, DeletionRequest, User
from fellesloft.barriers.models import Barrier, BarrierNote
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.plugins import app_plugins
from fellesloft.core.profile import personal_data_fields
from fellesloft.dialogs import services as dialog_services
from fellesloft.dialogs.models import Statement
from fellesloft.experiments import services as experiment_services
from fellesloft.experiments.models import Experiment, ExperimentTeamMember
from fellesloft.learning.models import DigestPreference, MeetingRegistration, MeetingTask
from fellesloft.measures.models import Measure, MeasureImport
from fellesloft.mission.models import ImportRun
from fellesloft.notifications.models import Kind, Notification
from fellesloft.organisations.models import Membership
from tests.barriers.helpers import report
from tests.dialogs.helpers import make_dialog
from tests.experiments.factories import experiment
from tests.learning.factories import make_meeting
from tests.measures.factories import make_measure


def _contributions(world, user, organisation, mark: str) -> dict:
    """Something of `user`'s in every app, each text carrying `mark`."""
    with set_actor(user):
        barrier = report(world, reporter=user, organisation=organisation, title=f"Barriere {mark}")
    BarrierNote.objects.create(barrier=barrier, author=user, text=f"Notat {mark}")
    Notification.objects.create(recipient=user, kind=Kind.BARRIER, text=f"Varsel {mark}")
    created = experiment(world, title=f"Forsøk {mark}", owner=organisation, by=user)
    experiment_services.experiment_team_member_add(
        experiment=created,
        name=f"Teammedlem {mark}",
        organisation=organisation,
        email=user.email,
        by=world.users["mission_lead"],
    )
    dialog = make_dialog(world, user=user, title=f"Dialog {mark}")
    participant = dialog_services.participant_create(dialog=dialog, user=user).participant
    dialog_services.statement_submit(participant=participant, text=f"Utsagn {mark} om skolen")
    seed = dialog.statements.filter(is_seed=True).first()
    dialog_services.vote_cast(participant=participant, statement_id=seed.pk, value=1)
    meeting = make_meeting(title=f"Samling {mark}")
    MeetingRegistration.objects.create(meeting=meeting, user=user)
    MeetingTask.objects.create(
        meeting=meeting, title=f"Oppgave {mark}", owner=user, due_date=timezone.localdate()
    )
    DigestPreference.objects.create(user=user, is_subscribed=True)
    measure = make_measure(provider=organisation, name=f"Tiltak {mark}")
    Measure.objects.filter(pk=measure.pk).update(created_by=user)
    MeasureImport.objects.create(created_by=user, filename=f"tiltak-{mark}.csv")
    ImportRun.objects.create(source=f"ssb-{mark}", file_format="json", user=user)
    token, _raw = services.api_token_create(user=user, name=f"Nøkkel {mark}")
    AccessLog.objects.create(
        username=user.email,
        ip_address="192.0.2.7",
        user_agent=f"Nettleser {mark}",
        attempt_time=timezone.now(),
    )
    return {"barrier": barrier, "experiment": created, "dialog": dialog, "token": token}


def _download(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("accounts:personal_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_every_link_to_a_user_is_in_some_apps_personal_data():
    """A new model with a link to the user fails here until an app's `PERSONAL_DATA` reports
    its records."""
    user_model = get_user_model()
    links = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and field.related_model is user_model
        and field.concrete
        and not model._meta.auto_created
    }
    covered = personal_data_fields()
    assert links - covered == set(), "links to the user that no PERSONAL_DATA reports"
    assert covered - links == set(), "PERSONAL_DATA names fields that do not exist"


def test_each_apps_parts_of_the_download_have_their_own_keys():
    """A second part under the same key would silently replace the first in the download."""
    for config, module in app_plugins("profile"):
        keys = [part.key for part in getattr(module, "PERSONAL_DATA", ())]
        assert len(keys) == len(set(keys)), config.label


def test_download_holds_the_persons_data_from_every_app_and_nothing_of_others(world, client):
    person, other = world.users["member"], world.users["other_coordinator"]
    _contributions(world, person, world.organisation, "EGEN")
    _contributions(world, other, world.other_organisation, "ANDRE")

    data = _download(client, person)
    text = json.dumps(data, ensure_ascii=False)

    assert data["accounts"]["account"]["email"] == person.email
    for expected in (
        "Barriere EGEN",
        "Notat EGEN",
        "Varsel EGEN",
        "Forsøk EGEN",
        "Teammedlem EGEN",
        "Dialog EGEN",
        "Utsagn EGEN om skolen",
        "Samling EGEN",
        "Oppgave EGEN",
        "Tiltak EGEN",
        "tiltak-EGEN.csv",
        "ssb-EGEN",
        "Nøkkel EGEN",
        "Nettleser EGEN",
        world.organisation.name,
    ):
        assert expected in text, expected
    assert data["learning"]["digest"]["is_subscribed"] is True
    assert data["dialogs"]["votes"][0]["value"] == 1
    # The audit trail: what the person did.
    assert any(entry["object_repr"] == "Barriere EGEN" for entry in data["core"]["audit_log"])
    # Every app with a link to the user has its part.
    for app in ("accounts", "organisations", "mission", "experiments", "barriers", "dialogs"):
        assert app in data
    assert "learning" in data and "measures" in data

    assert "ANDRE" not in text
    assert other.email not in text
    assert world.other_organisation.name not in text
    # The key's hash never leaves the database.
    token = ApiToken.objects.get(user=person)
    assert token.key_hash not in text
    assert data["accounts"]["api_tokens"] == [
        {
            "name": "Nøkkel EGEN",
            "key_hint": token.key_hint,
            "created_at": data["accounts"]["api_tokens"][0]["created_at"],
            "last_used_at": None,
        }
    ]


def test_download_needs_a_login(client, world):
    response = client.get(reverse("accounts:personal_data"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_person_asks_for_deletion_sees_it_pending_and_may_withdraw_it(world, client):
    person = world.users["member"]
    client.force_login(person)
    refused = client.post(reverse("accounts:deletion_request"), {})
    assert refused.status_code == 200
    assert "Kryss av" in refused.content.decode()
    assert not DeletionRequest.objects.exists()

    response = client.post(reverse("accounts:deletion_request"), {"confirm": "on"}, follow=True)
    assert DeletionRequest.objects.filter(user=person).exists()
    page = response.content.decode()
    assert "venter på oppdragslederen" in page
    assert "Trekk tilbake forespørselen" in page
    # Asking again changes nothing.
    assert client.get(reverse("accounts:deletion_request")).status_code == 302

    client.post(reverse("accounts:deletion_withdraw"))
    assert not DeletionRequest.objects.exists()
    assert (
        "Be om at kontoen din slettes" in client.get(reverse("accounts:profile")).content.decode()
    )


def test_the_mission_lead_sees_the_requests(world, client):
    services.user_deletion_request(user=world.users["member"])
    client.force_login(world.users["mission_lead"])
    page = client.get(reverse("accounts:deletion_requests")).content.decode()
    assert world.users["member"].email in page


def _all_audit_text() -> str:
    rows = LogEntry.objects.annotate(as_text=Cast("changes", TextField())).values_list(
        "object_repr", "changes_text", "as_text", "actor_email"
    )
    return " ".join(str(value) for row in rows for value in row)


def test_carrying_out_removes_the_account_keeps_contributions_and_scrubs_the_audit_trail(world):
    person, lead = world.users["member"], world.users["mission_lead"]
    person.full_name = "Kari Sletteberg"
    person.email = "kari.tidligere@test.no"
    with set_actor(person):
        person.save()  # an audit entry about the user itself, naming them
    person.email = "kari@test.no"
    with set_actor(person):
        person.save()  # the earlier address is in this entry only
    other = world.users["other_coordinator"]
    with set_actor(other):
        # Somebody else's entry that only looks like the name must stay as it was.
        report(
            world,
            reporter=other,
            organisation=world.other_organisation,
            title="Om Kari Slettebergs vei",
        )
    made = _contributions(world, person, world.organisation, "EGEN")
    statement = Statement.objects.get(text="Utsagn EGEN om skolen")
    person_client = Client()
    person_client.force_login(person)
    assert Session.objects.count() == 1
    assert person.email in _all_audit_text()
    assert "kari.tidligere@test.no" in _all_audit_text()
    assert LogEntry.objects.filter(actor=person).exists()

    deletion = services.user_deletion_request(user=person)
    lead_client = Client()
    lead_client.force_login(lead)
    url = reverse("accounts:deletion_carry_out", kwargs={"request_id": deletion.pk})
    assert person.email in lead_client.get(url).content.decode()
    response = lead_client.post(url, {"confirm": "on"})
    assert response.status_code == 302

    assert not User.objects.filter(pk=person.pk).exists()
    # What goes with the account.
    assert not Membership.objects.filter(user_id=person.pk).exists()
    assert not ApiToken.objects.filter(pk=made["token"].pk).exists()
    assert not AccessLog.objects.filter(username=person.email).exists()
    assert not Notification.objects.filter(recipient_id=person.pk).exists()
    assert not ExperimentTeamMember.objects.filter(name="Teammedlem EGEN").exists()
    assert not DeletionRequest.objects.exists()
    assert Session.objects.filter(session_key=lead_client.session.session_key).exists()
    assert Session.objects.count() == 1  # only the mission lead's
    assert person_client.get(reverse("accounts:profile")).status_code == 302
    # What stays, attributed to nobody.
    barrier = Barrier.objects.get(pk=made["barrier"].pk)
    assert barrier.reported_by is None
    assert Experiment.objects.get(pk=made["experiment"].pk).created_by is None
    assert BarrierNote.objects.get(text="Notat EGEN").author is None
    assert MeetingTask.objects.get(title="Oppgave EGEN").owner is None
    assert MeasureImport.objects.get(filename="tiltak-EGEN.csv").created_by is None
    assert Statement.objects.filter(pk=statement.pk).exists()
    # The audit trail keeps the entries without the name.
    assert not LogEntry.objects.filter(actor_id=person.pk).exists()
    audit_text = _all_audit_text()
    assert person.email not in audit_text
    assert not re.search(r"Kari Sletteberg(?!s)", audit_text)
    assert "kari.tidligere@test.no" not in audit_text
    assert LogEntry.objects.filter(object_repr="Om Kari Slettebergs vei").exists()
    assert LogEntry.objects.filter(object_repr="Barriere EGEN", actor=None).exists()
    deleted = LogEntry.objects.get(object_repr=services.DELETED_AUDIT_TEXT)
    assert deleted.actor == lead
    lead_client.force_login(lead)
    log_page = lead_client.get(reverse("core:audit_log")).content.decode()
    assert "slettet bruker" in log_page
    assert person.email not in log_page


def test_pages_show_a_deleted_author_as_slettet_bruker(world, client):
    person, lead = world.users["member"], world.users["mission_lead"]
    barrier = report(world, reporter=person)
    BarrierNote.objects.create(barrier=barrier, author=person, text="Notat før sletting")
    deletion = services.user_deletion_request(user=person)
    services.user_delete_on_request(deletion_request=deletion, by=lead)

    client.force_login(lead)
    page = client.get(reverse("barriers:detail", kwargs={"pk": barrier.pk})).content.decode()
    assert "Notat før sletting" in page
    assert "slettet bruker" in page


def test_the_mission_lead_cannot_delete_their_own_account(world):
    lead = world.users["mission_lead"]
    deletion = services.user_deletion_request(user=lead)
    with pytest.raises(ServiceError):
        services.user_delete_on_request(deletion_request=deletion, by=lead)
    assert User.objects.filter(pk=lead.pk).exists()


def test_old_sessions_of_others_are_left_alone(world):
    other = Client()
    other.force_login(world.users["other_coordinator"])
    person = world.users["member"]
    deletion = services.user_deletion_request(user=person)
    services.user_delete_on_request(deletion_request=deletion, by=world.users["mission_lead"])
    assert Session.objects.filter(expire_date__gt=timezone.now() - timedelta(days=1)).count() == 1
