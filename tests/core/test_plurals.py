"""«1 deltakere»: a count shown with a noun goes through ngettext / blocktranslate count."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from fellesloft.dialogs import services
from tests.dialogs.helpers import make_dialog

SRC = Path(__file__).resolve().parents[2] / "src" / "fellesloft"
# Nouns whose form (in bokmål or in English) depends on the number before them.
NOUNS = (
    "deltakere|stemmer|utsagn|rader|plasser|barrierer|varsler|organisasjoner|kommuner|tiltak|"
    "behovstemaer|forsøk|dager|tall|celler|regioner|feil"
)
# A limit in a sentence («høyst 140 tegn», «færre enn 5 personer») is never 1.
LIMITS = {"max", "min"}


def _templates():
    for path in SRC.rglob("*"):
        if path.suffix in {".html", ".txt"}:
            yield path, path.read_text(encoding="utf-8")


def test_templates_put_counted_nouns_through_blocktranslate_count():
    found = []
    block = re.compile(
        r"\{% blocktranslate(?P<args>.*?)%\}(?P<body>.*?)\{% endblocktranslate %\}", re.S
    )
    for path, text in _templates():
        for match in block.finditer(text):
            if re.search(r"\bcount\b", match.group("args")):
                continue
            for hit in re.finditer(rf"\{{\{{ (\w+) \}}\}} ({NOUNS})\b", match.group("body")):
                if hit.group(1) not in LIMITS:
                    found.append(f"{path.relative_to(SRC)}: {hit.group(0)}")
        for hit in re.finditer(r"\{\{ [\w.|]+ \}\}</span> \{% translate ", text):
            found.append(f"{path.relative_to(SRC)}: {hit.group(0)}")
    assert found == []


def test_python_puts_counted_nouns_through_ngettext():
    found = []
    pattern = re.compile(rf'(?<!ngettext\()\b_\(\s*"[^"]*%\((\w+)\)[sd] ({NOUNS})\b')
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for hit in pattern.finditer(path.read_text(encoding="utf-8")):
            if hit.group(1) not in LIMITS:
                found.append(f"{path.relative_to(SRC)}: {hit.group(0)}")
    assert found == []


@pytest.mark.django_db
def test_one_participant_is_one_deltaker(world, client_as):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    services.vote_cast(participant=participant, statement_id=dialog.statements.first().pk, value=1)
    page = client_as("member").get(reverse("dialogs:detail", args=[dialog.slug])).content.decode()
    page = re.sub(r"<[^>]+>", "", page)
    assert re.search(r"\b1\s+deltaker\b", page) and re.search(r"\b1\s+stemme\b", page)
    assert not re.search(r"\b1\s+(deltakere|stemmer)\b", page)
