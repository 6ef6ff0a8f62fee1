"""URL configuration: each app with a `url_prefix` on its AppConfig is included here, in the
namespace of its label (`{% url 'dialogs:vote' %}`), so an app's urls.py names no namespace."""

from django.apps import apps
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from fellesloft.api.api import api


def moved(old: str, new: str, name: str):
    """Everything once published under /`old` (links, e-mails, feeds, bookmarks) answers with
    a permanent redirect to the same rest of the path and query under /`new`."""
    view = RedirectView.as_view(url=f"/{new}%(rest)s", permanent=True, query_string=True)
    return re_path(rf"^{old}(?P<rest>.*)$", view, name=name)


urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    # Login with OpenID Connect: allauth reverses these names without a namespace.
    path("konto/oidc/", include("fellesloft.accounts.oidc.urls")),
    # Published before mission and organisations had a prefix of their own.
    moved("indikatorer/", "oppdraget/indikatorer/", name="moved_indicators"),
    moved("kommuner/", "organisasjoner/kommuner/", name="moved_municipalities"),
]


def app_pages(config):
    return include((f"{config.name}.urls", config.label))


for _config in apps.get_app_configs():
    _prefix = getattr(_config, "url_prefix", None)
    if _prefix is not None:
        urlpatterns.append(path(_prefix, app_pages(_config)))

# Last: the front page and the site's own pages, at the root.
urlpatterns.append(path("", app_pages(apps.get_app_config("core"))))

handler404 = "fellesloft.core.views.page_not_found"
handler500 = "fellesloft.core.views.server_error"
handler403 = "fellesloft.core.views.permission_denied"
