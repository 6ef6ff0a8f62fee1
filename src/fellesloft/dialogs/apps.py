from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig
from fellesloft.core.navigation import NavItem


class DialogsConfig(FellesloftAppConfig):
    name = "fellesloft.dialogs"
    verbose_name = _("Dialoger")
    url_prefix = "dialoger/"
    navigation = (NavItem(_("Dialoger"), "dialogs:list", order=40, group="dialogs"),)

    def ready(self) -> None:
        # Connects the services' signals; registers what may be followed.
        from fellesloft.dialogs import following, tasks  # noqa: F401
