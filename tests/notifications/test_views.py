"""The notification centre, the header's unread count, «Følg» and comments on the pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fellesloft.notifications import selectors, services
from fellesloft.notifications.context_processors import UnreadNotifications
from fellesloft.notifications.models import Comment, Kind, Notification
from tests.barriers.helpers import report
from tests.experiments.factories import experiment
from tests.notifications.helpers import published_card

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_header_shows_the_unread_count_in_words_with_one_query(world, client_as):
    member = world.users["member"]
    services.notify(users=[member] * 1, kind=Kind.CHANGE, text="Første")
    services.notify(users=[member], kind=Kind.CHANGE, text="Andre")
    services.notify(users=[member], kind=Kind.CHANGE, text="Tredje")
    services.notification_mark_read(notification=Notification.objects.get(text="Første"))
    client = client_as("member")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:home"))
    assert "Varsler (2 uleste)" in _text(response)
    about_notifications = [q for q in queries if "notifications_notification" in q["sql"]]
    assert len(about_notifications) == 1
    # Asked twice on a page, it is still one query; a visitor's header asks nothing.
    counter = UnreadNotifications(member)
    with CaptureQueriesContext(connection) as queries:
        assert (counter.count, counter.count) == (2, 2)
    assert len(queries) == 1
    services.notifications_mark_all_read(user=member)
    assert "Varsler (1 ulest)" not in _text(client.get(reverse("core:home")))
    services.notify(users=[member], kind=Kind.CHANGE, text="Fjerde")
    assert "Varsler (1 ulest)" in _text(client.get(reverse("core:home")))
    with CaptureQueriesContext(connection) as queries:
        page = client_as("anonymous").get(reverse("core:home"))
    assert "Varsler" not in _text(page)
    assert not [q for q in queries if "notifications_notification" in q["sql"]]


def test_the_centre_lists_mine_newest_first_marks_unread_and_pages(world, client_as):
    member = world.users["member"]
    for number in range(31):
        services.notify(users=[member], kind=Kind.CHANGE, text=f"Varsel nummer {number}")
    services.notify(users=[world.users["coordinator"]], kind=Kind.CHANGE, text="Ikke ditt")
    client = client_as("member")
    page = _text(client.get(reverse("notifications:list")))
    assert page.index("Varsel nummer 30") < page.index("Varsel nummer 29")
    assert "Ikke ditt" not in page and "Varsel nummer 0 " not in page
    assert page.count("Ulest") == 30
    assert "Varsel nummer 0" in _text(client.get(reverse("notifications:list") + "?side=2"))
    one = Notification.objects.get(text="Varsel nummer 5")
    response = client.post(reverse("notifications:read", args=[one.pk]))
    assert response["Location"] == reverse("notifications:list")
    one.refresh_from_db()
    assert one.is_read
    client.post(reverse("notifications:read_all"))
    assert selectors.unread_notification_count(user=member) == 0


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(world, client_as):
    item = experiment(world)
    other = world.users["other_coordinator"]
    services.follow_add(user=other, obj=item)
    services.comment_add(author=world.users["member"], about=item, text="Nytt møte i mai.")
    notification = Notification.objects.get(recipient=other)
    response = client_as("other_coordinator").post(
        reverse("notifications:open", args=[notification.pk])
    )
    assert response["Location"] == item.get_absolute_url()
    notification.refresh_from_db()
    assert notification.is_read
    # Someone else's: as if it did not exist.
    response = client_as("member").post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 404


def test_email_choices_page_saves_each_kind(world, client_as):
    client = client_as("member")
    page = _text(client.get(reverse("notifications:email_choices")))
    assert "Kommentarer på noe jeg følger" in page
    response = client.post(
        reverse("notifications:email_choices"), {Kind.CHANGE: "on", Kind.BARRIER: "on"}
    )
    assert response.status_code == 302
    assert selectors.email_choices_of(user=world.users["member"]) == {
        Kind.CHANGE: True,
        Kind.COMMENT: False,
        Kind.BARRIER: True,
        Kind.SCREENING: False,
        Kind.MODERATION: False,
    }


def test_follow_button_on_the_pages_and_the_post_toggles(world, client_as):
    item = experiment(world)
    barrier = report(world)
    card = published_card(world, item)
    client = client_as("other_coordinator")
    for obj, key in [
        (item, ("experiments", "experiment")),
        (barrier, ("barriers", "barrier")),
        (card, ("experiments", "learningcard")),
    ]:
        url = (
            reverse("barriers:detail", args=[obj.pk]) if obj is barrier else obj.get_absolute_url()
        )
        assert ">Følg" in client.get(url).content.decode()
        follow = reverse("notifications:follow", args=[*key, obj.pk])
        response = client.post(follow, {"next": url})
        assert response["Location"] == url
        assert selectors.is_following(user=world.users["other_coordinator"], obj=obj)
        assert "Følger" in _text(client.get(url))
        client.post(reverse("notifications:unfollow", args=[*key, obj.pk]), {"next": url})
        assert not selectors.is_following(user=world.users["other_coordinator"], obj=obj)
    # An address to somewhere else is not followed back.
    response = client.post(
        reverse("notifications:follow", args=["experiments", "experiment", item.pk]),
        {"next": "https://example.com/"},
    )
    assert response["Location"] == item.get_absolute_url()
    # Visitors see no button (and a post sends them to log in).
    assert ">Følg" not in client_as("anonymous").get(card.get_absolute_url()).content.decode()


def test_comments_on_the_card_page_and_a_refused_one_keeps_its_text(world, client_as):
    card = published_card(world)
    client = client_as("other_coordinator")
    page = _text(client.get(card.get_absolute_url()))
    assert "Kommentarer og spørsmål" in page and "Ingen kommentarer ennå." in page
    add = reverse("notifications:comment_add", args=["experiments", "learningcard", card.pk])
    response = client.post(add, {"text": "Ring meg på 932 12 345, så forteller jeg."})
    assert response.status_code == 200
    refused = _text(response)
    assert "personopplysninger (telefonnummer)" in refused
    assert "Ring meg på 932 12 345" in response.content.decode()
    assert not Comment.objects.exists()
    response = client.post(add, {"text": "Hvor lenge varte sprintene?"})
    comment = Comment.objects.get()
    assert response["Location"] == f"{card.get_absolute_url()}#kommentar-{comment.pk}"
    page = client.get(card.get_absolute_url()).content.decode()
    assert "Hvor lenge varte sprintene?" in page and "Slett kommentaren" in page
    # Someone else sees it but may not delete it; a visitor sees it and is asked to log in.
    assert (
        "Slett kommentaren" not in client_as("member").get(card.get_absolute_url()).content.decode()
    )
    visitor = _text(client_as("anonymous").get(card.get_absolute_url()))
    assert "Hvor lenge varte sprintene?" in visitor and "Logg inn for å kommentere" in visitor
    client = client_as("other_coordinator")
    client.post(reverse("notifications:comment_delete", args=[comment.pk]))
    assert not Comment.objects.exists()
