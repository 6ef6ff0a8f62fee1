from django.urls import path

from fellesloft.learning import views
from fellesloft.learning.feeds import LearningAtomFeed

app_name = "learning"

urlpatterns = [
    path("laering/", views.feed, name="feed"),
    path("laering/atom.xml", LearningAtomFeed(), name="feed_atom"),
    path("laering/ressurser/", views.resource_list, name="resource_list"),
    path("laering/ressurser/ny/", views.resource_create, name="resource_create"),
    path("laering/ressurser/<slug:slug>/", views.resource_detail, name="resource_detail"),
    path("laering/ressurser/<slug:slug>/endre/", views.resource_edit, name="resource_edit"),
    path(
        "laering/ressurser/<slug:slug>/samtale/",
        views.discussion_create,
        name="discussion_create",
    ),
    path("laering/samtaler/<int:pk>/", views.discussion_detail, name="discussion_detail"),
    path("laering/samtaler/<int:pk>/endre/", views.discussion_edit, name="discussion_edit"),
    path("laering/samlinger/", views.meeting_list, name="meeting_list"),
    path("laering/samlinger/ny/", views.meeting_create, name="meeting_create"),
    path("laering/samlinger/<slug:slug>/", views.meeting_detail, name="meeting_detail"),
    path("laering/samlinger/<slug:slug>/endre/", views.meeting_edit, name="meeting_edit"),
    path("laering/samlinger/<slug:slug>/kalender.ics", views.meeting_ics, name="meeting_ics"),
    path(
        "laering/samlinger/<slug:slug>/pamelding/",
        views.meeting_register,
        name="meeting_register",
    ),
    path(
        "laering/samlinger/<slug:slug>/oppgaver/", views.meeting_task_add, name="meeting_task_add"
    ),
    path(
        "laering/samlinger/<slug:slug>/oppgaver/<int:pk>/",
        views.meeting_task_toggle,
        name="meeting_task_toggle",
    ),
    path("laering/ukeoppsummering/", views.digest_settings, name="digest_settings"),
    path(
        "laering/ukeoppsummering/pamelding/",
        views.digest_subscription,
        name="digest_subscription",
    ),
    path(
        "laering/ukeoppsummering/avmeld/<str:token>/",
        views.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
]
