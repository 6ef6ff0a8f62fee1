from django.apps import AppConfig


class BarriersConfig(AppConfig):
    name = "fellesloft.barriers"
    label = "barriers"
