from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "fellesloft.measures"
    label = "measures"
