from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig
from fellesloft.core.navigation import NavItem


class DialogsConfig(FellesloftAppConfig):
    name = "fellesloft.dialogs"
    verbose_name = _("Dialoger")
    url_prefix = "dialoger/"
    navigation = (NavItem(_("Dialoger"), "dialogs:list", order=40),)

    def ready(self) -> None:
        from fellesloft.dialogs import tasks  # noqa: F401 – connects the services' signals
