from django.urls import path

from fellesloft.measures import views

app_name = "measures"

urlpatterns = [
    path("", views.measure_list, name="list"),
    path("nytt/", views.measure_create, name="create"),
    path("import/", views.import_upload, name="import"),
    path("import/mal.xlsx", views.import_template, name="import_template"),
    path("import/<uuid:import_id>/", views.import_preview, name="import_preview"),
    path("import/<uuid:import_id>/bekreft/", views.import_confirm, name="import_confirm"),
    path("import/<uuid:import_id>/avbryt/", views.import_cancel, name="import_cancel"),
    path("sammenligning/", views.comparison, name="comparison"),
    path("kommune/<str:number>/", views.coverage, name="coverage"),
    path("hva-kan-hjelpe-meg/", views.youth_index, name="youth_index"),
    path("hva-kan-hjelpe-meg/<str:number>/", views.youth_page, name="youth"),
    path("<slug:slug>/", views.measure_detail, name="detail"),
    path("<slug:slug>/endre/", views.measure_edit, name="edit"),
]
