"""«Hvem har svart»: the participants' own age bands against the population of the dialog's
municipality (SSB table 07459 through the preset «befolkning-alder»), small bands suppressed –
one selector for the results page and the report's three formats."""

import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fellesloft.dialogs import disclosure, services
from fellesloft.mission.services import preset_import
from tests.dialogs.helpers import make_dialog
from tests.experiments.pdftext import pdf_contains
from tests.mission.ssb_fixtures import read

pytestmark = pytest.mark.django_db

# Trondheim 2025 in the fixture: 13–15: 5 460, 16–19: 7 280, 20–24: 14 100, 25–29: 14 100
# persons, so of the young people living there 13 %, 18 %, 34 % and 34 %.
POPULATION_SHARES = {"13-15": 13, "16-19": 18, "20-24": 34, "25-29": 34}


@pytest.fixture
def population(db):
    preset_import(preset="befolkning-alder", data=read("07459_befolkning_alder.json"))


def _join(dialog, counts: dict[str, int], sector="ungdom"):
    for band, count in counts.items():
        for _ in range(count):
            services.participant_create(dialog=dialog, sector=sector, age_band=band)


def _row(who, band):
    return next(row for row in who.bands if row.band == band)


def test_shares_against_the_population_and_whom_to_reach(world, population):
    dialog = make_dialog(world)  # Trondheim, open
    _join(dialog, {"13-15": 2, "16-19": 12, "20-24": 6, "25-29": 0, "30+": 7})
    who = disclosure.who_responded(dialog=dialog)
    assert who.population.period == "2025"
    assert {row.band: row.population_share for row in who.bands} == POPULATION_SHARES
    # 13–15 (2) and 25–29 (0) are hidden; together 2 < 5, so the smallest shown band (20–24)
    # is hidden too – otherwise 20 − 12 − 6 would give 13–15 away.
    assert [(row.people, row.few) for row in who.bands] == [
        (None, True),
        (12, False),
        (None, False),
        (None, True),
    ]
    assert _row(who, "16-19").share == 60  # 12 of the 20 young participants
    assert _row(who, "20-24").share is None
    assert who.older.people == 7 and who.older.share is None
    text = " ".join(who.advice)
    assert "Aldersgruppen 13–15 har færre enn 5 deltakere" in text
    assert "Aldersgruppen 25–29 har færre enn 5 deltakere" in text
    assert "16–19" not in text  # overrepresented, not a band to reach
    assert "07459" in who.source and "CC BY 4.0" in " ".join(who.notes)
    assert who.chart["type"] == "bar" and len(who.chart["series"]) == 2
    assert who.chart["series"][0]["values"] == [None, 60, None, None]


def test_an_underrepresented_band_is_named_with_both_shares(world, population):
    dialog = make_dialog(world)
    _join(dialog, {"13-15": 5, "16-19": 10, "20-24": 15, "25-29": 5})
    who = disclosure.who_responded(dialog=dialog)
    under = [row.band for row in who.bands if row.underrepresented]
    assert under == ["25-29"]  # 14 % of the participants against 34 %
    assert who.advice == [
        "Aldersgruppen 25–29 er underrepresentert: 14\u00a0% av de unge deltakerne, "
        "mot 34\u00a0% av de unge som bor i kommunen. Prøv å nå flere i denne aldersgruppen "
        "før dialogen stenger."
    ]
    # Once the dialog has closed there is nobody more to reach.
    dialog.opens_at = timezone.now() - timedelta(days=9)
    dialog.closes_at = timezone.now() - timedelta(days=1)
    dialog.save()
    assert disclosure.who_responded(dialog=dialog).advice == []


