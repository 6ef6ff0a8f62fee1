from fellesloft.core.apps import FellesloftAppConfig


class ApiConfig(FellesloftAppConfig):
    name = "fellesloft.api"
    verbose_name = "API"
