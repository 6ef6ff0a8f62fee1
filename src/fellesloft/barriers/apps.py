from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig
from fellesloft.core.navigation import NavItem


class BarriersConfig(FellesloftAppConfig):
    name = "fellesloft.barriers"
    verbose_name = _("Systembarrierer")
    url_prefix = "barrierer/"
    navigation = (NavItem(_("Systembarrierer"), "barriers:list", order=40, group="barriers"),)

    def ready(self) -> None:
        from fellesloft.barriers import following  # noqa: F401 – registers what may be followed
