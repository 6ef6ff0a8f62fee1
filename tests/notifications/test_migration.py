"""The barriers' own notifications become notifications of the centre (notifications 0002),
before barriers 0004 drops their table."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from fellesloft.notifications.models import Kind, Notification
from tests.barriers.helpers import report

BEFORE = [("barriers", "0003_links_to_experiments_and_dialogs"), ("notifications", "0001_initial")]
AFTER = [("barriers", "0004_notifications_moved_to_the_notifications_app")]


@pytest.mark.django_db(transaction=True)
def test_the_barrier_notifications_are_copied_to_the_centre(world):
    barrier = report(world, title="Kopieres")
    member, lead = world.users["member"], world.users["mission_lead"]
    Notification.objects.all().delete()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps.get_model("barriers", "Notification")
        written = timezone.now() - timezone.timedelta(days=3)
        old.objects.create(
            recipient_id=member.pk,
            text="«Kopieres» er under vurdering.",
            link=f"/barrierer/{barrier.pk}/",
            is_read=True,
            emailed_at=written,
            created_at=written,
        )
        old.objects.create(
            recipient_id=lead.pk,
            text="«Kopieres» fra X er holdt tilbake fordi …",
            link=f"/barrierer/{barrier.pk}/",
        )
        old.objects.create(recipient_id=member.pk, text="Uten lenke", link="")
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
    read = Notification.objects.get(recipient=member, text__startswith="«Kopieres»")
    assert read.kind == Kind.BARRIER and read.about == barrier and read.is_read
    assert read.url == f"/barrierer/{barrier.pk}/"
    assert read.created_at == written and read.emailed_at == written
    held = Notification.objects.get(recipient=lead)
    assert held.kind == Kind.SCREENING and not held.is_read and held.about == barrier
    plain = Notification.objects.get(text="Uten lenke")
    assert plain.about is None and plain.url == ""
