from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "fellesloft.learning"
    label = "learning"
    verbose_name = _("Læringsnettverk")
    url_prefix = ""

    def ready(self) -> None:
        from fellesloft.core.navigation import NavItem
        from fellesloft.learning import searchindex

        self.navigation = [
            NavItem(label=_("Læringsnettverk"), url_name="learning:feed", order=60),
            NavItem(label=_("Søk"), url_name="learning:search", order=95),
        ]
        searchindex.connect_signals()
