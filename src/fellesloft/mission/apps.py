from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig
from fellesloft.core.navigation import NavItem


class MissionConfig(FellesloftAppConfig):
    name = "fellesloft.mission"
    verbose_name = _("Samfunnsoppdraget")
    url_prefix = "oppdraget/"
    navigation = (
        NavItem(_("Samfunnsoppdraget"), "mission:mission", order=10, group="mission"),
        NavItem(_("Indikatorer"), "mission:indicator_list", order=20, group="mission"),
    )
