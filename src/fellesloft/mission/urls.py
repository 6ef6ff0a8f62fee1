from django.urls import path

from fellesloft.mission import views

app_name = "mission"

urlpatterns = [
    path("", views.mission, name="mission"),
    path("endre/", views.mission_edit, name="mission_edit"),
    path("mal/nytt/", views.goal_create, name="goal_create"),
    path("mal/<int:pk>/", views.goal_detail, name="goal_detail"),
    path("mal/<int:pk>/endre/", views.goal_edit, name="goal_edit"),
    path("mal/<int:pk>/slett/", views.goal_delete, name="goal_delete"),
    path("referanselister/", views.reference_lists, name="reference_lists"),
    path(
        "referanselister/<slug:kind>/ny/",
        views.reference_term_create,
        name="reference_term_create",
    ),
    path(
        "referanselister/<slug:kind>/<int:pk>/endre/",
        views.reference_term_edit,
        name="reference_term_edit",
    ),
    path("indikatorer/", views.indicator_list, name="indicator_list"),
    path("indikatorer/ny/", views.indicator_create, name="indicator_create"),
    path("indikatorer/import/", views.observations_import, name="import"),
    path("indikatorer/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("indikatorer/<slug:code>/endre/", views.indicator_edit, name="indicator_edit"),
    path("indikatorer/<slug:code>/data.csv", views.indicator_csv, name="indicator_csv"),
]
