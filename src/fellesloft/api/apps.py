from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fellesloft.api"
    label = "api"
    verbose_name = "API"
