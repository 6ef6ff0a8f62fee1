from django.urls import include, path

from fellesloft.dialogs import views

# Below /<slug>/videre/: what happens next with what a dialog found.
outcome_patterns = [
    path("", views.outcome_list, name="outcomes"),
    path("ny/", views.outcome_create, name="outcome_create"),
    path("<int:outcome_id>/", views.outcome_edit, name="outcome_edit"),
    path("<int:outcome_id>/slett/", views.outcome_delete, name="outcome_delete"),
]

# Below /<slug>/moderering/.
moderation_patterns = [
    path("", views.moderation_queue, name="moderation"),
    path("duplikater/", views.moderate_near_duplicates, name="moderate_duplicates"),
    path("logg.csv", views.moderation_log_csv, name="moderation_log"),
    path("<int:statement_id>/", views.statement_moderate, name="moderate"),
]

# Below /<slug>/: one dialog.
dialog_patterns = [
    path("", views.participate, name="participate"),
    path("stem/", views.vote, name="vote"),
    path("skriv/", views.write_statement, name="write"),
    path("om-deg/", views.describe_myself, name="describe"),
    path("slett-mine-svar/", views.forget_answers, name="forget"),
    path("mine-utsagn/", views.my_statements, name="mine"),
    path("videre/", include(outcome_patterns)),
    path("resultater/", views.dialog_results, name="results"),
    path("rapport/", views.dialog_report, name="report"),
    path("rapport.pdf", views.dialog_report_pdf, name="report_pdf"),
    path("rapport.xlsx", views.dialog_report_xlsx, name="report_xlsx"),
    path("oversikt/", views.dialog_detail, name="detail"),
    path("endre/", views.dialog_edit, name="edit"),
    path("startutsagn/", views.dialog_seeds, name="seeds"),
    path("del/", views.dialog_share, name="share"),
    path("qr.svg", views.dialog_qr, name="qr"),
    path("fase/", views.dialog_phase, name="phase"),
    path("steng/", views.dialog_close, name="close"),
    path("moderering/", include(moderation_patterns)),
    path("eksport.zip", views.dialog_export, name="export"),
]

urlpatterns = [
    path("", views.dialog_list, name="list"),
    path("k/", views.dialog_by_code, name="by_code_form"),
    path("k/<str:code>/", views.dialog_by_code, name="by_code"),
    path("ny/", views.dialog_create, name="create"),
    path("importer/", views.dialog_import, name="import"),
    path("moderering/", views.moderation_queue, name="moderation_all"),
    path("avmeld/<str:token>/", views.outcome_unsubscribe, name="outcome_unsubscribe"),
    path("<slug:slug>/", include(dialog_patterns)),
]
