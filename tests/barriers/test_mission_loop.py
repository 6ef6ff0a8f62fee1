"""Barriers in the mission loop: regional recipients, assessment choices for every category,
the answer's commitment with a follow-up reminder, and similar barriers before a new report."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from fellesloft.barriers import selectors, services
from fellesloft.barriers.forms import EscalateForm, ReviewForm
from fellesloft.barriers.models import Assessment, Barrier, Recipient, RecipientKind
from fellesloft.barriers.rules import concerns_rule
from fellesloft.core.exceptions import ServiceError
from fellesloft.notifications.models import Kind, Notification
from fellesloft.operations.scheduler import queue_due_jobs
from tests.barriers.helpers import category, escalate, recipient, report

pytestmark = pytest.mark.django_db

REGIONAL = ("trondelag-fylkeskommune", "nav-trondelag", "statsforvalteren-trondelag")


def test_the_regional_level_is_among_the_recipients(world):
    assert recipient("trondelag-fylkeskommune").kind == RecipientKind.REGIONAL
    assert recipient("nav-trondelag").get_kind_display() == "Regionalt nivå"
    assert recipient("statsforvalteren-trondelag").kind == RecipientKind.STATE_ADMINISTRATOR
    choices = set(EscalateForm().fields["recipient"].queryset.values_list("slug", flat=True))
    assert set(REGIONAL) <= choices
    assert {"aid", "arbeids-og-velferdsdirektoratet"} <= choices


def test_the_migration_adds_missing_regional_recipients_once(world):
    migration = importlib.import_module(
        "fellesloft.barriers.migrations.0006_regional_recipients_and_assessment_choices"
    )
    recipient("aid")
    Recipient.objects.filter(slug="nav-trondelag").delete()
    migration.add_regional_recipients(apps, None)
    migration.add_regional_recipients(apps, None)
    assert Recipient.objects.filter(slug__in=REGIONAL).count() == 3
    assert Recipient.objects.get(slug="nav-trondelag").name == "NAV Trøndelag"


def test_a_barrier_can_be_escalated_to_the_county(world):
    lead = world.users["mission_lead"]
    barrier = report(world)
    barrier = services.barrier_review(barrier=barrier, actor=lead, assessment="ict_and_data")
    today = timezone.localdate()
    barrier = services.barrier_escalate(
        barrier=barrier,
        actor=lead,
        recipient=recipient("trondelag-fylkeskommune"),
        escalated_on=today,
        answer_deadline=today + datetime.timedelta(days=30),
    )
    assert barrier.recipient.name == "Trøndelag fylkeskommune"


def test_assessment_choices_fit_ict_and_organisation_and_keep_the_old_values():
    values = set(Assessment.values)
    assert {"local_practice", "regulation", "funding"} <= values
    assert "IKT-systemer og datadeling" in Assessment.labels
    assert "Organisering og finansiering" in Assessment.labels
    assert len(ReviewForm().fields["assessment"].choices) == len(Assessment.choices)


def test_review_accepts_the_new_choices_and_confidentiality_concerns_a_rule(world):
    lead = world.users["mission_lead"]
    ict = category("ikt-systemer-og-data")
    barrier = report(world, category=ict)
    barrier = services.barrier_review(barrier=barrier, actor=lead, assessment="ict_and_data")
    assert barrier.get_assessment_display() == "IKT-systemer og datadeling"
    assert "ikt-systemer og datadeling" in barrier.transitions.last().summary
    assert not concerns_rule(lead, barrier)
    other = report(world, title="Skolen og helsestasjonen kan ikke dele", category=ict)
    other = services.barrier_review(barrier=other, actor=lead, assessment="confidentiality")
    assert concerns_rule(lead, other)
    assert list(concerns_rule.filter(Barrier.objects.all(), lead)) == [other]


# --- The answer's commitment and the follow-up reminder ------------------------------------


def _answered(world, *, follow_up_on=None, commitment="Departementet lager et rundskriv."):
    lead = world.users["mission_lead"]
    barrier = escalate(report(world), lead)
    return services.barrier_answer(
        barrier=barrier,
        actor=lead,
        outcome="partly",
        text="Vi ser på saken.",
        commitment=commitment,
        follow_up_on=follow_up_on,
    )


def _reminders(barrier):
    return Notification.objects.filter(
        kind=Kind.BARRIER, object_id=barrier.pk, text__startswith="Tid for å følge opp"
    )


def test_the_answer_keeps_the_commitment_and_the_follow_up_date(world, client_as):
    follow_up = timezone.localdate() + datetime.timedelta(days=14)
    barrier = _answered(world, follow_up_on=follow_up)
    barrier.refresh_from_db()
    assert barrier.commitment == "Departementet lager et rundskriv."
    assert barrier.follow_up_on == follow_up
    page = client_as("member").get(reverse("barriers:detail", args=[barrier.pk]))
    html = page.content.decode()
    assert "Forpliktelse" in html and "Departementet lager et rundskriv." in html
    assert "Følges opp" in html


def test_the_follow_up_date_cannot_be_in_the_past(world):
    with pytest.raises(ServiceError) as error:
        _answered(world, follow_up_on=timezone.localdate() - datetime.timedelta(days=1))
    assert error.value.field == "follow_up_on"


def test_the_answer_form_takes_commitment_and_follow_up(world, client_as):
    lead = world.users["mission_lead"]
    barrier = escalate(report(world), lead)
    follow_up = timezone.localdate() + datetime.timedelta(days=7)
    response = client_as("mission_lead").post(
        reverse("barriers:transition", args=[barrier.pk, "answer"]),
        {
            "outcome": "yes",
            "text": "Ja.",
            "answered_on": timezone.localdate().isoformat(),
            "commitment": "Endrer forskriften innen sommeren.",
            "follow_up_on": follow_up.isoformat(),
        },
    )
    assert response.status_code == 302
    barrier.refresh_from_db()
    assert barrier.commitment == "Endrer forskriften innen sommeren."
    assert barrier.follow_up_on == follow_up


def test_reminder_is_sent_on_the_date_once_to_the_organisation_and_the_mission_lead(world):
    today = timezone.localdate()
    follow_up = today + datetime.timedelta(days=3)
    barrier = _answered(world, follow_up_on=follow_up)
    assert services.barrier_follow_up_reminders(follow_up - datetime.timedelta(days=1)) == 0
    assert not _reminders(barrier).exists()
    assert services.barrier_follow_up_reminders(follow_up) == 1
    recipients = set(_reminders(barrier).values_list("recipient", flat=True))
    assert world.users["member"].pk in recipients
    assert world.users["mission_lead"].pk in recipients
    assert world.users["other_coordinator"].pk not in recipients
    assert "Departementet lager et rundskriv." in _reminders(barrier).first().text
    count = _reminders(barrier).count()
    assert services.barrier_follow_up_reminders(follow_up + datetime.timedelta(days=1)) == 0
    assert _reminders(barrier).count() == count
    barrier.refresh_from_db()
    assert barrier.follow_up_reminded_at is not None


def test_reminder_only_for_answered_barriers_with_a_date(world):
    lead = world.users["mission_lead"]
    today = timezone.localdate()
    without_date = _answered(world, follow_up_on=None)
    resolved = _answered(world, follow_up_on=today)
    services.barrier_resolve(barrier=resolved, actor=lead, reason="Rundskrivet kom.")
    assert services.barrier_follow_up_reminders(today + datetime.timedelta(days=30)) == 0
    assert not _reminders(without_date).exists()
    assert not _reminders(resolved).exists()


def test_the_clock_queues_the_reminders_once_an_hour_and_they_send_what_is_due(world):
    barrier = _answered(world, follow_up_on=timezone.localdate())
    now = timezone.now()
    assert "barriers.follow_up_reminders" in queue_due_jobs(now)
    assert _reminders(barrier).count() >= 1
    sent = _reminders(barrier).count()
    job = "barriers.follow_up_reminders"
    assert job not in queue_due_jobs(now + datetime.timedelta(minutes=59))
    assert job in queue_due_jobs(now + datetime.timedelta(hours=1))
    assert _reminders(barrier).count() == sent  # each reminder once


# --- Similar barriers before a new report -----------------------------------------------------

SIMILAR_TITLE = "Skolen og NAV kan ikke dele opplysninger om elever som slutter"


def _form_data(world, **fields):
    data = {
        "organisation": world.other_organisation.pk,
        "title": SIMILAR_TITLE,
        "description": "Taushetsplikten hindrer skolen i å varsle NAV når elever slutter.",
        "level": "national",
        "category": category().pk,
    }
    data.update(fields)
    return data


def test_a_similar_open_barrier_is_suggested_before_saving(world, client_as):
    existing = report(world)
    client = client_as("other_coordinator")
    response = client.post(reverse("barriers:create"), _form_data(world))
    assert response.status_code == 200
    assert list(response.context["similar"]) == [existing]
    html = response.content.decode()
    assert "Gjelder oss også" in html and f"/{existing.pk}/#gjelder-oss" in html
    assert "Nei, meld den likevel" in html
    assert Barrier.objects.count() == 1


def test_meld_likevel_saves_the_new_barrier(world, client_as):
    report(world)
    client = client_as("other_coordinator")
    response = client.post(reverse("barriers:create"), _form_data(world, meld_likevel="1"))
    assert response.status_code == 302
    assert Barrier.objects.filter(reporting_organisation=world.other_organisation).count() == 1


def test_unrelated_text_is_saved_without_suggestions(world, client_as):
    report(world)
    client = client_as("other_coordinator")
    response = client.post(
        reverse("barriers:create"),
        _form_data(
            world,
            title="Bussrutene passer ikke med arbeidstiden på fritidsklubben",
            description="Ungdommene på bygda kommer seg ikke hjem etter klubbkvelden.",
        ),
    )
    assert response.status_code == 302
    assert Barrier.objects.count() == 2


def test_only_barriers_the_user_may_see_are_suggested(world):
    held = report(world, example="Ring meg på 932 12 345.")
    assert held.is_held
    other = world.users["other_coordinator"]
    assert not selectors.similar_open_barriers(
        user=other, title=SIMILAR_TITLE, description="elever slutter taushetsplikten"
    )
    lead = world.users["mission_lead"]
    assert selectors.similar_open_barriers(
        user=lead, title=SIMILAR_TITLE, description="elever slutter taushetsplikten"
    ) == [held]


def test_inflected_forms_of_the_same_words_are_alike(world):
    """The comparison stems words as the search does: «eleven slutter» and «elevene sluttet»
    share their words."""
    existing = report(world)
    lead = world.users["mission_lead"]
    assert selectors.similar_open_barriers(
        user=lead,
        title="Skolene mangler opplysningene om eleven",
        description="Taushetsplikta stopper skolene",
    ) == [existing]
