from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from fellesloft.core.exceptions import ServiceError
from fellesloft.experiments import selectors, services
from fellesloft.experiments.models import (
    Experiment,
    ExperimentStatus,
    ExperimentStatusChange,
    LearningCardStatus,
    Sprint,
    SprintBarrierNote,
    SupportEntry,
)
from tests.experiments.factories import (
    evaluate,
    experiment,
    organisation,
    past_sprint,
    running_experiment,
)

pytestmark = pytest.mark.django_db


# --- Experiments and status -----------------------------------------------------------------


def test_member_creates_experiment_for_own_organisation_only(world):
    item = experiment(world, by=world.users["member"])
    assert item.created_by == world.users["member"]
    assert item.status == ExperimentStatus.IDEA
    with pytest.raises(ServiceError) as error:
        experiment(world, owner=world.other_organisation, by=world.users["member"])
    assert error.value.field == "owner_organisation"
    assert Experiment.objects.count() == 1


def test_free_text_with_personal_data_is_refused(world):
    with pytest.raises(ServiceError) as error:
        services.experiment_create(
            municipality=world.municipality,
            owner_organisation=world.organisation,
            title="Oppfølging av Ola",
            challenge="Ring ham på 912 34 567",
            hypothesis_change="a",
            hypothesis_target_group="b",
            hypothesis_effect="c",
            hypothesis_evidence="d",
            created_by=world.users["mission_lead"],
        )
    assert error.value.field == "challenge"
    assert "telefonnummer" in error.value.message
    assert not Experiment.objects.exists()


def test_experiment_cannot_start_with_one_sector_and_says_why(world):
    lead = world.users["mission_lead"]
    item = experiment(world)
    services.experiment_change_status(experiment=item, status="planning", by=lead)
    with pytest.raises(ServiceError) as error:
        services.experiment_change_status(experiment=item, status="running", by=lead)
    assert error.value.code == "too_few_sectors"
    assert "minst to sektorer" in error.value.message
    item.refresh_from_db()
    assert item.status == ExperimentStatus.PLANNING

    # A person from another sector in the team counts as well.
    nav = organisation("NAV Midtbyen", "nav", world.municipality)
    services.experiment_team_member_add(experiment=item, name="Veileder", organisation=nav, by=lead)
    services.experiment_change_status(experiment=item, status="running", by=lead)
    item.refresh_from_db()
    assert item.status == ExperimentStatus.RUNNING


def test_transition_that_is_not_allowed_is_refused_in_norwegian(world):
    item = experiment(world)
    with pytest.raises(ServiceError) as error:
        services.experiment_change_status(
            experiment=item, status="completed", outcome="scale", by=world.users["mission_lead"]
        )
    assert error.value.message == "Et forsøk med status «Idé» kan ikke få status «Avsluttet»."
    assert not ExperimentStatusChange.objects.exists()


def test_completion_needs_outcome_and_stop_needs_reason(world):
    lead = world.users["mission_lead"]
    item = running_experiment(world)
    with pytest.raises(ServiceError) as error:
        services.experiment_change_status(experiment=item, status="completed", by=lead)
    assert error.value.field == "outcome"
    with pytest.raises(ServiceError) as error:
        services.experiment_change_status(experiment=item, status="stopped", by=lead)
    assert error.value.field == "reason"
    services.experiment_change_status(
        experiment=item, status="completed", outcome="continue", by=lead
    )
    item.refresh_from_db()
    assert (item.status, item.outcome) == ("completed", "continue")
    with pytest.raises(ServiceError):
        services.experiment_change_status(experiment=item, status="stopped", reason="x", by=lead)
    history = list(item.status_changes.values_list("from_status", "to_status", "outcome"))
    assert history == [
        ("idea", "planning", ""),
        ("planning", "running", ""),
        ("running", "completed", "continue"),
    ]


def test_status_change_is_in_the_audit_log_with_the_actor(world):
    lead = world.users["mission_lead"]
    item = running_experiment(world)
    services.experiment_change_status(
        experiment=item, status="stopped", reason="Ingen lokaler", by=lead
    )
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Experiment), object_pk=str(item.pk)
    )
    stopped = [entry for entry in entries if "stopped" in str(entry.changes)]
    assert stopped and stopped[0].actor == lead


def test_removing_the_last_other_sector_from_a_running_experiment_is_refused(world):
    item = running_experiment(world)
    partner = item.partners.get()
    with pytest.raises(ServiceError):
        services.experiment_team_remove(team_row=partner, by=world.users["mission_lead"])
    assert item.partners.count() == 1


