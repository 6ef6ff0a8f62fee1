from django.urls import path

from fellesloft.learning import views
from fellesloft.learning.feeds import LearningAtomFeed

app_name = "learning"

urlpatterns = [
    path("", views.feed, name="feed"),
    path("atom.xml", LearningAtomFeed(), name="feed_atom"),
    path("ressurser/", views.resource_list, name="resource_list"),
    path("ressurser/ny/", views.resource_create, name="resource_create"),
    path("ressurser/<slug:slug>/", views.resource_detail, name="resource_detail"),
    path("ressurser/<slug:slug>/endre/", views.resource_edit, name="resource_edit"),
    path(
        "ressurser/<slug:slug>/samtale/",
        views.discussion_create,
        name="discussion_create",
    ),
    path("samtaler/<int:pk>/", views.discussion_detail, name="discussion_detail"),
    path("samtaler/<int:pk>/endre/", views.discussion_edit, name="discussion_edit"),
    path("samlinger/", views.meeting_list, name="meeting_list"),
    path("samlinger/ny/", views.meeting_create, name="meeting_create"),
    path("samlinger/<slug:slug>/", views.meeting_detail, name="meeting_detail"),
    path("samlinger/<slug:slug>/endre/", views.meeting_edit, name="meeting_edit"),
    path("samlinger/<slug:slug>/kalender.ics", views.meeting_ics, name="meeting_ics"),
    path(
        "samlinger/<slug:slug>/pamelding/",
        views.meeting_register,
        name="meeting_register",
    ),
    path("samlinger/<slug:slug>/oppgaver/", views.meeting_task_add, name="meeting_task_add"),
    path(
        "samlinger/<slug:slug>/sporsmal/", views.meeting_question_add, name="meeting_question_add"
    ),
    path(
        "samlinger/<slug:slug>/sporsmal/<int:pk>/svar/",
        views.meeting_answer_add,
        name="meeting_answer_add",
    ),
    path("samlinger/<slug:slug>/oppmote/", views.meeting_attendance, name="meeting_attendance"),
    path(
        "samlinger/<slug:slug>/oppgaver/<int:pk>/",
        views.meeting_task_toggle,
        name="meeting_task_toggle",
    ),
    path("ukeoppsummering/", views.digest_settings, name="digest_settings"),
    path(
        "ukeoppsummering/pamelding/",
        views.digest_subscription,
        name="digest_subscription",
    ),
    path(
        "ukeoppsummering/avmeld/<str:token>/",
        views.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
]
