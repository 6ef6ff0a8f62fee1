"""The barrier's life: reporting with screening, endorsements, the state machine, merging,
notifications in the app and by e-mail, overdue answers."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.utils import timezone

from fellesloft.barriers import selectors, services
from fellesloft.barriers.models import Barrier, Status
from fellesloft.barriers.workflow import TRANSITIONS, allowed_actions, is_allowed
from fellesloft.core.exceptions import ServiceError
from fellesloft.mission.models import NeedTheme
from fellesloft.notifications.models import Kind, Notification
from fellesloft.notifications.services import follow_add
from fellesloft.organisations.models import Sector
from tests.barriers.helpers import category, escalate, recipient, report

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def test_categories_and_recipients_come_from_the_data_migration(world):
    assert category("taushetsplikt-og-informasjonsdeling").name == (
        "Taushetsplikt og informasjonsdeling"
    )
    assert category("ikt-systemer-og-data").order == 8
    assert recipient("statsforvalteren-trondelag").get_kind_display() == "Statsforvalteren"


def test_report_stores_everything_and_starts_as_reported(world):
    sectors = list(Sector.objects.filter(slug__in=["nav", "fylkeskommune"]))
    themes = list(NeedTheme.objects.filter(slug="moter-med-systemet"))
    barrier = report(
        world,
        example="En elev sluttet i oktober; NAV fikk vite det i april.",
        sectors=sectors,
        need_themes=themes,
    )
    barrier.refresh_from_db()
    assert barrier.status == Status.REPORTED
    assert not barrier.is_held
    assert barrier.reported_by == world.users["member"]
    assert set(barrier.sectors.all()) == set(sectors)
    assert list(barrier.need_themes.all()) == themes
    assert barrier.transitions.get().summary == f"Meldt av {world.organisation.name}."


@pytest.mark.parametrize(
    ("example", "what"),
    [
        ("Foreldrene ringte fra 932 12 345 og var fortvilet.", "telefonnummer"),
        ("Skriv til ola.nordmann@example.no for mer.", "e-postadresse"),
    ],
)
def test_personal_data_in_the_example_holds_the_barrier(world, example, what):
    barrier = report(world, example=example)
    assert barrier.is_held
    assert barrier.held_reason == what
    assert not barrier.is_public


def test_a_valid_identity_number_holds_the_barrier(world):
    barrier = report(world, example=f"Ungdommen med nummer {_valid_fnr()} ble kasteball.")
    assert barrier.is_held
    assert barrier.held_reason == "fødselsnummer eller D-nummer"


def _valid_fnr() -> str:
    from stdnum.no import fodselsnummer

    for serial in range(100, 1000):
        base = f"150599{serial}"
        for checks in range(100):
            candidate = f"{base}{checks:02d}"
            if fodselsnummer.is_valid(candidate):
                return candidate
    raise AssertionError("no valid number found")


def test_held_barrier_cannot_be_endorsed_or_moved_until_released(world):
    barrier = report(world, example="Ring 932 12 345.")
    other = world.users["other_coordinator"]
    with pytest.raises(ServiceError):
        services.barrier_endorse(barrier=barrier, organisation=world.other_organisation, user=other)
    lead = world.users["mission_lead"]
    with pytest.raises(ServiceError) as error:
        services.barrier_review(barrier=barrier, actor=lead, assessment="regulation")
    assert error.value.code == "held"
    services.barrier_release(barrier=barrier, actor=lead, example="Foreldrene ringte.")
    barrier.refresh_from_db()
    assert not barrier.is_held and barrier.example == "Foreldrene ringte."
    services.barrier_endorse(barrier=barrier, organisation=world.other_organisation, user=other)
    assert barrier.endorsements.count() == 1


def test_editing_away_the_personal_data_lifts_the_hold_and_adding_it_holds_again(world):
    barrier = report(world, example="Ring 932 12 345.")
    fields = {
        "title": barrier.title,
        "description": barrier.description,
        "level": barrier.level,
        "category": barrier.category,
    }
    barrier = services.barrier_update(barrier=barrier, example="Foreldrene ringte.", **fields)
    assert not barrier.is_held
    barrier = services.barrier_update(barrier=barrier, example="Mail a@b.no", **fields)
    assert barrier.is_held


def test_a_held_barrier_is_sent_to_the_mission_lead_in_the_app_and_by_email(
    world, django_capture_on_commit_callbacks
):
    lead = world.users["mission_lead"]
    with django_capture_on_commit_callbacks(execute=True):
        barrier = report(world, example="Ring 932 12 345.")
    notification = Notification.objects.get()
    assert notification.recipient == lead
    assert "er holdt tilbake" in notification.text and "telefonnummer" in notification.text
    assert notification.url == f"/barrierer/{barrier.pk}/"
    assert notification.kind == Kind.SCREENING and notification.about == barrier
    assert [message.to for message in mail.outbox] == [[lead.email]]
    assert "oppdragsleder" in mail.outbox[0].body
    assert selectors.held_count() == 1
    assert list(selectors.barrier_list(user=lead, held=True)) == [barrier]

    # A barrier that is not held does not bother the mission lead; nor does editing a held one.
    fields = {"title": barrier.title, "description": barrier.description, "level": "national"}
    with django_capture_on_commit_callbacks(execute=True):
        report(world, title="Uten personopplysninger")
        services.barrier_update(
            barrier=barrier, example="Ring 932 12 346.", category=category(), **fields
        )
    assert Notification.objects.count() == 1
    # Editing the data away and back in holds it anew, and the mission lead hears of it again.
    services.barrier_update(
        barrier=barrier, example="Foreldrene ringte.", category=category(), **fields
    )
    services.barrier_update(
        barrier=barrier,
        example="Mail a@b.no",
        category=category(),
        actor=world.users["member"],
        **fields,
    )
    assert Notification.objects.filter(recipient=lead).count() == 2


def test_report_refuses_bad_input_and_saves_nothing(world):
    member = world.users["member"]
    with pytest.raises(ServiceError) as error:
        report(world, title="  ")
    assert error.value.field == "title"
    with pytest.raises(ServiceError) as error:
        report(world, level="kommunal")
    assert error.value.field == "level"
    with pytest.raises(ServiceError) as error:
        report(world, reporter=member, organisation=world.other_organisation)
    assert error.value.message == "Du kan bare melde barrierer for en organisasjon du er medlem av."
    inactive = category("politiske-prioriteringer")
    inactive.is_active = False
    inactive.save()
    with pytest.raises(ServiceError):
        report(world, category=inactive)
    assert not Barrier.objects.exists()


# --- Endorsements ---------------------------------------------------------------------------


def test_endorsement_counts_and_sorts_the_list(world):
    lead = world.users["mission_lead"]
    quiet = report(world, title="Stille barriere")
    popular = report(world, title="Populær barriere")
    services.barrier_endorse(
        barrier=popular,
        organisation=world.other_organisation,
        user=world.users["other_coordinator"],
        comment="Vi møter det samme på Frøya.",
    )
    titles = [b.title for b in selectors.barrier_list(user=lead)]
    assert titles == ["Populær barriere", "Stille barriere"]
    counted = selectors.barrier_list(user=lead).get(pk=popular.pk)
    assert counted.endorsement_count == 1
    assert [b.title for b in selectors.barrier_list(user=lead, sort="nyeste")][0] == (
        quiet.title if quiet.created_at > popular.created_at else popular.title
    )


def test_endorsement_rules(world):
    barrier = report(world)
    other = world.users["other_coordinator"]
    member = world.users["member"]
    with pytest.raises(ServiceError) as error:
        services.barrier_endorse(barrier=barrier, organisation=world.organisation, user=member)
    assert "meldte barrieren selv" in error.value.message
    with pytest.raises(ServiceError) as error:
        services.barrier_endorse(
            barrier=barrier, organisation=world.other_organisation, user=member
        )
    assert error.value.field == "organisation"
    with pytest.raises(ServiceError) as error:
        services.barrier_endorse(
            barrier=barrier,
            organisation=world.other_organisation,
            user=other,
            comment="Ring meg på 932 12 345",
        )
    assert error.value.field == "comment"
    services.barrier_endorse(barrier=barrier, organisation=world.other_organisation, user=other)
    with pytest.raises(ServiceError):
        services.barrier_endorse(barrier=barrier, organisation=world.other_organisation, user=other)
    services.endorsement_withdraw(
        barrier=barrier, organisation=world.other_organisation, user=other
    )
    assert not barrier.endorsements.exists()


# --- The state machine ----------------------------------------------------------------------


def test_the_transition_table_has_the_issues_path_and_final_states():
    path = [
        Status.REPORTED,
        Status.UNDER_REVIEW,
        Status.ESCALATED,
        Status.ANSWERED,
        Status.RESOLVED,
    ]
    for from_status, to_status in zip(path, path[1:], strict=False):
        assert is_allowed(from_status, to_status)
    for final in (Status.RESOLVED, Status.CLOSED, Status.MERGED):
        assert TRANSITIONS[final] == frozenset()
        assert allowed_actions(final) == []
    assert not is_allowed(Status.REPORTED, Status.ESCALATED)
    assert not is_allowed(Status.REPORTED, Status.ANSWERED)
    assert set(TRANSITIONS) == set(Status.values)


def test_full_path_with_audit_and_history(world):
    lead = world.users["mission_lead"]
    barrier = report(world)
    services.barrier_review(barrier=barrier, actor=lead, assessment="regulation", note="Regel.")
    barrier = services.barrier_escalate(
        barrier=barrier,
        actor=lead,
        recipient=recipient("udir"),
        escalated_on=TODAY,
        answer_deadline=TODAY + datetime.timedelta(days=42),
        trial_act_candidate=True,
    )
    assert barrier.is_public and barrier.trial_act_candidate
    barrier = services.barrier_answer(
        barrier=barrier,
        actor=lead,
        outcome="partly",
        text="Udir vil se på veilederen.",
        answered_on=TODAY + datetime.timedelta(days=30),
    )
    barrier = services.barrier_resolve(barrier=barrier, actor=lead, reason="Ny veileder kom.")
    barrier.refresh_from_db()
    assert barrier.status == Status.RESOLVED
    assert barrier.answer_outcome == "partly"
    steps = list(barrier.transitions.values_list("from_status", "to_status"))
    assert steps == [
        ("reported", "reported"),
        ("reported", "under_review"),
        ("under_review", "escalated"),
        ("escalated", "answered"),
        ("answered", "resolved"),
    ]
    assert barrier.notes.get().text == "Regel."
    # Every step is in the audit log as a change of status.
    changes = [
        entry.changes_dict.get("status")
        for entry in LogEntry.objects.get_for_object(barrier).order_by("timestamp", "pk")
        if "status" in entry.changes_dict
    ]
    assert [change[1] for change in changes if change][-4:] == [
        "under_review",
        "escalated",
        "answered",
        "resolved",
    ]


def test_illegal_transition_is_refused_in_norwegian_and_saves_nothing(world):
    lead = world.users["mission_lead"]
    barrier = report(world)
    with pytest.raises(ServiceError) as error:
        services.barrier_answer(barrier=barrier, actor=lead, outcome="yes", text="Ja.")
    assert error.value.message == "En barriere med status «Meldt» kan ikke bli «Besvart»."
    assert error.value.code == "illegal_transition"
    barrier.refresh_from_db()
    assert barrier.status == Status.REPORTED and barrier.answer_text == ""
    assert barrier.transitions.count() == 1
    closed = services.barrier_close(barrier=barrier, actor=lead, reason="Dublett.")
    with pytest.raises(ServiceError):
        services.barrier_review(barrier=closed, actor=lead, assessment="funding")


def test_answer_needs_a_text_and_an_outcome(world):
    lead = world.users["mission_lead"]
    barrier = escalate(report(world), lead)
    with pytest.raises(ServiceError) as error:
        services.barrier_answer(barrier=barrier, actor=lead, outcome="yes", text="   ")
    assert error.value.message == "Skriv inn svarteksten fra mottakeren."
    assert error.value.field == "text"
    with pytest.raises(ServiceError) as error:
        services.barrier_answer(barrier=barrier, actor=lead, outcome="kanskje", text="Tja.")
    assert error.value.field == "outcome"
    barrier.refresh_from_db()
    assert barrier.status == Status.ESCALATED and barrier.answer_outcome == ""


def test_escalation_needs_a_known_recipient_and_a_later_deadline(world):
    lead = world.users["mission_lead"]
    barrier = services.barrier_review(barrier=report(world), actor=lead, assessment="funding")
    with pytest.raises(ServiceError) as error:
        services.barrier_escalate(
            barrier=barrier, actor=lead, recipient=None, answer_deadline=TODAY
        )
    assert error.value.message == "Velg en kjent mottaker fra listen."
    with pytest.raises(ServiceError) as error:
        services.barrier_escalate(
            barrier=barrier,
            actor=lead,
            recipient=recipient(),
            escalated_on=TODAY,
            answer_deadline=TODAY,
        )
    assert error.value.field == "answer_deadline"
    barrier.refresh_from_db()
    assert barrier.status == Status.UNDER_REVIEW and barrier.recipient is None


def test_transition_dispatch_refuses_unknown_actions(world):
    with pytest.raises(ServiceError) as error:
        services.barrier_transition(
            barrier=report(world), actor=world.users["mission_lead"], action="publish"
        )
    assert error.value.code == "unknown_action"


def test_answered_barrier_can_be_escalated_again_as_a_follow_up(world):
    lead = world.users["mission_lead"]
    barrier = escalate(report(world), lead)
    services.barrier_answer(barrier=barrier, actor=lead, outcome="pending", text="Vi ser på det.")
    barrier = escalate(barrier, lead, deadline_days=60)
    assert barrier.status == Status.ESCALATED


# --- Merging --------------------------------------------------------------------------------


def test_merge_moves_endorsements_links_and_reporter(world):
    lead = world.users["mission_lead"]
    other = world.users["other_coordinator"]
    target = report(world, title="Hovedbarrieren")
    duplicate = report(
        world,
        title="Samme barriere fra Frøya",
        reporter=other,
        organisation=world.other_organisation,
        sectors=Sector.objects.filter(slug="helse"),
    )
    services.barrier_endorse(
        barrier=duplicate,
        organisation=world.organisation,
        user=world.users["member"],
        comment="Gjelder oss også.",
    )
    merged = services.barrier_merge(barrier=duplicate, actor=lead, target=target)
    assert merged.status == Status.MERGED and merged.merged_into == target
    assert not duplicate.endorsements.exists()
    # The member's organisation reported the target itself, so its endorsement is dropped;
    # the duplicate's reporting organisation now endorses the target.
    assert list(target.endorsements.values_list("organisation", flat=True)) == [
        world.other_organisation.pk
    ]
    assert target.sectors.filter(slug="helse").exists()
    with pytest.raises(ServiceError):
        services.barrier_merge(barrier=target, actor=lead, target=target)
    with pytest.raises(ServiceError) as error:
        services.barrier_merge(barrier=target, actor=lead, target=merged)
    assert error.value.field == "target"


def test_merge_moves_links_to_experiments_sprints_and_dialogs(world):
    from tests.barriers.test_links import make_experiment_with_sprint

    lead = world.users["mission_lead"]
    experiment, sprint = make_experiment_with_sprint(world)
    target = report(world, title="Hovedbarrieren")
    duplicate = report(world, title="Dublett")
    services.barrier_set_links(barrier=duplicate, sprints=[sprint])
    services.barrier_merge(barrier=duplicate, actor=lead, target=target)
    assert list(target.sprints.all()) == [sprint]
    assert list(target.experiments.all()) == [experiment]
    assert not duplicate.sprints.exists()


# --- Notifications --------------------------------------------------------------------------


def test_each_transition_notifies_reporter_and_endorsers_in_the_app_and_by_email(
    world, django_capture_on_commit_callbacks
):
    lead = world.users["mission_lead"]
    member = world.users["member"]
    other = world.users["other_coordinator"]
    barrier = report(world)
    services.barrier_endorse(barrier=barrier, organisation=world.other_organisation, user=other)
    with django_capture_on_commit_callbacks(execute=True):
        services.barrier_review(barrier=barrier, actor=lead, assessment="regulation")
    texts = {n.recipient: n.text for n in Notification.objects.all()}
    assert set(texts) == {member, other}
    assert "er under vurdering (lov- og regelverk)" in texts[member]
    assert len(mail.outbox) == 2
    assert {message.to[0] for message in mail.outbox} == {member.email, other.email}
    message = next(m for m in mail.outbox if m.to == [member.email])
    assert message.subject.startswith("Fellesløft: «NAV og skolen")
    assert f"/barrierer/{barrier.pk}/" in message.body
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    # The actor is not told about their own step.
    assert not Notification.objects.filter(recipient=lead).exists()


def test_notifications_are_not_sent_when_the_step_fails(world, django_capture_on_commit_callbacks):
    lead = world.users["mission_lead"]
    barrier = report(world)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ServiceError):
        services.barrier_answer(barrier=barrier, actor=lead, outcome="yes", text="")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_merge_notifies_those_who_followed_the_merged_barrier(
    world, django_capture_on_commit_callbacks
):
    lead = world.users["mission_lead"]
    other = world.users["other_coordinator"]
    target = report(world, title="Hovedbarrieren")
    duplicate = report(world, title="Dublett")
    services.barrier_endorse(barrier=duplicate, organisation=world.other_organisation, user=other)
    with django_capture_on_commit_callbacks(execute=True):
        services.barrier_merge(barrier=duplicate, actor=lead, target=target)
    notified = set(Notification.objects.values_list("recipient__email", flat=True))
    assert notified == {world.users["member"].email, other.email}


def test_a_follower_who_chose_follow_hears_of_the_steps_too(
    world, django_capture_on_commit_callbacks
):
    """«Følg» adds to the reporter and the endorsers; each is told once."""
    lead = world.users["mission_lead"]
    member = world.users["member"]
    other = world.users["other_coordinator"]
    barrier = escalate(report(world), lead)
    follow_add(user=other, obj=barrier)
    follow_add(user=member, obj=barrier)  # the reporter as well: still one notification
    Notification.objects.all().delete()  # those of the review and the escalation
    services.barrier_answer(barrier=barrier, actor=lead, outcome="yes", text="Endret.")
    notified = list(Notification.objects.values_list("recipient__email", flat=True))
    assert sorted(notified) == sorted([member.email, other.email])
    assert set(Notification.objects.values_list("kind", flat=True)) == {Kind.BARRIER}


# --- Overdue answers ------------------------------------------------------------------------


def test_overdue_is_computed_on_read(world):
    lead = world.users["mission_lead"]
    overdue = escalate(
        report(world, title="Forfalt"), lead, escalated_days_ago=60, deadline_days=-1
    )
    on_time = escalate(report(world, title="I rute"), lead, escalated_days_ago=5, deadline_days=10)
    assert overdue.is_overdue and not on_time.is_overdue
    assert list(selectors.overdue_barriers()) == [overdue]
    assert [b.title for b in selectors.barrier_list(user=lead, overdue=True)] == ["Forfalt"]
    services.barrier_answer(barrier=overdue, actor=lead, outcome="no", text="Nei.")
    overdue.refresh_from_db()
    assert not overdue.is_overdue
    assert not selectors.overdue_barriers().exists()


def test_overdue_follows_the_calendar(world, monkeypatch):
    lead = world.users["mission_lead"]
    barrier = escalate(report(world), lead, deadline_days=3)
    assert not barrier.is_overdue
    later = timezone.localdate() + datetime.timedelta(days=4)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    assert barrier.is_overdue
    assert selectors.overdue_barriers().get() == barrier
