from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "fellesloft.measures"
    label = "measures"
    verbose_name = _("Tiltaksoversikt")
    url_prefix = "tiltak/"

    def ready(self) -> None:
        from fellesloft.core.navigation import NavItem

        self.navigation = [
            NavItem(label=_("Tiltak"), url_name="measures:list", order=60),
        ]
