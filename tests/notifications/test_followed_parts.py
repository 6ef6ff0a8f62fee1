"""The changes each part tells its followers of: dialogs (opened, closed, results published)
and sprints (new, evaluated)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fellesloft.dialogs import services as dialogs
from fellesloft.notifications import services
from fellesloft.notifications.models import Notification
from fellesloft.operations.scheduler import queue_due_jobs
from tests.dialogs.helpers import make_dialog
from tests.experiments.factories import evaluate, past_sprint, running_experiment

pytestmark = pytest.mark.django_db


def test_dialog_followers_hear_of_closing_while_they_may_see_it(world):
    dialog = make_dialog(world)
    moderator_like = world.users["member"]  # a facilitator: the dialog's organisation
    outsider = world.users["other_coordinator"]
    services.follow_add(user=moderator_like, obj=dialog)
    services.follow_add(user=outsider, obj=dialog)
    dialogs.dialog_close(dialog=dialog)
    # Closed with private results: only those who may still see it hear of it.
    texts = {n.recipient_id: n.text for n in Notification.objects.all()}
    assert texts == {moderator_like.pk: f"Dialogen «{dialog.title}» er stengt."}
    assert Notification.objects.get().url == f"/dialoger/{dialog.slug}/"
    dialogs.dialog_update(dialog=dialog, results_public=True)
    published = Notification.objects.filter(text__contains="Resultatene fra dialogen")
    assert set(published.values_list("recipient_id", flat=True)) == {
        moderator_like.pk,
        outsider.pk,
    }


def test_dialog_followers_hear_when_it_opens(world):
    dialog = make_dialog(world, opens_at=timezone.now() + timezone.timedelta(days=2))
    services.follow_add(user=world.users["member"], obj=dialog)
    dialogs.dialog_update(dialog=dialog, opens_at=timezone.now() - timezone.timedelta(minutes=1))
    assert Notification.objects.get().text == f"Dialogen «{dialog.title}» er åpnet."


def test_followers_hear_when_a_dialog_opens_and_closes_because_its_time_came(world):
    now = timezone.now()
    dialog = make_dialog(
        world, opens_at=now + timedelta(hours=1), closes_at=now + timedelta(days=3)
    )
    services.follow_add(user=world.users["member"], obj=dialog)
    assert dialogs.dialogs_announce_opening_and_closing(now) == 0
    assert not Notification.objects.exists()
    opened = now + timedelta(hours=2)
    assert dialogs.dialogs_announce_opening_and_closing(opened) == 1
    assert dialogs.dialogs_announce_opening_and_closing(opened) == 0  # told once
    closed = now + timedelta(days=4)
    assert dialogs.dialogs_announce_opening_and_closing(closed) == 1
    assert dialogs.dialogs_announce_opening_and_closing(closed) == 0
    assert list(Notification.objects.order_by("pk").values_list("text", flat=True)) == [
        f"Dialogen «{dialog.title}» er åpnet.",
        f"Dialogen «{dialog.title}» er stengt.",
    ]


def test_the_clock_announces_a_dialog_once_even_after_a_person_opened_it(world):
    dialog = make_dialog(world, opens_at=timezone.now() + timedelta(days=2))
    services.follow_add(user=world.users["member"], obj=dialog)
    dialogs.dialog_update(dialog=dialog, opens_at=timezone.now() - timedelta(minutes=1))
    assert dialogs.dialogs_announce_opening_and_closing() == 0
    assert "dialogs.announce_opening_and_closing" in queue_due_jobs()
    assert Notification.objects.count() == 1


def test_a_dialog_open_from_the_start_is_not_announced(world):
    dialog = make_dialog(world)
    services.follow_add(user=world.users["member"], obj=dialog)
    assert dialogs.dialogs_announce_opening_and_closing() == 0
    assert not Notification.objects.exists()


def test_experiment_followers_hear_of_new_and_evaluated_sprints(world):
    item = running_experiment(world)
    follower = world.users["other_coordinator"]
    services.follow_add(user=follower, obj=item)
    evaluate(past_sprint(item, by=world.users["member"]), by=world.users["member"])
    texts = list(
        Notification.objects.filter(recipient=follower)
        .order_by("pk")
        .values_list("text", flat=True)
    )
    assert texts[0].startswith(f"«{item.title}» har startet sprint 1 (")
    assert texts[1] == f"Sprint 1 i «{item.title}» er evaluert: juster."


def test_facilitators_are_reminded_once_of_statements_that_waited_too_long(world):
    now = timezone.now()
    dialog = make_dialog(world, moderation_reminder_hours=24, seeds=())
    participant = dialogs.participant_create(dialog=dialog).participant
    dialogs.statement_submit(participant=participant, text="Mer praksis i skolen", now=now)
    assert dialogs.dialogs_remind_moderators(now + timedelta(hours=23)) == 0
    later = now + timedelta(hours=25)
    assert dialogs.dialogs_remind_moderators(later) == 1
    assert dialogs.dialogs_remind_moderators(later + timedelta(hours=1)) == 0  # once a day
    reminded = Notification.objects.filter(kind="moderation")
    # The members of the dialog's organisation, not the other organisation's.
    assert set(reminded.values_list("recipient__email", flat=True)) == {
        world.users["member"].email,
        world.users["coordinator"].email,
    }
    assert reminded.first().text == (
        f"1 utsagn i «{dialog.title}» har ventet mer enn 24 timer på moderering."
    )
    assert reminded.first().url == f"/dialoger/{dialog.slug}/moderering/"
    assert dialogs.dialogs_remind_moderators(later + timedelta(hours=25)) == 1  # still waiting
    # No reminders where the facilitators turned them off.
    quiet = make_dialog(world, title="Uten påminnelser", moderation_reminder_hours=None, seeds=())
    dialogs.statement_submit(
        participant=dialogs.participant_create(dialog=quiet).participant,
        text="Gratis busskort",
        now=now,
    )
    assert dialogs.dialogs_remind_moderators(later + timedelta(hours=50)) == 1  # the first only


def test_the_reminder_check_reads_the_waiting_statements_in_one_query(
    world, django_assert_max_num_queries
):
    """Many open dialogs with statements waiting but none due: the clock's hourly look costs
    the same few queries whatever their number."""
    now = timezone.now()
    for number in range(5):
        dialog = make_dialog(
            world, title=f"Dialog {number}", moderation_reminder_hours=24, seeds=()
        )
        dialogs.statement_submit(
            participant=dialogs.participant_create(dialog=dialog).participant,
            text="Mer praksis i skolen",
            now=now,
        )
    with django_assert_max_num_queries(2):
        assert dialogs.dialogs_remind_moderators(now + timedelta(hours=1)) == 0
