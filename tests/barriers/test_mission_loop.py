"""Barriers in the mission loop: regional recipients, assessment choices for every category,
the answer's commitment with a follow-up reminder, and similar barriers before a new report."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from fellesloft.barriers import services
from fellesloft.barriers.forms import EscalateForm, ReviewForm
from fellesloft.barriers.models import Assessment, Barrier, Recipient, RecipientKind
from fellesloft.barriers.rules import concerns_rule
from tests.barriers.helpers import category, recipient, report

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
