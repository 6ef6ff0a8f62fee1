from django.urls import include, path

from fellesloft.learning import views
from fellesloft.learning.feeds import LearningAtomFeed

# Below /ressurser/<slug>/: one resource.
resource_patterns = [
    path("", views.resource_detail, name="resource_detail"),
    path("endre/", views.resource_edit, name="resource_edit"),
    path("samtale/", views.discussion_create, name="discussion_create"),
]

# Below /samlinger/<slug>/: one meeting.
meeting_patterns = [
    path("", views.meeting_detail, name="meeting_detail"),
    path("endre/", views.meeting_edit, name="meeting_edit"),
    path("kalender.ics", views.meeting_ics, name="meeting_ics"),
    path("pamelding/", views.meeting_register, name="meeting_register"),
    path("oppgaver/", views.meeting_task_add, name="meeting_task_add"),
    path("sporsmal/", views.meeting_question_add, name="meeting_question_add"),
    path("sporsmal/<int:pk>/svar/", views.meeting_answer_add, name="meeting_answer_add"),
    path("oppmote/", views.meeting_attendance, name="meeting_attendance"),
    path("oppgaver/<int:pk>/", views.meeting_task_toggle, name="meeting_task_toggle"),
]

# Below /ukeoppsummering/: the weekly digest by e-mail.
digest_patterns = [
    path("", views.digest_settings, name="digest_settings"),
    path("pamelding/", views.digest_subscription, name="digest_subscription"),
    path("avmeld/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
]

urlpatterns = [
    path("", views.feed, name="feed"),
    path("atom.xml", LearningAtomFeed(), name="feed_atom"),
    path("ressurser/", views.resource_list, name="resource_list"),
    path("ressurser/ny/", views.resource_create, name="resource_create"),
    path("ressurser/<slug:slug>/", include(resource_patterns)),
    path("samtaler/<int:pk>/", views.discussion_detail, name="discussion_detail"),
    path("samtaler/<int:pk>/endre/", views.discussion_edit, name="discussion_edit"),
    path("samlinger/", views.meeting_list, name="meeting_list"),
    path("samlinger/ny/", views.meeting_create, name="meeting_create"),
    path("samlinger/<slug:slug>/", include(meeting_patterns)),
    path("ukeoppsummering/", include(digest_patterns)),
]
