"""`GET /api/v1/me/notifications` and `POST /api/v1/me/notifications/{id}/read`, with an API
key or the session."""

import pytest
from django.urls import reverse

from fellesloft.accounts.services import api_token_create
from fellesloft.notifications import services
from fellesloft.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def test_my_notifications_with_an_api_key_newest_first_and_marked_read(world, client):
    member = world.users["member"]
    services.notify(users=[member], kind=Kind.CHANGE, text="Eldst", url="/forsok/")
    services.notify(users=[member], kind=Kind.COMMENT, text="Nyest")
    services.notify(users=[world.users["coordinator"]], kind=Kind.CHANGE, text="Ikke mitt")
    _token, key = api_token_create(user=member, name="Integrasjon")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    listed = client.get(reverse("api:me_notifications"), **auth).json()
    assert [item["text"] for item in listed] == ["Nyest", "Eldst"]
    assert listed[1]["url"].endswith("/forsok/") and listed[0]["read_at"] is None
    oldest = Notification.objects.get(text="Eldst")
    response = client.post(reverse("api:me_notification_read", args=[oldest.pk]), **auth)
    assert response.status_code == 200 and response.json()["read_at"]
    unread = client.get(reverse("api:me_notifications") + "?unread=true", **auth).json()
    assert [item["text"] for item in unread] == ["Nyest"]
    # Someone else's notification: 404 with the API's error body; no key: 401.
    theirs = Notification.objects.get(text="Ikke mitt")
    response = client.post(reverse("api:me_notification_read", args=[theirs.pk]), **auth)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert client.get(reverse("api:me_notifications")).status_code == 401
