from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig
from fellesloft.core.navigation import NavItem


class ExperimentsConfig(FellesloftAppConfig):
    name = "fellesloft.experiments"
    verbose_name = _("Forsøk")
    url_prefix = "forsok/"
    navigation = (
        NavItem(
            _("Forsøk"), "experiments:list", 30, "experiments.view_experiment", group="experiments"
        ),
        NavItem(
            _("Portefølje"),
            "experiments:portfolio",
            31,
            "experiments.view_portfolio",
            group="experiments",
        ),
        NavItem(_("Læringskort"), "experiments:cards", order=32, group="experiments"),
    )

    def ready(self) -> None:
        from fellesloft.experiments import following  # noqa: F401 – registers what may be followed
