from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogsConfig(AppConfig):
    name = "fellesloft.dialogs"
    label = "dialogs"
    verbose_name = _("Dialoger")
    url_prefix = "dialoger/"

    def ready(self) -> None:
        from fellesloft.core.navigation import NavItem
        from fellesloft.dialogs import tasks  # noqa: F401 – connects the services' signals

        self.navigation = [
            NavItem(label=_("Dialoger"), url_name="dialogs:list", order=40),
        ]