def test_removing_the_person_who_brings_the_second_sector_is_refused(world):
    lead = world.users["mission_lead"]
    item = experiment(world)
    # The only other sector comes from a person in the team, not a partner organisation.
    person = services.experiment_team_member_add(
        experiment=item, name="NAV-veileder", organisation=world.other_organisation, by=lead
    )
    services.experiment_change_status(experiment=item, status="planning", by=lead)
    services.experiment_change_status(experiment=item, status="running", by=lead)
    person_pk = person.pk
    with pytest.raises(ServiceError) as error:
        services.experiment_team_remove(team_row=person, by=lead)
    assert error.value.code == "too_few_sectors"
    assert item.team_members.filter(pk=person_pk).exists()


# --- Sprints ---------------------------------------------------------------------------------


def test_sprints_are_numbered_in_order(world):
    item = running_experiment(world)
    first = past_sprint(item, weeks_ago=10)
    second = past_sprint(item, weeks_ago=6)
    assert (first.number, second.number) == (1, 2)


def test_sprint_that_ends_before_it_starts_is_refused(world):
    item = running_experiment(world)
    today = timezone.localdate()
    with pytest.raises(ServiceError) as error:
        services.sprint_create(
            experiment=item, start_date=today, end_date=today - timedelta(days=1), by=None
        )
    assert error.value.message == "Sprinten kan ikke slutte før den starter."
    assert not Sprint.objects.exists()


def test_overlapping_sprint_is_refused(world):
    item = running_experiment(world)
    first = past_sprint(item, weeks_ago=8, length_weeks=4)
    with pytest.raises(ServiceError) as error:
        services.sprint_create(
            experiment=item,
            start_date=first.end_date,
            end_date=first.end_date + timedelta(weeks=3),
            by=None,
        )
    assert error.value.code == "overlap"
    assert "overlapper sprint 1" in error.value.message
    assert Sprint.objects.count() == 1
    # Moving the first sprint onto a later one is refused too.
    second = services.sprint_create(
        experiment=item,
        start_date=first.end_date + timedelta(days=1),
        end_date=first.end_date + timedelta(weeks=3),
        by=None,
    )
    with pytest.raises(ServiceError):
        services.sprint_update(sprint=first, end_date=second.start_date, by=None)


def test_sprint_moved_before_the_one_before_it_is_refused(world):
    item = running_experiment(world)
    first = past_sprint(item, weeks_ago=10, length_weeks=3)
    second = past_sprint(item, weeks_ago=6, length_weeks=3)
    earlier = first.start_date - timedelta(weeks=4)
    with pytest.raises(ServiceError) as error:
        services.sprint_update(
            sprint=second, start_date=earlier, end_date=earlier + timedelta(weeks=2), by=None
        )
    assert error.value.code == "order"
    assert "mellom sprinten før og sprinten etter" in error.value.message
    second.refresh_from_db()
    assert second.start_date > first.end_date
    # Moving within its own gap is fine.
    services.sprint_update(sprint=second, start_date=second.start_date + timedelta(days=1), by=None)


def test_sprint_length_outside_two_to_six_weeks_gives_advice_not_an_error(world):
    today = timezone.localdate()
    assert services.sprint_length_advice(start_date=today, end_date=today + timedelta(days=6))
    assert services.sprint_length_advice(start_date=today, end_date=today + timedelta(weeks=8))
    assert not services.sprint_length_advice(start_date=today, end_date=today + timedelta(days=27))


def test_no_sprints_in_a_stopped_experiment(world):
    lead = world.users["mission_lead"]
    item = running_experiment(world)
    services.experiment_change_status(experiment=item, status="stopped", reason="x", by=lead)
    with pytest.raises(ServiceError) as error:
        past_sprint(item)
    assert error.value.code == "closed"


def test_evaluation_needs_the_three_answers_and_a_decision(world):
    item = running_experiment(world)
    sprint = past_sprint(item)
    with pytest.raises(ServiceError) as error:
        services.sprint_evaluate(
            sprint=sprint,
            by=None,
            what_worked="Mye",
            what_to_adjust=" ",
            what_to_take_forward="Alt",
            act_decision="adopt",
        )
    assert error.value.field == "what_to_adjust"
    with pytest.raises(ServiceError) as error:
        services.sprint_evaluate(
            sprint=sprint,
            by=None,
            what_worked="Mye",
            what_to_adjust="Lite",
            what_to_take_forward="Alt",
            act_decision="maybe",
        )
    assert error.value.field == "act_decision"
    sprint.refresh_from_db()
    assert sprint.evaluated_at is None


def test_barrier_noted_in_an_evaluation_waits_for_the_barriers_app(world):
    item = running_experiment(world)
    sprint = evaluate(past_sprint(item), barrier_note="Taushetsplikten hindrer deling")
    note = SprintBarrierNote.objects.get()
    assert note.sprint == sprint and note.text == "Taushetsplikten hindrer deling"
    assert list(selectors.barrier_notes_open()) == [note]
    services.barrier_note_mark_converted(note=note, reference="/barrierer/1/")
    assert not selectors.barrier_notes_open().exists()
    with pytest.raises(ServiceError):
        services.barrier_note_mark_converted(note=note, reference="/barrierer/2/")


