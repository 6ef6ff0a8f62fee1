"""URL configuration: each app with a `url_prefix` on its AppConfig is included here."""

from django.apps import apps
from django.contrib import admin
from django.urls import include, path

from fellesloft.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]

for _config in apps.get_app_configs():
    _prefix = getattr(_config, "url_prefix", None)
    if _prefix is not None:
        urlpatterns.append(path(_prefix, include(f"{_config.name}.urls")))

urlpatterns.append(path("", include("fellesloft.core.urls")))

handler404 = "fellesloft.core.views.page_not_found"
handler500 = "fellesloft.core.views.server_error"
handler403 = "fellesloft.core.views.permission_denied"
