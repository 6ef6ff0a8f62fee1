from django.utils.translation import gettext_lazy as _

from fellesloft.core.apps import FellesloftAppConfig


class AccountsConfig(FellesloftAppConfig):
    name = "fellesloft.accounts"
    verbose_name = _("Brukerkontoer")
    url_prefix = "konto/"
