from django.urls import include, path

from fellesloft.measures import views

# Below /import/: measures read from a spreadsheet, previewed before they are saved.
import_patterns = [
    path("", views.import_upload, name="import"),
    path("mal.xlsx", views.import_template, name="import_template"),
    path("<uuid:import_id>/", views.import_preview, name="import_preview"),
    path("<uuid:import_id>/bekreft/", views.import_confirm, name="import_confirm"),
    path("<uuid:import_id>/avbryt/", views.import_cancel, name="import_cancel"),
]

urlpatterns = [
    path("", views.measure_list, name="list"),
    path("nytt/", views.measure_create, name="create"),
    path("import/", include(import_patterns)),
    path("sammenligning/", views.comparison, name="comparison"),
    path("kommune/<str:number>/", views.coverage, name="coverage"),
    path("hva-kan-hjelpe-meg/", views.youth_index, name="youth_index"),
    path("hva-kan-hjelpe-meg/<str:number>/", views.youth_page, name="youth"),
    path("<slug:slug>/", views.measure_detail, name="detail"),
    path("<slug:slug>/endre/", views.measure_edit, name="edit"),
]
