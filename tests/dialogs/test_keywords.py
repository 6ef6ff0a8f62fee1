"""Groups explained in their own words on the results page, in the report (page, PDF, XLSX)
and in the results API: keywords always with the quoted statements they came from."""

import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from fellesloft.dialogs import disclosure, reports, services
from fellesloft.dialogs.analysis import compute_analysis
from fellesloft.dialogs.keywords import label_consensus, label_groups
from fellesloft.dialogs.models import StatementState
from tests.dialogs.helpers import make_dialog

pytestmark = pytest.mark.django_db

PHONES = [
    "Mobilen bør ligge i sekken i timene.",
    "Mobilfri skole gir ro i timene.",
]
PRACTICE = [
    "Mer praksis og mindre teori.",
    "Praksis i arbeidslivet gir motivasjon.",
]
SHARED = [
    "Gratis skolemat hver dag.",
    "Skolemat gir energi til å lære.",
]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _camps_dialog(world, **fields):
    """Two camps of eight: one agrees with the phone statements and disagrees with the
    practice ones, the other the other way round; everybody agrees on school meals."""
    dialog = make_dialog(world, seeds=PHONES + PRACTICE + SHARED, **fields)
    statements = {s.text: s for s in dialog.statements.all()}
    for camp in (1, -1):
        for _ in range(8):
            participant = services.participant_create(dialog=dialog).participant
            for text in PHONES:
                services.vote_cast(
                    participant=participant, statement_id=statements[text].pk, value=camp
                )
            for text in PRACTICE:
                services.vote_cast(
                    participant=participant, statement_id=statements[text].pk, value=-camp
                )
            for text in SHARED:
                services.vote_cast(
                    participant=participant, statement_id=statements[text].pk, value=1
                )
    compute_analysis(dialog_id=dialog.pk, phase="")
    return dialog, statements


def _phones_group(result):
    return next(group for group in result.groups if "mobilen" in group["keywords"]["agree"]["text"])


def test_each_group_is_labelled_by_the_words_of_its_own_statements(world):
    dialog, statements = _camps_dialog(world)
    (result,) = disclosure.dialog_results(dialog=dialog)
    assert len(result.groups) == 2
    phones = _phones_group(result)
    practice = next(group for group in result.groups if group is not phones)
    assert phones["keywords"]["agree"]["words"][0]["word"] in {"mobilen", "timene"}
    assert "praksis" in practice["keywords"]["agree"]["text"]
    assert "praksis" in phones["keywords"]["disagree"]["text"]
    for group in result.groups:
        for direction in ("agree", "disagree"):
            label = group["keywords"][direction]
            cited = {item["statement"] for item in label["statements"]}
            representative = {item["statement"] for item in group["representative"]}
            assert cited <= representative
            for word in label["words"]:
                assert word["statements"] and set(word["statements"]) <= cited
                for statement in word["statements"]:
                    text = {s.pk: s.text for s in statements.values()}[statement]
                    assert word["word"].lower() in text.lower()
            assert all(item["direction"] == direction for item in label["statements"])
    # The consensus gets the same: school meals, quoted.
    consensus = result.consensus_agree_keywords
    assert "skolemat" in consensus["text"]
    assert {item["text"] for item in consensus["statements"]} <= set(SHARED)


def test_a_statement_rejected_since_the_analysis_lends_no_word(world):
    dialog, statements = _camps_dialog(world)
    statement = statements[PHONES[0]]
    statement.state = StatementState.REJECTED
    statement.save(update_fields=["state"])
    (result,) = disclosure.dialog_results(dialog=dialog)
    for group in result.groups:
        for label in group["keywords"].values():
            assert statement.pk not in {item["statement"] for item in label["statements"]}
            assert "sekken" not in label["text"]


def test_empty_and_wordless_groups_are_labelled_empty_not_invented():
    groups = [
        {"id": 0, "label": "A", "representative": []},
        {
            "id": 1,
            "label": "B",
            "representative": [
                {"statement": 7, "text": "Ja, og det!", "direction": "agree", "share": 0.9}
            ],
        },
    ]
    labelled = label_groups(groups, {7: "Ja, og det!"})
    for group in labelled:
        for label in group["keywords"].values():
            assert label == {"text": "", "words": [], "statements": []}
    assert label_consensus([], {}) == {"text": "", "words": [], "statements": []}


