from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarriersConfig(AppConfig):
    name = "fellesloft.barriers"
    label = "barriers"
    verbose_name = _("Systembarrierer")
    url_prefix = "barrierer/"

    def ready(self) -> None:
        from fellesloft.barriers import tasks  # noqa: F401 – connects the services' signal
        from fellesloft.core.navigation import NavItem

        self.navigation = [
            NavItem(label=_("Systembarrierer"), url_name="barriers:list", order=40),
            NavItem(
                label=_("Varsler"),
                url_name="barriers:notifications",
                order=95,
                permission="barriers.view_notifications",
            ),
        ]
