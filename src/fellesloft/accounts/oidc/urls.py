"""The only allauth addresses Fellesløft mounts: the start of an OpenID Connect login and the
provider's way back (register `{SITE_URL}/konto/oidc/<id>/tilbake/` as the redirect URI).
allauth finds them by these names; its sign-up, password and e-mail pages stay unmounted."""

from django.urls import path

from fellesloft.accounts.oidc import views

urlpatterns = [
    path("<str:provider_id>/logg-inn/", views.login, name="openid_connect_login"),
    path("<str:provider_id>/tilbake/", views.callback, name="openid_connect_callback"),
]
