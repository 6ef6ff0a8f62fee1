from django.urls import path

from fellesloft.search import views

urlpatterns = [
    path("", views.search, name="search"),
]
