"""Free text at the door: control, non- and invisible characters are removed from every form,
query string, path value, header and JSON body before a view sees them, so nothing can break a
report (XLSX cannot hold them) or answer 500 on PostgreSQL (which refuses NUL), and a text of
zero-width spaces is empty."""

import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from fellesloft.accounts.services import api_token_create
from fellesloft.barriers.models import Barrier
from fellesloft.core.text import clean_text, is_blank
from fellesloft.dialogs import polis, services
from fellesloft.dialogs.models import ModerationMode, Statement, Vote
from fellesloft.measures import importer
from fellesloft.mission import jsonstat, tabular
from fellesloft.wsgi import django_application
from tests.dialogs.helpers import make_dialog
from tests.dialogs.test_intake import call, lane
from tests.dialogs.test_intake import setup as intake_setup

HOSTILE = {
    "NUL": "\x00",
    "SOH": "\x01",
    "ESC": "\x1b",
    "DEL": "\x7f",
    "C1": "\x85",
    "U+FFFF": "\uffff",
    "U+FFFE": "\ufffe",
    "U+FDD0": "\ufdd0",
    "U+1FFFE": "\U0001fffe",
    "lone surrogate": "\ud800",
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "right-to-left override": "\u202e",
    "Hangul filler": "\u3164",
}
INVISIBLE_ONLY = "\u200b\u200b\u200b"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.mark.parametrize("char", HOSTILE.values(), ids=HOSTILE.keys())
def test_clean_text_removes_what_no_text_may_hold(char):
    assert clean_text(f"Mer{char} tid{char}") == "Mer tid"


def test_clean_text_keeps_newlines_emoji_and_letters_and_turns_tabs_into_spaces():
    assert clean_text("Første linje\r\nandre\tlinje") == "Første linje\r\nandre linje"
    family = "👨\u200d👩\u200d👧 og 👍🏽 og ½ og ﬁ"
    assert clean_text(family) == family
    assert clean_text("a\u200db") == "ab"  # a joiner between letters only hides something
    assert is_blank(clean_text(INVISIBLE_ONLY + " \u0301 \u3164"))
    assert not is_blank("👍")


