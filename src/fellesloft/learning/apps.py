from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "fellesloft.learning"
    label = "learning"
    verbose_name = _("Læringsnettverk")
    url_prefix = ""

    def ready(self) -> None:
        from fellesloft.core.navigation import NavItem

        self.navigation = [
            NavItem(label=_("Læringsnettverk"), url_name="learning:feed", order=60),
        ]
