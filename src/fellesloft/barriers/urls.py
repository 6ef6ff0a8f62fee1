from django.urls import path
from django.views.generic import RedirectView

from fellesloft.barriers import views

app_name = "barriers"

urlpatterns = [
    path("", views.barrier_list, name="list"),
    path("ny/", views.barrier_create, name="create"),
    path("status/", views.public_status, name="public_status"),
    path("<int:pk>/", views.barrier_detail, name="detail"),
    path("<int:pk>/endre/", views.barrier_edit, name="edit"),
    path("<int:pk>/gjelder-oss/", views.barrier_endorse, name="endorse"),
    path("<int:pk>/gjelder-oss/trekk/", views.barrier_withdraw, name="withdraw"),
    path("<int:pk>/behandle/<slug:action>/", views.barrier_transition, name="transition"),
    path("<int:pk>/koblinger/", views.barrier_links, name="links"),
    path("<int:pk>/frigi/", views.barrier_release, name="release"),
    path("<int:pk>/notat/", views.barrier_add_note, name="add_note"),
    path("<int:pk>/tema/", views.barrier_set_theme, name="set_theme"),
    path("<int:pk>/forsoksoknad/", views.trial_application, name="trial_application"),
    path("<int:pk>/forsoksoknad/endre/", views.trial_application_edit, name="trial_edit"),
    path("<int:pk>/forsoksoknad/avvik/ny/", views.trial_deviation_add, name="trial_deviation_add"),
    path(
        "<int:pk>/forsoksoknad/avvik/<int:deviation_pk>/fjern/",
        views.trial_deviation_remove,
        name="trial_deviation_remove",
    ),
    path("<int:pk>/forsoksoknad/trinn/<slug:step>/", views.trial_step, name="trial_step"),
    path(
        "<int:pk>/forsoksoknad/forsoksoknad.docx",
        views.trial_application_docx,
        name="trial_docx",
    ),
    path("<int:pk>/forsoksoknad/forsoksoknad.pdf", views.trial_application_pdf, name="trial_pdf"),
    path("temaer/", views.theme_list, name="theme_list"),
    path("temaer/<int:pk>/", views.theme_detail, name="theme_detail"),
    path("rapport/", views.report, name="report"),
    path("rapport/barrierrapport.pdf", views.report_pdf, name="report_pdf"),
    path("rapport/barrierrapport.xlsx", views.report_xlsx, name="report_xlsx"),
    path("kategorier/", views.category_list, name="category_list"),
    path("kategorier/<int:pk>/endre/", views.category_edit, name="category_edit"),
    # The notifications moved to the notification centre of every part (/varsler/).
    path(
        "varsler/",
        RedirectView.as_view(pattern_name="notifications:list", permanent=True),
        name="notifications",
    ),
]
