from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig


class NotificationsConfig(FellesloftAppConfig):
    name = "fellesloft.notifications"
    verbose_name = _("Varsler")
    url_prefix = "varsler/"

    def ready(self) -> None:
        from fellesloft.notifications import tasks  # noqa: F401 – connects the services' signal
