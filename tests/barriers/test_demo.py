from io import StringIO

import pytest

from fellesloft.barriers import demo
from fellesloft.barriers.models import Barrier, BarrierTheme, Status, TrialApplication
from fellesloft.notifications.models import Notification
from fellesloft.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


def test_demo_adds_barriers_at_every_stage_and_can_run_again(reference_data):
    organisations_demo.load(stdout=StringIO())
    demo.load(stdout=StringIO())
    statuses = set(Barrier.objects.values_list("status", flat=True))
    assert {
        Status.REPORTED,
        Status.UNDER_REVIEW,
        Status.ESCALATED,
        Status.ANSWERED,
        Status.RESOLVED,
    } <= statuses
    count = Barrier.objects.count()
    assert Barrier.objects.filter(is_held=True).count() == 1
    assert any(barrier.is_overdue for barrier in Barrier.objects.all())
    assert Barrier.objects.filter(title__contains="NAV og oppfølgingstjenesten").exists()
    assert Barrier.objects.filter(title__contains="ett sektorbudsjett").get().answer_outcome
    assert BarrierTheme.objects.count() == 2
    assert Notification.objects.filter(recipient__email="medlem.trondheim@demo.fellesloft.no")
    # One barrier has a drafted trial application whose preliminary step is sent.
    application = TrialApplication.objects.get()
    assert application.preliminary_status == "sent"
    assert application.deviations.count() == 2
    demo.load(stdout=StringIO())
    assert Barrier.objects.count() == count
    assert TrialApplication.objects.count() == 1


def test_demo_skips_without_the_demo_users(reference_data):
    out = StringIO()
    demo.load(stdout=out)
    assert "hopper over" in out.getvalue()
    assert not Barrier.objects.exists()
