"""The scheduled import from SSB: due after the set number of days, recorded with its
result, a failure changes nothing and is tried again after a day. No test reaches SSB."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from fellesloft.core.exceptions import ServiceError
from fellesloft.mission import fetch, tasks
from fellesloft.mission.models import ImportResult, ImportRun, ImportTrigger, Observation
from fellesloft.operations.scheduler import queue_due_jobs
from tests.mission.test_ssb import FakeSsb, NoWait

pytestmark = pytest.mark.django_db

WEEKLY = override_settings(SSB_IMPORT_EVERY_DAYS=7, SSB_IMPORT_PRESETS=["neet-kommune"])


def _share(region, period):
    return Observation.objects.get(
        indicator__code="neet-andel-15-29", region__code=region, period=period
    ).value


def test_off_by_default_in_tests_and_when_set_to_zero():
    assert tasks.next_import_due() is None
    assert not tasks.is_due()
    assert tasks.run_scheduled_import() == []


@WEEKLY
def test_a_due_import_runs_is_recorded_and_the_next_is_a_week_later():
    assert tasks.is_due()
    lines = tasks.run_scheduled_import(get=FakeSsb(), throttle=NoWait())
    assert lines[0].startswith("neet-kommune: ") and "ble lagret" in lines[0]
    run = ImportRun.objects.get()
    assert run.trigger == ImportTrigger.SCHEDULED and run.result == ImportResult.OK
    assert run.source.startswith("https://data.ssb.no/api/pxwebapi/v2/tables/13556/data?")
    assert _share("5014", "2023") == Decimal("9.8")
    assert not tasks.is_due()
    assert tasks.next_import_due() == run.created_at + timedelta(days=7)
    assert tasks.is_due(now=timezone.now() + timedelta(days=7, minutes=1))
    assert tasks.run_scheduled_import(get=FakeSsb(), throttle=NoWait()) == []  # not due


@WEEKLY
def test_a_failed_import_changes_nothing_says_why_and_is_tried_again_after_a_day():
    before = list(Observation.objects.order_by("pk").values_list("pk", "value", "status"))
    down = FakeSsb(**{"/tables/13556/metadata": ServiceError("Fikk ikke svar fra data.ssb.no")})
    lines = tasks.run_scheduled_import(get=down, throttle=NoWait())
    assert lines == ["neet-kommune: Fikk ikke svar fra data.ssb.no"]
    assert list(Observation.objects.order_by("pk").values_list("pk", "value", "status")) == before
    run = ImportRun.objects.get()
    assert run.result == ImportResult.FAILED and run.message == "Fikk ikke svar fra data.ssb.no"
    assert tasks.next_import_due() == run.created_at + timedelta(days=1)


@WEEKLY
def test_the_clock_queues_the_import_and_it_runs_only_when_due(monkeypatch):
    fake = FakeSsb()
    monkeypatch.setattr(fetch, "fetch", fake)
    now = timezone.now()
    assert "mission.ssb_import" in queue_due_jobs(now)  # the test backend runs it at once
    assert ImportRun.objects.filter(trigger=ImportTrigger.SCHEDULED).count() == 1
    assert "mission.ssb_import" in queue_due_jobs(now + timedelta(hours=1))
    assert ImportRun.objects.count() == 1  # looked, but not due for a week
    assert len([url for url in fake.asked if "/data?" in url]) == 2


@WEEKLY
def test_the_mission_lead_sees_the_last_import_and_the_command_runs_it(client_as, monkeypatch):
    import io

    from django.core.management import call_command
    from django.urls import reverse

    monkeypatch.setattr(fetch, "fetch", FakeSsb())
    out = io.StringIO()
    call_command("indicators", "refresh", stdout=out)
    assert out.getvalue().startswith("neet-kommune: ")
    text = client_as("mission_lead").get(reverse("mission:import")).content.decode()
    assert "hentes automatisk av bakgrunnsarbeideren hver 7. dag" in text
    assert "Manuelt (neet-kommune)" in text and "Fullført" in text
    assert "https://data.ssb.no/api/pxwebapi/v2/tables/13556/data?" in text
    listing = client_as("mission_lead").get(reverse("mission:indicator_list")).content.decode()
    assert "Sist hentet fra SSB:" in listing and "(neet-kommune) – Fullført." in listing
