"""Following, notifying the followers, the visibility check when a notification is stored and
again when it is e-mailed, the e-mail choices, and comments with their screening."""

import pytest
from auditlog.models import LogEntry
from django.core import mail

from fellesloft.core.exceptions import ServiceError
from fellesloft.experiments import services as experiments
from fellesloft.experiments.models import ExperimentStatus
from fellesloft.notifications import selectors, services
from fellesloft.notifications.models import Comment, Follow, Kind, Notification
from fellesloft.notifications.tasks import send_notification_emails
from tests.barriers.helpers import report
from tests.experiments.factories import experiment
from tests.notifications.helpers import published_card

pytestmark = pytest.mark.django_db


def test_follow_is_once_per_person_and_object_and_can_be_undone(world):
    other = world.users["other_coordinator"]
    item = experiment(world)
    services.follow_add(user=other, obj=item)
    services.follow_add(user=other, obj=item)
    assert list(selectors.followers_of(item)) == [other]
    assert selectors.is_following(user=other, obj=item)
    assert services.follow_remove(user=other, obj=item) == 1
    assert not Follow.objects.exists()
    assert services.follow_remove(user=other, obj=item) == 0


def test_only_what_the_person_may_see_can_be_followed(world):
    # A held barrier is seen by the reporting organisation and the mission lead only.
    held = report(world, title="Holdt", example="Ring meg på 932 12 345.")
    with pytest.raises(ServiceError) as error:
        services.follow_add(user=world.users["other_coordinator"], obj=held)
    assert error.value.code == "not_visible"
    services.follow_add(user=world.users["member"], obj=held)
    # A kind of object nobody registered cannot be followed at all.
    with pytest.raises(ServiceError) as error:
        services.follow_add(user=world.users["member"], obj=world.organisation)
    assert error.value.code == "not_followable"


def test_followers_hear_of_status_changes_sprints_and_cards_but_not_of_their_own(
    world, django_capture_on_commit_callbacks
):
    lead = world.users["mission_lead"]
    other = world.users["other_coordinator"]
    item = experiment(world, partners=[world.other_organisation])
    services.follow_add(user=other, obj=item)
    services.follow_add(user=lead, obj=item)
    with django_capture_on_commit_callbacks(execute=True):
        experiments.experiment_change_status(
            experiment=item, status=ExperimentStatus.PLANNING, by=lead
        )
    texts = list(Notification.objects.filter(recipient=other).values_list("text", flat=True))
    assert texts == [f"«{item.title}» har fått status «Planlegging»."]
    assert not Notification.objects.filter(recipient=lead).exists()  # the one who changed it
    notification = Notification.objects.get(recipient=other)
    assert notification.kind == Kind.CHANGE and notification.about == item
    assert notification.url == item.get_absolute_url()
    assert [message.to for message in mail.outbox] == [[other.email]]
    # A published learning card reaches those who follow its experiment.
    card = published_card(world, item)
    assert Notification.objects.filter(
        recipient=other, object_id=card.pk, text__contains="har publisert læringskortet"
    ).exists()


def test_a_person_who_can_no_longer_see_the_object_hears_nothing(
    world, django_capture_on_commit_callbacks
):
    lead = world.users["mission_lead"]
    other = world.users["other_coordinator"]  # outside the experiment's team
    card = published_card(world)
    services.follow_add(user=other, obj=card)
    experiments.learning_card_unpublish(card=card, by=lead)  # a draft again: team only
    services.comment_add(author=world.users["member"], about=card, text="Hva lærte dere?")
    assert not Notification.objects.filter(recipient=other).exists()


def test_the_email_asks_again_whether_the_person_may_see_it(
    world, django_capture_on_commit_callbacks
):
    lead = world.users["mission_lead"]
    other = world.users["other_coordinator"]
    card = published_card(world)
    services.follow_add(user=other, obj=card)
    # Stored while the card is public; the e-mail task runs after it was withdrawn.
    with django_capture_on_commit_callbacks(execute=False):
        stored = services.comment_add(author=lead, about=card, text="Godt kort!")
    assert stored and Notification.objects.filter(recipient=other).exists()
    experiments.learning_card_unpublish(card=card, by=lead)
    ids = list(Notification.objects.values_list("pk", flat=True))
    # The team (the owner's coordinator) still sees the draft and gets theirs.
    assert send_notification_emails.call(ids) == 1
    assert [message.to for message in mail.outbox] == [[world.users["coordinator"].email]]
    assert Notification.objects.get(recipient=other).emailed_at is None


