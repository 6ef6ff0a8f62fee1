from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig
from fellesloft.core.navigation import NavItem


class OrganisationsConfig(FellesloftAppConfig):
    name = "fellesloft.organisations"
    verbose_name = _("Organisasjoner")
    url_prefix = "organisasjoner/"
    navigation = (
        NavItem(_("Kommuner"), "organisations:municipality_list", order=70, group="municipalities"),
        NavItem(_("Organisasjoner"), "organisations:list", order=80, group="municipalities"),
    )

    def ready(self) -> None:
        # Connect the services' signal to the e-mail task, and the login to the invitations.
        from fellesloft.organisations import receivers, tasks  # noqa: F401
