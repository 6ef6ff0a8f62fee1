"""The screening for personal data: the forms people write it in, and ordinary texts that must
pass (a table each, so a widened pattern cannot quietly hold half the dialog)."""

import pytest
from django.core.cache import cache

from fellesloft.core.screening import describe_findings, find_personal_data
from fellesloft.dialogs import services
from fellesloft.dialogs.models import ModerationMode, Statement, StatementState
from tests.dialogs.helpers import make_dialog

VALID_IDENTITY_NUMBER = "15058510170"  # 15.05.85, individual number 101, check digits 70
assert __import__("stdnum.no.fodselsnummer").no.fodselsnummer.is_valid(VALID_IDENTITY_NUMBER)

HELD = [
    # (text, the kind that must be found, the text of the finding)
    ("fnr 15058510170", "identity_number", "15058510170"),
    ("Ring meg: 150585 10170", "identity_number", "150585 10170"),
    ("Jeg er født 15.05.85 10170", "identity_number", "15.05.85 10170"),
    ("1 5 0 5 8 5 1 0 1 7 0 er nummeret", "identity_number", "1 5 0 5 8 5 1 0 1 7 0"),
    ("nummeret 150585\u200b10170 her", "identity_number", "150585\u200b10170"),
    ("nummeret １５０５８５１０１７０ her", "identity_number", "１５０５８５１０１７０"),
    ("15-05-85-101-70", "identity_number", "15-05-85-101-70"),
    # Eleven digits that fail the mod-11 check, and a text that names the number.
    ("Mitt nummer er 01010112345", "identity_number_like", "01010112345"),
    ("0101 0112 345", "identity_number_like", "0101 0112 345"),
    ("fødselsnummeret mitt er 01010112345", "identity_number_mention", "fødselsnummeret"),
    ("Personnummer: spør meg", "identity_number_mention", "Personnummer"),
    ("send fnr på sms", "identity_number_mention", "fnr"),
    # Phone numbers in the ordinary forms and the ones meant to get past a filter.
    ("ring 45 00 00 00", "phone_number", "45 00 00 00"),
    ("ring 450 00 000", "phone_number", "450 00 000"),
    ("ring 45000000", "phone_number", "45000000"),
    ("ring +47 45000000", "phone_number", "+47 45000000"),
    ("ring 0047 450 00 000", "phone_number", "0047 450 00 000"),
    ("ring 4 5 0 0 0 0 0 0", "phone_number", "4 5 0 0 0 0 0 0"),
    ("ring 4-5-0-0-0-0-0-0", "phone_number", "4-5-0-0-0-0-0-0"),
    ("ring 4.5.0.0.0.0.0.0", "phone_number", "4.5.0.0.0.0.0.0"),
    ("ring 450\u200b00\u200b000", "phone_number", "450\u200b00\u200b000"),
    ("ring ４５０００ ０００", "phone_number", "４５０００ ０００"),
    (
        "ring fire fem null null null null null null",
        "phone_number",
        "fire fem null null null null null null",
    ),
    ("ring fire fem, null null, 12 34", "phone_number", "fire fem, null null, 12 34"),
    ("ring ni to tre fire 56 78", "phone_number", "ni to tre fire 56 78"),
    ("sms åtte syv sju seks fem fire tre to", "phone_number", "åtte syv sju seks fem fire tre to"),
    # E-mail addresses, plain and written around a filter.
    ("skriv til ola.nordmann@skolen.no", "email", "ola.nordmann@skolen.no"),
    ("skriv til ola(at)skolen.no", "email", "ola(at)skolen.no"),
    ("skriv til ola [at] skolen.no", "email", "ola [at] skolen.no"),
    ("skriv til ola at skolen.no", "email", "ola at skolen.no"),
    ("skriv til ola krøllalfa skolen.no", "email", "ola krøllalfa skolen.no"),
    ("skriv til ola＠skolen.no", "email", "ola＠skolen.no"),
    ("skriv til ola @ gmail.com", "email", "ola @ gmail.com"),
    ("skriv til ola (at) gmail (dot) com", "email", "ola (at) gmail (dot) com"),
    ("skriv til ola at gmail dot com", "email", "ola at gmail dot com"),
    ("skriv til ola krøllalfa skolen punktum no", "email", "ola krøllalfa skolen punktum no"),
    ("skriv til ola(at)gmail", "email", "ola(at)gmail"),
    ("skriv til ola\u200b@\u200bskolen.no", "email", "ola\u200b@\u200bskolen.no"),
]

