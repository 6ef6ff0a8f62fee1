from django.urls import path

from fellesloft.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("kommuner/<str:number>/", views.municipality_detail, name="municipality_detail"),
    path("ny/", views.organisation_create, name="create"),
    path("invitasjon/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/endre/", views.organisation_edit, name="edit"),
    path("<slug:slug>/medlemmer/", views.organisation_members, name="members"),
    path(
        "<slug:slug>/medlemmer/<int:membership_id>/rolle/",
        views.membership_change_role,
        name="membership_role",
    ),
    path(
        "<slug:slug>/medlemmer/<int:membership_id>/deaktiver/",
        views.membership_deactivate,
        name="membership_deactivate",
    ),
    path(
        "<slug:slug>/medlemmer/<int:membership_id>/aktiver/",
        views.membership_reactivate,
        name="membership_reactivate",
    ),
    path(
        "<slug:slug>/medlemmer/<int:membership_id>/deaktiver-konto/",
        views.account_deactivate,
        name="account_deactivate",
    ),
    path(
        "<slug:slug>/medlemmer/<int:membership_id>/aktiver-konto/",
        views.account_reactivate,
        name="account_reactivate",
    ),
    path(
        "<slug:slug>/invitasjoner/<int:invitation_id>/send-igjen/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<slug:slug>/invitasjoner/<int:invitation_id>/trekk-tilbake/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
