from django.urls import path

from fellesloft.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("kommuner/<str:number>/", views.municipality_detail, name="municipality_detail"),
    path("ny/", views.organisation_create, name="create"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/endre/", views.organisation_edit, name="edit"),
    path("<slug:slug>/medlemmer/", views.organisation_members, name="members"),
    path(
        "<slug:slug>/medlemmer/<int:membership_id>/rolle/",
        views.membership_change_role,
        name="membership_role",
    ),
    path(
        "<slug:slug>/medlemmer/<int:membership_id>/fjern/",
        views.membership_remove,
        name="membership_remove",
    ),
]
