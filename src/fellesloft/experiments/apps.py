from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperimentsConfig(AppConfig):
    name = "fellesloft.experiments"
    label = "experiments"
    verbose_name = _("Forsøk")
    url_prefix = "forsok/"

    def ready(self) -> None:
        from fellesloft.core.navigation import NavItem

        self.navigation = [
            NavItem(
                label=_("Forsøk"),
                url_name="experiments:list",
                order=30,
                permission="experiments.view_experiment",
            ),
            NavItem(
                label=_("Portefølje"),
                url_name="experiments:portfolio",
                order=31,
                permission="experiments.view_portfolio",
            ),
            NavItem(label=_("Læringskort"), url_name="experiments:cards", order=32),
        ]