def test_the_email_choice_per_kind_is_honoured(world, django_capture_on_commit_callbacks):
    member = world.users["member"]
    assert selectors.email_choices_of(user=member) == dict.fromkeys(Kind.values, True)
    services.email_choices_save(user=member, by_email={Kind.COMMENT: False})
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(users=[member], kind=Kind.COMMENT, text="En kommentar")
        services.notify(users=[member], kind=Kind.CHANGE, text="En endring")
    assert Notification.objects.filter(recipient=member).count() == 2  # both in the centre
    assert [message.subject for message in mail.outbox] == ["Fellesløft: En endring"]
    assert "/varsler/e-post/" in mail.outbox[0].body
    with pytest.raises(ServiceError):
        services.email_choices_save(user=member, by_email={"weekly": True})


def test_a_comment_reaches_the_team_and_followers_and_its_author_follows(
    world, django_capture_on_commit_callbacks
):
    member = world.users["member"]  # in the owner organisation
    coordinator = world.users["coordinator"]  # the owner's coordinator: the team
    other = world.users["other_coordinator"]  # another municipality asks
    item = experiment(world)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_add(
            author=other, about=item, text="  Hvordan fikk dere med NAV?  "
        )
    assert comment.text == "Hvordan fikk dere med NAV?"
    assert list(selectors.comments_on(item)) == [comment]
    assert selectors.is_following(user=other, obj=item)
    notified = set(Notification.objects.values_list("recipient", flat=True))
    assert coordinator.pk in notified and other.pk not in notified
    assert Notification.objects.get(recipient=coordinator).kind == Kind.COMMENT
    assert "kommenterte «Fraværsteam i Vg1»" in Notification.objects.first().text
    # The answer reaches the one who asked (now a follower), not the one who answers.
    Notification.objects.all().delete()
    services.comment_add(author=member, about=item, text="Vi ringte NAV-kontoret.")
    assert set(Notification.objects.values_list("recipient", flat=True)) >= {other.pk}
    assert not Notification.objects.filter(recipient=member).exists()
    assert LogEntry.objects.get_for_object(comment).exists()


def test_a_comment_with_personal_data_is_refused_with_a_clear_message(world):
    item = experiment(world)
    with pytest.raises(ServiceError) as error:
        services.comment_add(
            author=world.users["member"], about=item, text="Ring Ola på 932 12 345."
        )
    assert "personopplysninger (telefonnummer)" in error.value.message
    assert error.value.field == "text"
    with pytest.raises(ServiceError):
        services.comment_add(author=world.users["member"], about=item, text="   ")
    assert not Comment.objects.exists() and not Notification.objects.exists()


def test_comments_only_on_what_may_be_commented_and_seen(world):
    barrier = report(world)
    with pytest.raises(ServiceError) as error:
        services.comment_add(author=world.users["member"], about=barrier, text="Hei")
    assert error.value.code == "not_commentable"
    draft = experiments.learning_card_create(
        experiment=experiment(world),
        title="Utkast",
        hypothesis="h",
        observation="o",
        learning="l",
        decision="d",
        by=world.users["mission_lead"],
    )
    with pytest.raises(ServiceError) as error:
        services.comment_add(author=world.users["other_coordinator"], about=draft, text="Hei")
    assert error.value.code == "not_visible"


def test_the_author_deletes_their_comment_and_the_audit_log_keeps_it(world):
    item = experiment(world)
    member = world.users["member"]
    comment = services.comment_add(author=member, about=item, text="Spørsmål")
    assert member.has_perm("notifications.delete_comment", comment)
    assert not world.users["other_coordinator"].has_perm("notifications.delete_comment", comment)
    assert world.users["mission_lead"].has_perm("notifications.delete_comment", comment)
    pk = comment.pk
    services.comment_delete(comment=comment, by=member)
    assert not Comment.objects.filter(pk=pk).exists()
    assert LogEntry.objects.filter(object_pk=str(pk), action=LogEntry.Action.DELETE).exists()


def test_mark_read_one_and_all(world):
    member = world.users["member"]
    first, second = (
        services.notify(users=[member], kind=Kind.CHANGE, text=text)[0] for text in "ab"
    )
    assert selectors.unread_notification_count(user=member) == 2
    services.notification_mark_read(notification=first)
    assert first.is_read and selectors.unread_notification_count(user=member) == 1
    assert services.notifications_mark_all_read(user=member) == 1
    assert selectors.unread_notification_count(user=member) == 0
