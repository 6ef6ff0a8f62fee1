from django.urls import path

from fellesloft.dialogs import views

app_name = "dialogs"

urlpatterns = [
    path("", views.dialog_list, name="list"),
    path("k/", views.dialog_by_code, name="by_code_form"),
    path("k/<str:code>/", views.dialog_by_code, name="by_code"),
    path("ny/", views.dialog_create, name="create"),
    path("importer/", views.dialog_import, name="import"),
    path("moderering/", views.moderation_queue, name="moderation_all"),
    path("avmeld/<str:token>/", views.outcome_unsubscribe, name="outcome_unsubscribe"),
    path("<slug:slug>/", views.participate, name="participate"),
    path("<slug:slug>/stem/", views.vote, name="vote"),
    path("<slug:slug>/skriv/", views.write_statement, name="write"),
    path("<slug:slug>/om-deg/", views.describe_myself, name="describe"),
    path("<slug:slug>/slett-mine-svar/", views.forget_answers, name="forget"),
    path("<slug:slug>/mine-utsagn/", views.my_statements, name="mine"),
    path("<slug:slug>/videre/", views.outcome_list, name="outcomes"),
    path("<slug:slug>/videre/ny/", views.outcome_create, name="outcome_create"),
    path("<slug:slug>/videre/<int:outcome_id>/", views.outcome_edit, name="outcome_edit"),
    path("<slug:slug>/videre/<int:outcome_id>/slett/", views.outcome_delete, name="outcome_delete"),
    path("<slug:slug>/resultater/", views.dialog_results, name="results"),
    path("<slug:slug>/rapport/", views.dialog_report, name="report"),
    path("<slug:slug>/rapport.pdf", views.dialog_report_pdf, name="report_pdf"),
    path("<slug:slug>/rapport.xlsx", views.dialog_report_xlsx, name="report_xlsx"),
    path("<slug:slug>/oversikt/", views.dialog_detail, name="detail"),
    path("<slug:slug>/endre/", views.dialog_edit, name="edit"),
    path("<slug:slug>/startutsagn/", views.dialog_seeds, name="seeds"),
    path("<slug:slug>/del/", views.dialog_share, name="share"),
    path("<slug:slug>/qr.svg", views.dialog_qr, name="qr"),
    path("<slug:slug>/fase/", views.dialog_phase, name="phase"),
    path("<slug:slug>/steng/", views.dialog_close, name="close"),
    path("<slug:slug>/moderering/", views.moderation_queue, name="moderation"),
    path(
        "<slug:slug>/moderering/duplikater/",
        views.moderate_near_duplicates,
        name="moderate_duplicates",
    ),
    path("<slug:slug>/moderering/logg.csv", views.moderation_log_csv, name="moderation_log"),
    path(
        "<slug:slug>/moderering/<int:statement_id>/",
        views.statement_moderate,
        name="moderate",
    ),
    path("<slug:slug>/eksport.zip", views.dialog_export, name="export"),
]
