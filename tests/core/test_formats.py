"""One way to write numbers, percentages and dates per language (issue 23): the helpers of
core/numbers.py and the named date formats, in bokmål and English, on a page, in a PDF and
in an XLSX export. Percent by CLDR: «9,5 %» (a no-break space) in bokmål, «9.5%» in English."""

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from openpyxl import load_workbook

from fellesloft.core.numbers import (
    format_measure,
    format_number,
    format_percent,
    format_share,
    percent_pattern,
)
from fellesloft.core.spreadsheets import (
    Percent,
    Spreadsheet,
    date_format_code,
    datetime_format_code,
    percent_format_code,
)

NBSP = "\u00a0"
DAY = datetime.date(2027, 1, 15)
MOMENT = datetime.datetime(2027, 1, 15, 14, 5, tzinfo=datetime.UTC).astimezone(
    timezone.get_default_timezone()
)

# (call, bokmål, English)
CASES = [
    (lambda: format_number(9178), f"9{NBSP}178", "9,178"),
    (lambda: format_number(Decimal("1234567.5"), 1), f"1{NBSP}234{NBSP}567,5", "1,234,567.5"),
    (lambda: format_number(Decimal("9.5000")), "9,5", "9.5"),
    (lambda: format_number(2.0), "2", "2"),
    (lambda: format_number(Decimal("0.125"), 2), "0,13", "0.13"),  # half up, not to even
    (lambda: format_number(0.3333, 3), "0,333", "0.333"),
    (lambda: format_number(None), "–", "–"),
    (lambda: format_number("ikke et tall"), "–", "–"),
    (lambda: format_percent(9.5, 1), f"9,5{NBSP}%", "9.5%"),
    (lambda: format_percent(Decimal("73.4")), f"73{NBSP}%", "73%"),
    (lambda: format_percent(None), "–", "–"),
    (lambda: format_share(0.095, 1), f"9,5{NBSP}%", "9.5%"),
    (lambda: format_share(0.734), f"73{NBSP}%", "73%"),
    (lambda: format_share(1), f"100{NBSP}%", "100%"),
    (lambda: format_share(None), "–", "–"),
    (lambda: format_measure(Decimal("9.5"), "%", 1), f"9,5{NBSP}%", "9.5%"),
    (
        lambda: format_measure(9178, "personer", 0),
        f"9{NBSP}178{NBSP}personer",
        f"9,178{NBSP}personer",
    ),
    (lambda: format_measure(None, "personer"), "–", "–"),
    (lambda: percent_pattern(), f"{{}}{NBSP}%", "{}%"),
    (lambda: date_format(DAY, "SHORT_DATE_FORMAT"), "15.1.2027", "15 Jan 2027"),
    (lambda: date_format(DAY, "DATE_FORMAT"), "15. januar 2027", "15 January 2027"),
    (
        lambda: date_format(MOMENT, "SHORT_DATETIME_FORMAT"),
        "15.1.2027 kl. 15:05",
        "15 Jan 2027, 15:05",
    ),
    (lambda: percent_format_code(1), "0.0 %", "0.0%"),
    (lambda: percent_format_code(), "0 %", "0%"),
    (lambda: date_format_code(), "D.M.YYYY", "D MMM YYYY"),
    (lambda: datetime_format_code(), 'D.M.YYYY "kl." HH:MM', "D MMM YYYY, HH:MM"),
]


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize(("call", "nb", "en"), CASES)
def test_the_helpers_in_each_language(call, nb, en, language):
    with translation.override(language):
        assert call() == (nb if language == "nb" else en)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", f"9{NBSP}178 | 9,5{NBSP}% | 73{NBSP}% | 0,125 | –"),
        ("en", "9,178 | 9.5% | 73% | 0.125 | –"),
    ],
)
def test_the_template_filters_are_the_same_helpers(language, expected):
    template = Template(
        "{% load numbers %}{{ big|number }} | {{ points|percent:1 }} | {{ part|share }} | "
        "{{ small|number:3 }} | {{ nothing|share }}"
    )
    context = Context(
        {"big": 9178, "points": Decimal("9.5"), "part": 0.734, "small": Decimal("0.125")}
    )
    with translation.override(language):
        assert template.render(context) == expected


@pytest.mark.parametrize(
    ("language", "percent", "decimals"), [("nb", "0.0 %", "D.M.YYYY"), ("en", "0.0%", "D MMM YYYY")]
)
def test_an_xlsx_cell_is_a_number_shown_the_languages_way(language, percent, decimals):
    with translation.override(language):
        book = Spreadsheet()
        book.create_sheet("Tall").append([Percent(0.095, decimals=1), DAY])
        content = book.to_bytes()
    share, day = next(load_workbook(io.BytesIO(content))["Tall"].iter_rows())
    assert share.value == 0.095 and share.number_format == percent
    assert day.number_format == decimals


# --- On a page, in a PDF and in an XLSX export ---------------------------------------------


def _client_in(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "percent", "day"),
    [("nb", f"9,5{NBSP}%", "15.1.2027"), ("en", "9.5%", "15 Jan 2027")],
)
def test_a_page_and_a_pdf_write_percentages_and_dates_the_languages_way(
    world, client_as, language, percent, day
):
    from fellesloft.experiments.models import Experiment
    from tests.experiments.factories import running_experiment
    from tests.mission.helpers import make_goal

    goal = make_goal(baseline=Decimal("9.5"))
    client = _client_in(client_as("member"), language)
    page = client.get(reverse("mission:goal_detail", args=[goal.pk])).content.decode()
    assert percent in page  # the goal's baseline, by the indicator's unit and decimals
    other = "9.5%" if language == "nb" else f"9,5{NBSP}%"
    assert other not in page and "9,5%" not in page

    item = running_experiment(world, title="Forsøk med datoer")
    Experiment.objects.filter(pk=item.pk).update(start_meeting_date=DAY)
    from tests.experiments.pdftext import pdf_contains

    pdf = client.get(reverse("experiments:pdf", args=[item.pk])).content
    assert pdf_contains(pdf, day)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "percent", "day"), [("nb", "0.0 %", "D.M.YYYY"), ("en", "0.0%", "D MMM YYYY")]
)
def test_the_portfolio_export_shows_shares_and_dates_the_languages_way(
    world, client_as, language, percent, day
):
    from fellesloft.experiments import services
    from tests.experiments.factories import evaluate, past_sprint, running_experiment

    item = running_experiment(world, title="Forsøk i eksporten")
    evaluate(past_sprint(item))
    services.support_entry_log(
        municipality=world.municipality,
        date=timezone.localdate(),
        hours="4.5",
        kind="training",
        given_by_organisation=world.organisation,
        by=world.users["mission_lead"],
    )
    client = _client_in(client_as("mission_lead"), language)
    response = client.get(reverse("experiments:portfolio_xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    support = {row[0].value: row[4] for row in workbook.worksheets[2].iter_rows(min_row=2)}
    used = support[world.municipality.name]
    assert used.number_format == percent and round(used.value, 4) == 0.09  # 4,5 of 50 hours
    experiments = list(workbook.worksheets[0].iter_rows(min_row=2))
    evaluated = experiments[0][13]  # «Sist evaluert»
    assert isinstance(evaluated.value, datetime.datetime) and evaluated.number_format == day
