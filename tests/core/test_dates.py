"""One way to write a date and a time per language (issue 17, item 13)."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from fellesloft.dialogs import services
from fellesloft.dialogs.analysis import compute_analysis
from tests.dialogs.helpers import make_dialog

SRC = Path(__file__).resolve().parents[2] / "src" / "fellesloft"
NAMED = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
}
# Not for people to read: ISO 8601 for <time datetime>, a day key to compare, a weekday name.
MACHINE = {"c", "Ymd", "l"}
MOMENT = datetime(2027, 1, 3, 14, 9, tzinfo=ZoneInfo("Europe/Oslo"))


def test_templates_name_their_date_format_instead_of_spelling_it_out():
    spelled = []
    for path in SRC.rglob("*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        text = path.read_text(encoding="utf-8")
        for fmt in re.findall(r"\|(?:date|time):[\"']([^\"']*)[\"']", text):
            if fmt not in NAMED | MACHINE:
                spelled.append(f"{path.relative_to(SRC)}: {fmt}")
    assert spelled == []


def test_python_writes_no_date_for_people_with_strftime():
    offenders = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # Pol.is's own timestamp format is a file format, not text for people.
            if re.search(r"strftime\(\"%d|%d\.%m\.%Y", line) and "UTC" not in line:
                offenders.append(f"{path.relative_to(SRC)}:{number}")
    assert offenders == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nb",
            {
                "DATE_FORMAT": "3. januar 2027",
                "DATETIME_FORMAT": "3. januar 2027 kl. 14:09",
                "SHORT_DATE_FORMAT": "3.1.2027",
                "SHORT_DATETIME_FORMAT": "3.1.2027 kl. 14:09",
            },
        ),
        (
            "en",
            {
                "DATE_FORMAT": "3 January 2027",
                "DATETIME_FORMAT": "3 January 2027, 14:09",
                "SHORT_DATE_FORMAT": "3 Jan 2027",
                "SHORT_DATETIME_FORMAT": "3 Jan 2027, 14:09",
            },
        ),
    ],
)
def test_one_format_per_language(language, expected):
    with translation.override(language):
        for name, text in expected.items():
            assert date_format(MOMENT, name) == text


@pytest.mark.django_db
def test_an_english_page_writes_dates_the_english_way_only(world, client_as):
    dialog = make_dialog(world, closes_at=MOMENT)
    client = client_as("member")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("dialogs:detail", args=[dialog.slug])).content.decode()
    assert "3 January 2027, 14:09" in page
    assert " kl. " not in page and "p.m." not in page and "a.m." not in page
    report = client.get(reverse("dialogs:report", args=[dialog.slug])).content.decode()
    assert "3 January 2027" in report and "3. January" not in report


@pytest.mark.django_db
def test_participation_dates_are_time_elements_that_do_not_wrap(world, client_as):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    services.vote_cast(participant=participant, statement_id=dialog.statements.first().pk, value=1)
    compute_analysis(dialog_id=dialog.pk, phase="")
    page = client_as("member").get(reverse("dialogs:results", args=[dialog.slug])).content.decode()
    day = re.search(r'<time datetime="(\d{4}-\d\d-\d\d)">([^<]+)</time>', page)
    assert day, "the participation table's dates are <time> elements"
    year, month, date = day.group(1).split("-")
    assert day.group(2) == f"{int(date)}.{int(month)}.{year}"  # «5.12.2026», no zeros
    css = (SRC / "static" / "fellesloft" / "site.css").read_text()
    assert re.search(r"(^|\n|,)\s*time\s*(,[^{]*)?\{[^}]*white-space:\s*nowrap", css)
