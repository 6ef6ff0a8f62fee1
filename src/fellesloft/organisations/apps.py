from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "fellesloft.organisations"
    label = "organisations"
    verbose_name = _("Organisasjoner")
    url_prefix = ""

    def ready(self) -> None:
        from fellesloft.core.navigation import NavItem

        self.navigation = [
            NavItem(label=_("Kommuner"), url_name="organisations:municipality_list", order=70),
            NavItem(label=_("Organisasjoner"), url_name="organisations:list", order=80),
        ]
