from django.urls import include, path

from fellesloft.experiments import views

# Below /<pk>/team/.
team_patterns = [
    path("", views.experiment_team, name="team"),
    path("partnere/<int:partner_id>/fjern/", views.partner_remove, name="partner_remove"),
    path("personer/<int:member_id>/fjern/", views.team_member_remove, name="team_member_remove"),
]

# Below /<pk>/sprinter/.
sprint_patterns = [
    path("ny/", views.sprint_create, name="sprint_create"),
    path("<int:number>/endre/", views.sprint_edit, name="sprint_edit"),
    path("<int:number>/evaluering/", views.sprint_evaluate, name="sprint_evaluate"),
    path("<int:number>/systembarriere/", views.sprint_barrier, name="sprint_barrier"),
]

# Below /<pk>/: one experiment.
experiment_patterns = [
    path("", views.experiment_detail, name="detail"),
    path("endre/", views.experiment_edit, name="edit"),
    path("status/", views.experiment_status, name="status"),
    path("team/", include(team_patterns)),
    path("sammendrag.pdf", views.experiment_pdf, name="pdf"),
    path("sprinter/", include(sprint_patterns)),
    path("laeringskort/ny/", views.card_create, name="card_create"),
]

# Below /laeringskort/<pk>/: one learning card.
card_patterns = [
    path("", views.card_detail, name="card_detail"),
    path("endre/", views.card_edit, name="card_edit"),
    path("publiser/", views.card_publish, name="card_publish"),
    path("trekk-tilbake/", views.card_unpublish, name="card_unpublish"),
]

portfolio_patterns = [
    path("", views.portfolio, name="portfolio"),
    path("samarbeid/", views.portfolio_collaboration, name="collaboration"),
    path("forsok.xlsx", views.portfolio_xlsx, name="portfolio_xlsx"),
    path("forsok.csv", views.portfolio_csv, name="portfolio_csv"),
]

# Below /stottetimer/: the support hours of the municipalities.
support_patterns = [
    path("", views.support_overview, name="support_overview"),
    path("<str:number>/", views.support_municipality, name="support"),
    path("<str:number>/budsjett/", views.support_budget, name="support_budget"),
]

urlpatterns = [
    path("", views.experiment_list, name="list"),
    path("ny/", views.experiment_create, name="create"),
    path("<int:pk>/", include(experiment_patterns)),
    path("laeringskort/", views.card_list, name="cards"),
    path("laeringskort/<int:pk>/", include(card_patterns)),
    path("portefolje/", include(portfolio_patterns)),
    path("stottetimer/", include(support_patterns)),
]
