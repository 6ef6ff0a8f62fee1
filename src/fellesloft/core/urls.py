from django.urls import path

from fellesloft.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("mitt-arbeid/", views.my_work, name="my_work"),
    path("healthz", views.healthz, name="healthz"),
    path("revisjonslogg/", views.audit_log, name="audit_log"),
    path("tilgjengelighet/", views.accessibility_statement, name="accessibility"),
    path("personvern/", views.privacy, name="privacy"),
]