def test_results_page_shows_the_keywords_with_the_quoted_statements(world, client_as):
    dialog, statements = _camps_dialog(world, results_public=True)
    page = client_as("anonymous").get(reverse("dialogs:results", args=[dialog.slug]))
    html = page.content.decode()
    assert "Stikkord fra det gruppen er enig i:" in html
    assert "Stikkord fra det gruppen er uenig i:" in html
    assert "Stikkord for det de fleste er enige om:" in html
    blocks = re.findall(r'<div class="keyword-label">(.*?)</div>', html, re.S)
    assert len(blocks) == 5  # two per group, one for the consensus
    for block in blocks:
        words = re.findall(r'<span class="keyword">([^<]+)</span>', block)
        quotes = re.findall(r"«([^»]+)» \(utsagn nr\. (\d+), (enig|uenig)\)", block)
        assert words and quotes
        for word in words:
            assert any(word.lower() in text.lower() for text, _, _ in quotes)
        for text, number, _ in quotes:
            assert statements[text].pk == int(number)


def test_report_page_pdf_and_xlsx_show_the_keywords_with_their_statements(
    world, client_as, monkeypatch
):
    dialog, statements = _camps_dialog(world)
    client = client_as("member")
    page = client.get(reverse("dialogs:report", args=[dialog.slug])).content.decode()
    assert page.count('<div class="keyword-label">') == 5
    assert "Stikkord fra det gruppen er enig i:" in page
    rendered = {}

    def fake_pdf(html):
        rendered["html"] = html
        return b"%PDF-1.7"

    monkeypatch.setattr(reports, "html_to_pdf", fake_pdf)
    assert client.get(reverse("dialogs:report_pdf", args=[dialog.slug])).status_code == 200
    assert rendered["html"].count('<div class="keyword-label">') == 5
    assert "«Mobilen bør ligge i sekken i timene.»" in rendered["html"]

    xlsx = client.get(reverse("dialogs:report_xlsx", args=[dialog.slug]))
    rows = list(load_workbook(io.BytesIO(xlsx.content))["Stikkord"].iter_rows(values_only=True))
    assert rows[0][:6] == ("Fase", "Hva", "Stikkord", "Utsagn nr.", "Utsagn", "Retning")
    data = [row for row in rows[1:] if row[1]]
    assert {row[1] for row in data} == {"Gruppe A", "Gruppe B", "Flest enige"}
    for _, _, label, number, text, direction, own_words in data:
        assert statements[text].pk == number and direction in {"enig", "uenig"}
        assert own_words and all(word in label.split(", ") for word in own_words.split(", "))
        assert all(word.lower() in text.lower() for word in own_words.split(", "))


def test_results_api_has_the_keywords_besides_the_existing_fields(world, client):
    dialog, statements = _camps_dialog(world, results_public=True)
    response = client.get(f"/api/v1/dialogs/{dialog.slug}/results")
    assert response.status_code == 200
    (phase,) = response.json()["phases"]
    assert {"groups", "consensus_agree", "consensus_disagree", "divisive"} <= set(phase)
    by_id = {s.pk: s.text for s in statements.values()}
    for group in phase["groups"]:
        assert {"id", "label", "size", "representative", "keywords"} <= set(group)
        for direction in ("agree", "disagree"):
            label = group["keywords"][direction]
            assert label["text"] == ", ".join(word["word"] for word in label["words"])
            for item in label["statements"]:
                assert item["text"] == by_id[item["statement"]]
                assert item["direction"] == direction
    consensus = phase["consensus_agree_keywords"]
    assert "skolemat" in consensus["text"]
    assert all(item["text"] in SHARED for item in consensus["statements"])
    assert phase["consensus_disagree_keywords"] == {"text": "", "words": [], "statements": []}
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "KeywordLabelOut" in schema and "keywords" in schema["GroupOut"]["properties"]
