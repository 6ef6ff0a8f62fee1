from io import StringIO

import pytest
from django.core.management import call_command

from fellesloft.notifications import selectors
from fellesloft.notifications.models import Comment, Follow, Kind, Notification

pytestmark = pytest.mark.django_db


def test_the_demo_member_has_follows_comments_and_unread_notifications(reference_data):
    call_command("demo", stdout=StringIO())
    member = (
        Notification.objects.filter(recipient__email="medlem.trondheim@demo.fellesloft.no")
        .first()
        .recipient
    )
    assert Follow.objects.filter(user=member).count() == 3
    assert Comment.objects.count() >= 3
    assert Notification.objects.filter(recipient=member, kind=Kind.COMMENT).exists()
    assert selectors.unread_notification_count(user=member) >= 2
    comments = Comment.objects.count()
    call_command("demo", stdout=StringIO())
    assert Comment.objects.count() == comments
