from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    name = "fellesloft.experiments"
    label = "experiments"
