from django.apps import AppConfig


class DialogsConfig(AppConfig):
    name = "fellesloft.dialogs"
    label = "dialogs"
