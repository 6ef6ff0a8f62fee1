from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "fellesloft.learning"
    label = "learning"
