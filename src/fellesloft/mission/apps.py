from django.apps import AppConfig


class MissionConfig(AppConfig):
    name = "fellesloft.mission"
    label = "mission"
