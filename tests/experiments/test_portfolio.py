import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fellesloft.experiments import selectors, services
from fellesloft.experiments.models import Sprint
from fellesloft.mission.models import MainChallenge, NeedTheme
from fellesloft.organisations.models import Sector
from tests.experiments.factories import (
    evaluate,
    experiment,
    organisation,
    past_sprint,
    running_experiment,
)
from tests.experiments.pdftext import pdf_contains

pytestmark = pytest.mark.django_db


def test_filters_by_tag_sector_status_and_municipality(world):
    school_only = experiment(world, title="Bare skole", challenges=("ukoordinerte-tiltak",))
    with_nav = running_experiment(world, title="Skole og NAV", themes=("psykisk-helse",))
    nav = Sector.objects.get(slug="nav")
    lead = world.users["mission_lead"]
    assert list(selectors.portfolio_experiments(user=lead, sector=nav)) == [with_nav]
    assert list(selectors.portfolio_experiments(user=lead, status="idea")) == [school_only]
    challenge = MainChallenge.objects.get(slug="ukoordinerte-tiltak")
    assert list(selectors.portfolio_experiments(user=lead, main_challenge=challenge)) == [
        school_only
    ]
    theme = NeedTheme.objects.get(slug="psykisk-helse")
    assert list(selectors.portfolio_experiments(user=lead, need_theme=theme)) == [with_nav]
    assert not selectors.portfolio_experiments(
        user=lead, municipality=world.other_municipality
    ).exists()


def test_matrix_shows_where_experiments_run_and_where_none_do(world):
    experiment(world, challenges=("samarbeid-pa-tvers", "ukoordinerte-tiltak"))
    experiment(world, title="To", challenges=("samarbeid-pa-tvers",))
    matrix = selectors.challenge_matrix(user=world.users["member"])
    slugs = [challenge.slug for challenge in matrix.challenges]
    row = next(row for row in matrix.rows if row.municipality == world.municipality)
    assert row.counts[slugs.index("samarbeid-pa-tvers")] == 2
    assert row.counts[slugs.index("ukoordinerte-tiltak")] == 1
    assert len(matrix.rows) == 38
    assert world.other_municipality in matrix.municipalities_without
    assert {c.slug for c in matrix.empty_challenges} == set(slugs) - {
        "samarbeid-pa-tvers",
        "ukoordinerte-tiltak",
    }


def test_collaboration_network_degree_density_and_missing_sector_pairs(world):
    nav = organisation("NAV Midtbyen", "nav", world.municipality)
    volunteer = organisation("Røde Kors (test)", "frivillighet", world.municipality)
    experiment(world, partners=[nav])
    experiment(world, title="Tre", partners=[nav, volunteer])
    network = selectors.collaboration(user=world.users["member"])
    degrees = {node.organisation: node.degree for node in network.organisations}
    assert degrees == {world.organisation: 2, nav: 2, volunteer: 2}
    # Three organisations, all connected: density 1.
    assert network.density == pytest.approx(1.0)
    weights = {frozenset((a.organisation, b.organisation)): w for a, b, w in network.edges}
    assert weights[frozenset((world.organisation, nav))] == 2
    pairs = {(a.slug, b.slug): count for a, b, count in network.sector_pairs}
    assert pairs[("skole-oppvekst", "nav")] == 2
    missing = {(a.slug, b.slug) for a, b in network.missing_sector_pairs}
    assert ("skole-oppvekst", "nav") not in missing
    assert ("helse", "barnevern") in missing
    assert all("ungdom" not in pair for pair in missing)
    for node in network.organisations:
        assert 0 <= node.x <= 1 and 0 <= node.y <= 1


def test_running_experiments_without_evaluation_for_six_weeks_are_flagged(world):
    fresh = running_experiment(world, title="Nylig evaluert")
    evaluate(past_sprint(fresh, weeks_ago=5, length_weeks=3))
    old = running_experiment(world, title="Lenge siden")
    sprint = evaluate(past_sprint(old, weeks_ago=12, length_weeks=3))
    Sprint.objects.filter(pk=sprint.pk).update(evaluated_at=timezone.now() - timedelta(weeks=7))
    never = running_experiment(world, title="Aldri evaluert")
    later = timezone.now() + timedelta(weeks=7)
    lead = world.users["mission_lead"]
    assert set(selectors.stale_experiments(user=lead, now=later)) == {fresh, old, never}
    assert list(selectors.stale_experiments(user=lead)) == [old]


