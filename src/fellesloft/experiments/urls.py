from django.urls import path

from fellesloft.experiments import views

app_name = "experiments"

urlpatterns = [
    path("", views.experiment_list, name="list"),
    path("ny/", views.experiment_create, name="create"),
    path("<int:pk>/", views.experiment_detail, name="detail"),
    path("<int:pk>/endre/", views.experiment_edit, name="edit"),
    path("<int:pk>/status/", views.experiment_status, name="status"),
    path("<int:pk>/team/", views.experiment_team, name="team"),
    path(
        "<int:pk>/team/partnere/<int:partner_id>/fjern/",
        views.partner_remove,
        name="partner_remove",
    ),
    path(
        "<int:pk>/team/personer/<int:member_id>/fjern/",
        views.team_member_remove,
        name="team_member_remove",
    ),
    path("<int:pk>/sammendrag.pdf", views.experiment_pdf, name="pdf"),
    path("<int:pk>/sprinter/ny/", views.sprint_create, name="sprint_create"),
    path("<int:pk>/sprinter/<int:number>/endre/", views.sprint_edit, name="sprint_edit"),
    path(
        "<int:pk>/sprinter/<int:number>/evaluering/",
        views.sprint_evaluate,
        name="sprint_evaluate",
    ),
    path(
        "<int:pk>/sprinter/<int:number>/systembarriere/",
        views.sprint_barrier,
        name="sprint_barrier",
    ),
    path("<int:pk>/laeringskort/ny/", views.card_create, name="card_create"),
    path("laeringskort/", views.card_list, name="cards"),
    path("laeringskort/<int:pk>/", views.card_detail, name="card_detail"),
    path("laeringskort/<int:pk>/endre/", views.card_edit, name="card_edit"),
    path("laeringskort/<int:pk>/publiser/", views.card_publish, name="card_publish"),
    path("laeringskort/<int:pk>/trekk-tilbake/", views.card_unpublish, name="card_unpublish"),
    path("portefolje/", views.portfolio, name="portfolio"),
    path("portefolje/samarbeid/", views.portfolio_collaboration, name="collaboration"),
    path("portefolje/forsok.xlsx", views.portfolio_xlsx, name="portfolio_xlsx"),
    path("portefolje/forsok.csv", views.portfolio_csv, name="portfolio_csv"),
    path("stottetimer/", views.support_overview, name="support_overview"),
    path("stottetimer/<str:number>/", views.support_municipality, name="support"),
    path("stottetimer/<str:number>/budsjett/", views.support_budget, name="support_budget"),
]
