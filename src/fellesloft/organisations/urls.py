from django.urls import include, path

from fellesloft.organisations import views

# Below /<slug>/medlemmer/<membership_id>/: what an administrator does with one membership.
member_patterns = [
    path("rolle/", views.membership_change_role, name="membership_role"),
    path("deaktiver/", views.membership_deactivate, name="membership_deactivate"),
    path("aktiver/", views.membership_reactivate, name="membership_reactivate"),
    path("deaktiver-konto/", views.account_deactivate, name="account_deactivate"),
    path("aktiver-konto/", views.account_reactivate, name="account_reactivate"),
]

# Below /<slug>/invitasjoner/<invitation_id>/.
invitation_patterns = [
    path("send-igjen/", views.invitation_resend, name="invitation_resend"),
    path("trekk-tilbake/", views.invitation_revoke, name="invitation_revoke"),
]

# Below /<slug>/: one organisation.
organisation_patterns = [
    path("", views.organisation_detail, name="detail"),
    path("endre/", views.organisation_edit, name="edit"),
    path("medlemmer/", views.organisation_members, name="members"),
    path("medlemmer/<int:membership_id>/", include(member_patterns)),
    path("invitasjoner/<int:invitation_id>/", include(invitation_patterns)),
]

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("kommuner/<str:number>/", views.municipality_detail, name="municipality_detail"),
    path("ny/", views.organisation_create, name="create"),
    path("invitasjon/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<slug:slug>/", include(organisation_patterns)),
]
