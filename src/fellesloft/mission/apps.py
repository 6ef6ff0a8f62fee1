from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionConfig(AppConfig):
    name = "fellesloft.mission"
    label = "mission"
    verbose_name = _("Samfunnsoppdraget")