def _data(world, count: int) -> None:
    nav = organisation(f"NAV {count}", "nav", world.municipality)
    for index in range(count):
        item = running_experiment(world, title=f"Forsøk {count}-{index}", partner=nav)
        evaluate(past_sprint(item, weeks_ago=10, length_weeks=3), barrier_note="Regelverk")
        past_sprint(item, weeks_ago=6, length_weeks=3)
        services.learning_card_publish(
            card=services.learning_card_create(
                experiment=item,
                title="Kort",
                hypothesis="h",
                observation="o",
                learning="l",
                decision="d",
                by=None,
            ),
            by=None,
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url_name",
    [
        "experiments:portfolio",
        "experiments:collaboration",
        "experiments:list",
        "experiments:cards",
        "experiments:support_overview",
    ],
)
def test_page_queries_do_not_grow_with_the_data(
    world, client_as, url_name, django_assert_max_num_queries
):
    client = client_as("member")
    _data(world, 2)
    baseline = _queries(client, reverse(url_name))
    _data(world, 12)
    with django_assert_max_num_queries(baseline):
        assert client.get(reverse(url_name)).status_code == 200


def test_experiment_page_queries_do_not_grow(world, client_as, django_assert_max_num_queries):
    client = client_as("member")
    small = running_experiment(world, title="Lite")
    evaluate(past_sprint(small, weeks_ago=10, length_weeks=3))
    baseline = _queries(client, reverse("experiments:detail", args=[small.pk]))
    big = running_experiment(world, title="Stort")
    for index in range(8):
        services.experiment_partner_add(
            experiment=big, organisation=organisation(f"Partner {index}", "helse"), by=None
        )
    for weeks_ago in (40, 34, 28, 22, 16, 10):
        evaluate(past_sprint(big, weeks_ago=weeks_ago, length_weeks=3), barrier_note="Barriere")
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("experiments:detail", args=[big.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("Hva fungerte?") == 6


def test_xlsx_export_opens_with_the_portfolio(world, client_as):
    item = running_experiment(world, title="=SUM(A1) er ikke en formel")
    evaluate(past_sprint(item))
    response = client_as("member").get(reverse("experiments:portfolio_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Forsøk", "Matrise", "Støttetimer", "Uten evaluering"]
    rows = list(workbook["Forsøk"].iter_rows(values_only=True))
    assert rows[0][:3] == ("ID", "Tittel", "Kommune")
    assert rows[1][1] == "=SUM(A1) er ikke en formel"
    assert workbook["Forsøk"]["B2"].data_type == "s"
    assert rows[1][2] == "Trondheim"
    assert rows[1][6] == "Pågår"
    assert rows[1][12] == 1
    matrix = list(workbook["Matrise"].iter_rows(values_only=True))
    assert len(matrix) == 39


def test_csv_export_follows_the_filter(world, client_as):
    experiment(world, title="Idé-forsøk")
    running_experiment(world, title="Pågående forsøk")
    response = client_as("member").get(reverse("experiments:portfolio_csv"), {"status": "running"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][1] == "Tittel"
    assert [row[1] for row in rows[1:]] == ["Pågående forsøk"]


def test_experiment_summary_pdf_has_the_hypothesis_and_evaluation(world, client_as):
    item = running_experiment(world, title="Fraværsteam på Byåsen")
    evaluate(past_sprint(item), barrier_note="Taushetsplikten stopper deling")
    response = client_as("member").get(reverse("experiments:pdf", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert pdf_contains(response.content, "Fraværsteam på Byåsen")
    assert pdf_contains(response.content, "Hva fungerte?")
    assert pdf_contains(response.content, "Taushetsplikten stopper deling")
    assert not pdf_contains(response.content, "Dette står ikke i dokumentet")
