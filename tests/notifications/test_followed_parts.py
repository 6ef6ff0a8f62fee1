"""The changes each part tells its followers of: dialogs (opened, closed, results published)
and sprints (new, evaluated)."""

import pytest
from django.utils import timezone

from fellesloft.dialogs import services as dialogs
from fellesloft.notifications import services
from fellesloft.notifications.models import Notification
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