NOT_HELD = [
    "Jeg tror at skolen må ha flere miljøarbeidere.",
    "Det viktigste er at ungdommene blir hørt, og at de får hjelp tidlig.",
    "Jeg synes at NAV burde svare raskere enn i dag.",
    "I 2024 sluttet 3 av 10 elever på yrkesfag.",
    "Busskortet koster kr 1 500 i året, det er for dyrt for mange.",
    "Kommunen brukte 45 000 000 kroner på tiltaket.",
    "Budsjettet var 12 345 678 kroner i 2023.",
    "Møtet er 24.12.2025 og neste 15.01.2026.",
    "Fristen var 2025-12-24 for søknaden.",
    "Planen gjelder 2020–2024 og 2025-2029.",
    "Fra 1990 til 2024 har tallet doblet seg.",
    "Vi var en to tre stykker som møttes kl. 14.30.",
    "Fem av ni ungdommer sier de har en voksen å snakke med.",
    "Organisasjonsnummer 974 760 673 står på fakturaen.",
    "1. Mer tid. 2. Færre skjemaer. 3. Bedre samarbeid.",
    "Ungdom 16–19 år og 20–24 år svarte ulikt, 55 % mot 61 %.",
    "Klubben holder åpent 18-22 fem dager i uka.",
    "Det tok 3, 4 eller 5 uker å få svar.",
    "Vi møtes @ biblioteket på fredag.",
    "Hjemmesiden er www.nav.no og skolen.no.",
    "Les mer på https://www.regjeringen.no/no/dokumenter/ om saken.",
]


@pytest.mark.parametrize(("text", "kind", "found"), HELD)
def test_personal_data_in_the_forms_people_write_it_is_held(text, kind, found):
    findings = find_personal_data(text)
    assert [(f.kind, text[f.start : f.end]) for f in findings if f.kind == kind] == [
        (kind, found)
    ], [(f.kind, text[f.start : f.end]) for f in findings]


@pytest.mark.parametrize("text", NOT_HELD)
def test_ordinary_texts_are_not_held(text):
    findings = find_personal_data(text)
    assert findings == [], [(f.kind, text[f.start : f.end]) for f in findings]


def test_an_eleven_digit_number_and_its_mention_are_both_named_for_the_moderator():
    findings = find_personal_data("fødselsnummeret mitt er 01010112345")
    assert describe_findings(findings) == (
        "omtale av fødselsnummer eller personnummer, "
        "tall med 11 sifre som kan være et fødselsnummer"
    )


@pytest.fixture
def _clear_cache():
    cache.clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("_clear_cache")
@pytest.mark.parametrize(
    "text",
    [
        "Jeg er født 15.05.85 10170",
        "fødselsnummeret mitt er 01010112345",
        "ring 450\u200b00\u200b000",
        "skriv til ola [at] skolen.no",
        "ring fire fem null null null null null null",
    ],
)
def test_a_statement_in_such_a_form_is_held_not_published(world, client, text):
    dialog = make_dialog(world, moderation_mode=ModerationMode.AFTER)
    token = services.participant_create(dialog=dialog).token
    response = client.post(
        f"/api/v1/dialogs/{dialog.slug}/statements",
        {"text": text},
        content_type="application/json",
        headers={"X-Participant-Token": token},
    )
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "pending"
    statement = Statement.objects.get(is_seed=False)
    assert statement.state == StatementState.PENDING
    assert "personopplysninger" in statement.hold_reason
