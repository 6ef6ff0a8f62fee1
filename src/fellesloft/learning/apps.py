from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig
from fellesloft.core.navigation import NavItem


class LearningConfig(FellesloftAppConfig):
    name = "fellesloft.learning"
    verbose_name = _("Læringsnettverk")
    url_prefix = "laering/"
    navigation = (NavItem(_("Læringsnettverk"), "learning:feed", order=60, group="learning"),)