# --- Support hours ---------------------------------------------------------------------------


def _log(world, hours, **kwargs):
    kwargs.setdefault("by", world.users["coordinator"])
    return services.support_entry_log(
        municipality=world.municipality,
        date=timezone.localdate(),
        hours=hours,
        kind="guidance",
        given_by_organisation=world.organisation,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("-2", "Timer må være mer enn null."),
        ("0", "Timer må være mer enn null."),
        ("mange", "Timer må være et tall, for eksempel 1,5."),
        ("NaN", "Timer må være et tall, for eksempel 1,5."),
        ("1,25", "Oppgi timer med høyst én desimal."),
    ],
)
def test_bad_hours_are_refused(world, hours, message):
    with pytest.raises(ServiceError) as error:
        _log(world, hours)
    assert error.value.message == message
    assert not SupportEntry.objects.exists()


def test_hours_accept_a_decimal_comma(world):
    assert _log(world, "1,5").hours == Decimal("1.5")


def test_warning_at_eighty_percent_and_remaining_hours(world):
    _log(world, "39,5")
    status = selectors.support_status(municipality=world.municipality)
    assert (status.used, status.left, status.warning) == (Decimal("39.5"), Decimal("10.5"), False)
    _log(world, "0,5")
    status = selectors.support_status(municipality=world.municipality)
    assert status.percent_used == 80 and status.warning


def test_going_past_the_budget_needs_the_mission_leads_override(world):
    _log(world, "48")
    with pytest.raises(ServiceError) as error:
        _log(world, "3")
    assert error.value.code == "over_budget"
    assert "2 timer igjen av 50" in error.value.message
    with pytest.raises(ServiceError) as error:
        _log(world, "3", override=True, override_reason="Ekstra evaluering")
    assert error.value.code == "forbidden"
    with pytest.raises(ServiceError) as error:
        _log(world, "3", override=True, by=world.users["mission_lead"])
    assert error.value.field == "override_reason"
    assert SupportEntry.objects.count() == 1

    entry = _log(
        world,
        "3",
        override=True,
        override_reason="Ekstra evaluering",
        by=world.users["mission_lead"],
    )
    assert entry.over_budget_override
    status = selectors.support_status(municipality=world.municipality)
    assert status.over_budget and status.left == Decimal("-1")
    log = LogEntry.objects.get_for_object(entry).get()
    assert log.actor == world.users["mission_lead"]
    assert log.changes_dict["over_budget_override"][1] == "True"


def test_only_the_mission_lead_sets_the_budget(world):
    with pytest.raises(ServiceError):
        services.support_budget_set(
            municipality=world.municipality, hours="80", by=world.users["coordinator"]
        )
    services.support_budget_set(
        municipality=world.municipality, hours="80", by=world.users["mission_lead"]
    )
    assert selectors.support_status(municipality=world.municipality).budget == Decimal("80")
    with pytest.raises(ServiceError):
        services.support_budget_set(
            municipality=world.municipality, hours="-1", by=world.users["mission_lead"]
        )


# --- Learning cards --------------------------------------------------------------------------


def test_published_cards_are_shared_across_municipalities(world):
    lead = world.users["mission_lead"]
    trondheim = experiment(world)
    froya = experiment(
        world,
        title="Møteplass",
        owner=world.other_organisation,
        municipality=world.other_municipality,
    )
    cards = []
    for item in (trondheim, froya):
        cards.append(
            services.learning_card_create(
                experiment=item,
                title=f"Læring fra {item.title}",
                hypothesis="h",
                observation="o",
                learning="l",
                decision="d",
                by=lead,
            )
        )
    assert not selectors.published_learning_cards().exists()
    for card in cards:
        services.learning_card_publish(card=card, by=lead)
    assert set(selectors.published_learning_cards()) == set(cards)
    assert list(selectors.published_learning_cards(municipality=world.other_municipality)) == [
        cards[1]
    ]
    services.learning_card_unpublish(card=cards[0], by=lead)
    cards[0].refresh_from_db()
    assert cards[0].status == LearningCardStatus.DRAFT
    with pytest.raises(ServiceError):
        services.learning_card_unpublish(card=cards[0], by=lead)


def test_learning_card_with_an_email_is_refused(world):
    with pytest.raises(ServiceError) as error:
        services.learning_card_create(
            experiment=experiment(world),
            title="Kort",
            hypothesis="h",
            observation="Kontakt kari@example.no",
            learning="l",
            decision="d",
            by=None,
        )
    assert error.value.field == "observation"
