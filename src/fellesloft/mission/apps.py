from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionConfig(AppConfig):
    name = "fellesloft.mission"
    label = "mission"
    verbose_name = _("Samfunnsoppdraget")
    url_prefix = ""

    def ready(self) -> None:
        from fellesloft.core.navigation import NavItem

        self.navigation = [
            NavItem(label=_("Samfunnsoppdraget"), url_name="mission:mission", order=10),
            NavItem(label=_("Indikatorer"), url_name="mission:indicator_list", order=20),
        ]