def test_without_population_figures_the_participants_are_shown_and_the_import_named(world):
    dialog = make_dialog(world)
    _join(dialog, {"16-19": 5, "20-24": 5})
    who = disclosure.who_responded(dialog=dialog)
    assert who.population is None
    assert [row.share for row in who.bands] == [None, 50, 50, None]
    assert all(row.population_share is None for row in who.bands)
    assert "mangler" in who.source and "--preset befolkning-alder" in who.source
    assert len(who.chart["series"]) == 1
    no_place = make_dialog(world, municipality=None, title="Uten kommune")
    assert "ikke knyttet til en kommune" in disclosure.who_responded(dialog=no_place).source
    # A dialog that does not ask for the age band has no bands to reach.
    not_asked = make_dialog(world, ask_age_band=False, title="Uten alder")
    _join(not_asked, {"": 3})
    who = disclosure.who_responded(dialog=not_asked)
    assert not who.asks_age and who.advice == [] and who.chart == {}


def test_the_results_page_shows_it_to_the_facilitators_with_flat_queries(
    world, client_as, population
):
    dialog = make_dialog(world)
    _join(dialog, {"16-19": 6, "20-24": 5, "30+": 1})
    client = client_as("member")  # a member of the organisation running the dialog
    url = reverse("dialogs:results", args=[dialog.slug])
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    section = page[page.index('id="hvem-har-svart"') :]
    assert "Hvem har svart" in page and "mission/charts.js" in page
    assert re.search(r"16–19</th>\s*<td>6</td>\s*<td>55\u00a0%", section)
    assert re.search(r"13–15</th>\s*<td>færre enn 5</td>", section)
    assert re.search(r"30 eller eldre</th>\s*<td>færre enn 5</td>", section)
    assert "Aldersgruppen 25–29 har færre enn 5 deltakere" in section
    assert 'id="hvem-har-svart-data"' in section  # the chart, with the table as its text
    _join(dialog, {"13-15": 9, "25-29": 11, "30+": 20}, sector="nav")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    # Results made public: others see the results, not whom the facilitators should reach.
    dialog.results_public = True
    dialog.save()
    other = client_as("other_coordinator").get(url).content.decode()
    assert "Hvem har svart" not in other


def test_the_report_page_pdf_and_xlsx_show_it(world, client_as, population):
    dialog = make_dialog(world)
    _join(dialog, {"16-19": 6, "20-24": 5})
    _join(dialog, {"30+": 1, "": 4}, sector=None)
    services.participant_create(dialog=dialog, sector="helse", age_band="")
    client = client_as("member")
    page = client.get(reverse("dialogs:report", args=[dialog.slug])).content.decode()
    section = page[page.index('id="hvem-har-svart"') :]
    assert re.search(r"16–19</th>\s*<td>6</td>\s*<td>55\u00a0%", section)
    assert re.search(r"25–29</th>\s*<td>færre enn 5</td>", section)
    assert "34\u00a0%" in section and "07459" in section
    assert re.search(r"Ungdom</th><td>11</td>", section)
    assert re.search(r"Andre roller eller ikke oppgitt</th><td>6</td>", section)
    assert "Helse</th>" not in section  # one health worker: neither counted nor named

    pdf = client.get(reverse("dialogs:report_pdf", args=[dialog.slug])).content
    assert pdf.startswith(b"%PDF")
    assert pdf_contains(pdf, "Hvem har svart") and pdf_contains(pdf, "færre enn 5")

    xlsx = client.get(reverse("dialogs:report_xlsx", args=[dialog.slug])).content
    sheet = load_workbook(io.BytesIO(xlsx))["Hvem har svart"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Aldersgruppe", "Deltakere", "Andel av deltakerne")
    by_band = {row[0]: row for row in rows[1:6]}
    assert by_band["16–19"][1:3] == (6, pytest.approx(0.55))
    assert by_band["13–15"][1] == "færre enn 5" and by_band["13–15"][2] is None
    assert by_band["25–29"][3:5] == (pytest.approx(0.34), 14100)
    assert by_band["30 eller eldre"][1] == "færre enn 5"
    assert len(sheet._charts) == 1
    start = [row[0] for row in rows].index("Rolle eller sektor")
    roles = {row[0]: row[1] for row in rows[start + 1 : start + 3]}
    assert roles == {"Ungdom": 11, "Andre roller eller ikke oppgitt": 6}
