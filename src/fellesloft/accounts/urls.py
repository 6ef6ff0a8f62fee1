from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from fellesloft.accounts import views
from fellesloft.accounts.forms import NewPasswordForm

urlpatterns = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "glemt-passord/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "glemt-passord/sendt/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "nytt-passord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=NewPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "nytt-passord/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "bytt-passord/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:profile"),
        ),
        name="password_change",
    ),
    path("profil/", views.profile, name="profile"),
    path("api-nokler/", views.api_token_create_view, name="api_token_create"),
    path("api-nokler/<int:token_id>/slett/", views.api_token_revoke_view, name="api_token_revoke"),
    path("mine-data.json", views.personal_data_download, name="personal_data"),
    path("sletting/", views.deletion_request_view, name="deletion_request"),
    path("sletting/trekk-tilbake/", views.deletion_withdraw_view, name="deletion_withdraw"),
    path("slettinger/", views.deletion_requests, name="deletion_requests"),
    path("slettinger/<int:request_id>/", views.deletion_carry_out, name="deletion_carry_out"),
]
