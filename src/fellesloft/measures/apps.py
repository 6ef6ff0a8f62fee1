from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig
from fellesloft.core.navigation import NavItem


class MeasuresConfig(FellesloftAppConfig):
    name = "fellesloft.measures"
    verbose_name = _("Tiltaksoversikt")
    url_prefix = "tiltak/"
    navigation = (NavItem(_("Tiltak"), "measures:list", order=75, group="municipalities"),)