def _api_statement(client, dialog, token, text):
    return client.post(
        f"/api/v1/dialogs/{dialog.slug}/statements",
        json.dumps({"text": text}),
        content_type="application/json",
        headers={"X-Participant-Token": token},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("char", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_statement_through_the_api_is_stored_clean_and_the_report_still_opens(
    world, client, client_as, char
):
    dialog = make_dialog(world, moderation_mode=ModerationMode.AFTER)
    token = services.participant_create(dialog=dialog).token
    response = _api_statement(client, dialog, token, f"Mer{char} tid til{char} leksehjelp")
    assert response.status_code == 201, response.content
    assert response.json()["text"] == "Mer tid til leksehjelp"
    assert Statement.objects.get(is_seed=False).text == "Mer tid til leksehjelp"
    xlsx = client_as("member").get(reverse("dialogs:report_xlsx", args=[dialog.slug]))
    assert xlsx.status_code == 200
    texts = [
        row[2]
        for row in load_workbook(io.BytesIO(xlsx.content))["Utsagn"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert "Mer tid til leksehjelp" in texts


@pytest.mark.django_db
@pytest.mark.parametrize("text", [INVISIBLE_ONLY, "\x00\x01 \ufeff", " \u2060 \u200d "])
def test_a_statement_with_nothing_visible_is_empty_422_through_the_api(world, client, text):
    dialog = make_dialog(world, moderation_mode=ModerationMode.AFTER)
    token = services.participant_create(dialog=dialog).token
    response = _api_statement(client, dialog, token, text)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == "empty"
    assert response.json()["error"]["message"] == "Skriv et utsagn."
    assert not Statement.objects.filter(is_seed=False).exists()


@pytest.mark.django_db
def test_the_statement_form_cleans_and_calls_an_invisible_statement_empty(world, client):
    dialog = make_dialog(world, moderation_mode=ModerationMode.AFTER)
    client.post(reverse("dialogs:participate", args=[dialog.slug]), {})
    url = reverse("dialogs:write", args=[dialog.slug])
    empty = client.post(url, {"text": INVISIBLE_ONLY})
    assert empty.status_code == 200
    assert "Feltet er påkrevet." in empty.content.decode()
    assert not Statement.objects.filter(is_seed=False).exists()
    written = client.post(url, {"text": "Flere\x00 lærling\x01plasser\u200b\uffff"})
    assert written.status_code == 302
    assert Statement.objects.get(is_seed=False).text == "Flere lærlingplasser"


@pytest.mark.django_db
def test_seed_statements_from_the_facilitator_are_cleaned_too(world):
    dialog = make_dialog(world, seeds=None)
    services.seed_statements_add(dialog=dialog, texts=["Ny\x00 fritids\u200bklubb"])
    assert list(dialog.statements.values_list("text", flat=True)) == ["Ny fritidsklubb"]
    with pytest.raises(Exception, match="Linje 1: Skriv et utsagn"):
        services.seed_statements_add(dialog=dialog, texts=[INVISIBLE_ONLY])


@pytest.mark.django_db
def test_free_text_of_any_api_body_is_stored_clean(world, client):
    """Not only statements: every string of every JSON body (here a barrier report)."""
    _key, raw = api_token_create(user=world.users["member"], name="test")
    response = client.post(
        "/api/v1/barriers",
        {
            "organisation": world.organisation.slug,
            "title": "Fagsystemene\x00 snakker ikke sammen\u200b",
            "description": "Skolen\x01 og NAV\uffff har hver sin plan.\nFor samme ungdom.",
            "level": "national",
            "category": "ikt-systemer-og-data",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content
    barrier = Barrier.objects.get()
    assert barrier.title == "Fagsystemene snakker ikke sammen"
    assert barrier.description == "Skolen og NAV har hver sin plan.\nFor samme ungdom."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/dialogs/finnes%00ikke/participants",
        "/api/v1/dialogs/finnes\x00ikke/participants",
    ],
)
def test_a_nul_in_a_path_value_is_a_404_not_a_500(world, client, path):
    response = client.post(path, "{}", content_type="application/json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_a_nul_in_a_query_string_or_header_is_harmless(world, client):
    page = client.get(reverse("search:search"), {"q": "skole\x00\x01"})
    assert page.status_code == 200
    barriers = client.get("/api/v1/barriers", {"status": "reported\x00"})
    assert barriers.status_code in (200, 422)
    agent = client.get(reverse("search:search"), headers={"User-Agent": "x\x00y\x01"})
    assert agent.status_code == 200


@pytest.mark.django_db
def test_the_pol_is_import_cleans_the_texts_and_refuses_an_invisible_one(world):
    files = {
        "summary.csv": "topic,Mer tid\x00 til lekser\u200b\n"
        "conversation-description,Om\x01 lekser\n",
        "comments.csv": "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,"
        "comment-body\n1,x,1,1,0,0,1,Lekser\x00 i\uffff skolen\u200b\n",
        "votes.csv": "timestamp,datetime,comment-id,voter-id,vote\n1,x,1,1,1\n",
    }
    dialog = polis.import_polis(files=files, organisation=world.organisation)
    assert (dialog.title, dialog.description) == ("Mer tid til lekser", "Om lekser")
    assert list(dialog.statements.values_list("text", flat=True)) == ["Lekser i skolen"]
    files["comments.csv"] = files["comments.csv"].replace("Lekser\x00 i\uffff skolen", "\u2060")
    with pytest.raises(Exception, match="utsagnet er tomt"):
        polis.import_polis(files=files, organisation=world.organisation)


@pytest.fixture(params=["wsgi", "asgi"])
def intake(request):
    yield from lane(request.param)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "case", ["NUL in the token", "NUL in the vote", "NUL in the statement", "NUL in the slug"]
)
def test_no_string_of_a_vote_can_500_in_either_lane(world, intake, case):
    """The NUL is removed as from any other text, or names nothing in a path (PostgreSQL
    answered 500 to the slug's)."""
    dialog, token, statements = intake_setup(world)
    slug, body = dialog.slug, {"statement": statements[0], "vote": "agree", "\x00": "\x00"}
    if case == "NUL in the token":
        token = token[:5] + "\x00" + token[5:]
    elif case == "NUL in the vote":
        body["vote"] = "agree\x00"
    elif case == "NUL in the statement":
        body["statement"] = f"{statements[0]}\x00"
    elif case == "NUL in the slug":
        # A path value with a control character names no dialog: 404 in both lanes.
        for application in (intake, django_application):
            answer_status, _headers, answer = call(application, dialog.slug + "\x00", body, token)
            assert (answer_status, answer["error"]["code"]) == (404, "not_found"), answer
        assert not Vote.objects.exists()
        return
    answer_status, _headers, answer = call(intake, slug, body, token)
    assert (answer_status, answer["changed"]) == (201, True), answer
    # And straight to Django, as a server without the intake would.
    django_status, _headers, answer = call(django_application, slug, body, token)
    assert (django_status, answer["changed"]) == (201, False), answer
    assert Vote.objects.get().statement_id == statements[0]


def test_text_read_from_uploaded_files_is_cleaned_cell_by_cell():
    """Spreadsheets and CSV files are free text too; a tab between cells stays a delimiter."""
    rows = list(
        tabular.parse_csv(
            "indikator;region;periode;verdi;merknad\n"
            + "neet-andel-15-29;5001;2021;9,4;Få\x00 personer\u200b\uffff\n"
        )
    )
    assert rows[0].note == "Få personer"
    header = "kommunenummer tiltak tilbyder beskrivelse alder_fra alder_til behovstema tilgang "
    header += "kontaktpunkt åpningstid"
    cells = ["5001", "Leksehjelp\x01", "Skolen", "Gratis\x00 hjelp\u2060", "13", "19"]
    cells += ["skole", "drop-in", "Resepsjonen", "Hver dag"]
    table = importer.read_table(
        filename="tiltak.csv",
        content=(header.replace(" ", "\t") + "\n" + "\t".join(cells) + "\n").encode(),
    )
    assert table[0].values["tiltak"] == "Leksehjelp"
    assert table[0].values["beskrivelse"] == "Gratis hjelp"
    document = jsonstat.loads('{"label": "Unge\\u0000 utenfor\\ufeff", "value": [1]}')
    assert document["label"] == "Unge utenfor"
