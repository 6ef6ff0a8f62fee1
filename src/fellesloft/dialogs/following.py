"""Dialogs may be followed: the followers hear when one opens, closes or publishes results."""

from django.urls import reverse

from fellesloft.dialogs.models import Dialog
from fellesloft.notifications.registry import followable

followable(
    Dialog,
    permission="dialogs.follow_dialog",
    url=lambda dialog: reverse("dialogs:participate", kwargs={"slug": dialog.slug}),
)
