from django.urls import include, path

from fellesloft.mission import views

goal_patterns = [
    path("nytt/", views.goal_create, name="goal_create"),
    path("<int:pk>/", views.goal_detail, name="goal_detail"),
    path("<int:pk>/endre/", views.goal_edit, name="goal_edit"),
    path("<int:pk>/slett/", views.goal_delete, name="goal_delete"),
]

reference_list_patterns = [
    path("", views.reference_lists, name="reference_lists"),
    path("<slug:kind>/ny/", views.reference_term_create, name="reference_term_create"),
    path("<slug:kind>/<int:pk>/endre/", views.reference_term_edit, name="reference_term_edit"),
]

indicator_patterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("ny/", views.indicator_create, name="indicator_create"),
    path("import/", views.observations_import, name="import"),
    path("<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("<slug:code>/endre/", views.indicator_edit, name="indicator_edit"),
    path("<slug:code>/data.csv", views.indicator_csv, name="indicator_csv"),
]

urlpatterns = [
    path("", views.mission, name="mission"),
    path("endre/", views.mission_edit, name="mission_edit"),
    path("mal/", include(goal_patterns)),
    path("referanselister/", include(reference_list_patterns)),
    path("indikatorer/", include(indicator_patterns)),
]
