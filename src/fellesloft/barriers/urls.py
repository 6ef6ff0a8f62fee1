from django.urls import include, path, reverse_lazy
from django.utils.text import format_lazy
from django.views.generic import RedirectView

from fellesloft.barriers import views
from fellesloft.barriers.models import BarrierCategory

CATEGORY_LIST = format_lazy(
    "{}#liste-{}", reverse_lazy("mission:reference_lists"), BarrierCategory.list_slug
)

# Below /<pk>/forsoksoknad/: the application for a trial that a barrier may lead to.
trial_patterns = [
    path("", views.trial_application, name="trial_application"),
    path("endre/", views.trial_application_edit, name="trial_edit"),
    path("avvik/ny/", views.trial_deviation_add, name="trial_deviation_add"),
    path(
        "avvik/<int:deviation_pk>/fjern/",
        views.trial_deviation_remove,
        name="trial_deviation_remove",
    ),
    path("trinn/<slug:step>/", views.trial_step, name="trial_step"),
    path("forsoksoknad.docx", views.trial_application_docx, name="trial_docx"),
    path("forsoksoknad.pdf", views.trial_application_pdf, name="trial_pdf"),
]

# Below /<pk>/: one barrier.
barrier_patterns = [
    path("", views.barrier_detail, name="detail"),
    path("endre/", views.barrier_edit, name="edit"),
    path("gjelder-oss/", views.barrier_endorse, name="endorse"),
    path("gjelder-oss/trekk/", views.barrier_withdraw, name="withdraw"),
    path("behandle/<slug:action>/", views.barrier_transition, name="transition"),
    path("koblinger/", views.barrier_links, name="links"),
    path("frigi/", views.barrier_release, name="release"),
    path("notat/", views.barrier_add_note, name="add_note"),
    path("tema/", views.barrier_set_theme, name="set_theme"),
    path("forsoksoknad/", include(trial_patterns)),
]

report_patterns = [
    path("", views.report, name="report"),
    path("barrierrapport.pdf", views.report_pdf, name="report_pdf"),
    path("barrierrapport.xlsx", views.report_xlsx, name="report_xlsx"),
]

urlpatterns = [
    path("", views.barrier_list, name="list"),
    path("ny/", views.barrier_create, name="create"),
    path("status/", views.public_status, name="public_status"),
    path("<int:pk>/", include(barrier_patterns)),
    path("temaer/", views.theme_list, name="theme_list"),
    path("temaer/<int:pk>/", views.theme_detail, name="theme_detail"),
    path("rapport/", include(report_patterns)),
    # The categories are one of the reference lists the mission lead edits (/oppdraget/).
    path(
        "kategorier/",
        RedirectView.as_view(url=CATEGORY_LIST, permanent=True),
        name="category_list",
    ),
    # The notifications moved to the notification centre of every part (/varsler/).
    path(
        "varsler/",
        RedirectView.as_view(pattern_name="notifications:list", permanent=True),
        name="notifications",
    ),
]
