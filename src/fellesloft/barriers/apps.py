from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig
from fellesloft.core.navigation import NavItem


class BarriersConfig(FellesloftAppConfig):
    name = "fellesloft.barriers"
    verbose_name = _("Systembarrierer")
    url_prefix = "barrierer/"
    navigation = (
        NavItem(_("Systembarrierer"), "barriers:list", order=40),
        NavItem(_("Varsler"), "barriers:notifications", 95, "barriers.view_notifications"),
    )

    def ready(self) -> None:
        from fellesloft.barriers import tasks  # noqa: F401 – connects the services' signal
