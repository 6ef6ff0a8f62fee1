"""Issue 17, items 2 and 12: what the public sees of a dialog's results.

The attacker of item 2 knows who took part in which role (the one health worker of a small
municipality) and reads everything public about the dialog: the results page, the report page,
the JSON API, the XLSX and the PDF. From that, no hidden person's vote may follow – also not by
subtracting the shown groups from the statement totals.
"""

import html
import io
import random
import re
from itertools import product

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from fellesloft.dialogs import services
from fellesloft.dialogs.analysis import compute_analysis
from fellesloft.dialogs.disclosure import MIN_GROUP_SIZE, suppress, youth_differences
from fellesloft.dialogs.models import Participant, StatementState
from fellesloft.opinion import MIN_FINDING_VOTES
from fellesloft.organisations.models import Sector
from tests.dialogs.helpers import make_dialog
from tests.experiments.pdftext import pdf_contains

pytestmark = pytest.mark.django_db

VOTES = ("agree", "disagree", "pass")
VALUE = {"agree": 1, "disagree": -1, "pass": 0}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


# --- the attacker ------------------------------------------------------------------------------


def possible_votes(*, totals, shown, others_capacity):
    """Which votes of the target (one person outside the shown cells) agree with the published
    figures. totals: (agree, disagree, pass) of the statement; shown: [(n, agree)] of the shown
    cells (their disagree/pass split is not published); others_capacity: how many other people
    may have voted outside the shown cells. Returns a subset of {agree, disagree, pass, None}."""
    agree_shown = sum(a for _, a in shown)
    other_shown = sum(n - a for n, a in shown)
    possible = set()
    for vote in (*VOTES, None):
        mine = {name: int(vote == name) for name in VOTES}
        for disagree_shown in range(other_shown + 1):
            rest = (
                totals[0] - agree_shown - mine["agree"],
                totals[1] - disagree_shown - mine["disagree"],
                totals[2] - (other_shown - disagree_shown) - mine["pass"],
            )
            if min(rest) >= 0 and sum(rest) <= others_capacity:
                possible.add(vote)
                break
    return possible


def derivable(possible) -> bool:
    """Whether the target's vote follows: the lens publishes agree shares, so an agree and a
    non-agree vote must both remain possible."""
    return not ("agree" in possible and possible & {"disagree", "pass"})


def assert_not_derivable(possible, *, where):
    assert not derivable(possible), f"{where}: the hidden person's vote follows: {possible}"


def _cells_of_html_lens(page: str) -> set[tuple[str, str]]:
    """(statement text, sector name) of every lens cell the page shows a figure in."""
    cells = set()
    for table in re.findall(r'<table class="ds-table sector-lens">(.*?)</table>', page, re.S):
        names = [html.unescape(n) for n in re.findall(r'<th scope="col">(.*?)</th>', table)][1:]
        for row in re.findall(r"<tr><td>(.*?)</tr>", table, re.S):
            values = re.findall(r"(?:^|<td[^>]*>)(.*?)</td>", row)
            text, figures = html.unescape(values[0]), values[1:]
            cells |= {(text, name) for name, v in zip(names, figures, strict=True) if v != "–"}
    return cells


def _cells_of_xlsx_lens(sheet) -> set[tuple[str, str]]:
    cells, names = set(), []
    for row in sheet.iter_rows(values_only=True):
        if not row or row[0] is None:
            continue
        if any(isinstance(value, str) for value in row[1:]):
            names = list(row[1:])  # a phase's header: the sectors' names
            continue
        cells |= {
            (row[0], name) for name, value in zip(names, row[1:], strict=False) if value is not None
        }
    return cells


# --- the dialog --------------------------------------------------------------------------------


def _vote(participant, statement, vote):
    services.vote_cast(participant=participant, statement_id=statement.pk, value=VALUE[vote])


def small_groups_dialog(world):
    """Six young people, six from NAV and one health worker (the issue's case, one bigger),
    all voting on every statement. NAV and the health worker agree on the first statement to
    a man; the totals are never unanimous."""
    dialog = make_dialog(world, results_public=True)
    statements = list(dialog.statements.filter(state=StatementState.APPROVED).order_by("pk"))
    youth = [services.participant_create(dialog=dialog, sector="ungdom").participant]
    youth += [
        services.participant_create(dialog=dialog, sector="ungdom").participant for _ in range(5)
    ]
    nav = [services.participant_create(dialog=dialog, sector="nav").participant for _ in range(6)]
    health_worker = services.participant_create(dialog=dialog, sector="helse").participant
    kari = ["agree", "disagree", "pass", "agree", "disagree", "pass"]
    for j, statement in enumerate(statements):
        for i, person in enumerate(youth):
            _vote(person, statement, "disagree" if (i + j) % 3 == 0 else "agree")
        for i, person in enumerate(nav):
            _vote(person, statement, "agree" if j < 3 or i % 2 else "pass")
        _vote(health_worker, statement, kari[j])
    compute_analysis(dialog_id=dialog.pk, phase="")
    return dialog, health_worker


def test_no_hidden_persons_vote_follows_from_everything_public(world, client):
    dialog, health_worker = small_groups_dialog(world)
    slug = dialog.slug
    results_page = client.get(reverse("dialogs:results", args=[slug])).content.decode()
    report_page = client.get(reverse("dialogs:report", args=[slug])).content.decode()
    api = client.get(f"/api/v1/dialogs/{slug}/results").json()
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("dialogs:report_xlsx", args=[slug])).content)
    )
    pdf = client.get(reverse("dialogs:report_pdf", args=[slug])).content

    # The statement totals, from the spreadsheet and the report page alike.
    totals = {}
    for row in list(workbook["Utsagn"].iter_rows(values_only=True))[1:]:
        totals[row[2]] = (row[3], row[4], row[5])
        cells = "".join(f"<td>{n}</td>" for n in totals[row[2]])
        source = ' <span class="statement-source">(startutsagn)</span>' if row[6] else ""
        assert f"<td>{html.escape(row[2])}{source}</td>{cells}" in report_page.replace(
            "&#x27;", "'"
        )
    assert len(totals) == 6

    # The lens with its counts (the API), and nothing more on the pages or in the files.
    lens = api["phases"][0]["sector_lens"]
    names = [sector["name"] for sector in lens["sectors"]]
    shown = {
        row["text"]: [
            (cell["n"], round(cell["agree_share"] * cell["n"]))
            for cell in row["cells"]
            if cell["n"] is not None
        ]
        for row in lens["rows"]
    }
    api_cells = {
        (row["text"], name)
        for row in lens["rows"]
        for name, cell in zip(names, row["cells"], strict=True)
        if cell["n"] is not None
    }
    assert api_cells, "the lens must still show something, or the test proves nothing"
    assert _cells_of_html_lens(results_page) == api_cells
    assert _cells_of_html_lens(report_page) == api_cells
    assert _cells_of_xlsx_lens(workbook["Sektorlinse"]) == api_cells
    published_names = set(names) | {
        key.split(": ", 1)[1]
        for key, _ in workbook["Sammendrag"].iter_rows(values_only=True)
        if str(key).startswith("Rolle eller sektor: ")
    }
    for sector in Sector.objects.filter(participant__dialog=dialog).distinct():
        if sector.name in published_names:
            assert pdf_contains(pdf, sector.name)
        elif not any(sector.name in text for text in totals):  # «NAV og skolen …»
            assert not pdf_contains(pdf, sector.name), f"the PDF names {sector.name}"

    # The attacker knows every group's size; the health worker is the one to unmask.
    people = {
        sector.name: Participant.objects.filter(dialog=dialog, sector=sector).count()
        for sector in Sector.objects.filter(participant__dialog=dialog).distinct()
    }
    for text, cells in shown.items():
        row_names = {name for (t, name) in api_cells if t == text}
        capacity = sum(n for name, n in people.items() if name not in row_names) - 1
        possible = possible_votes(totals=totals[text], shown=cells, others_capacity=capacity)
        assert_not_derivable(possible, where=text)

    # Nor does the size of a hidden group follow from the participants' breakdown.
    overview = dict(workbook["Sammendrag"].iter_rows(values_only=True))
    shown_people = sum(
        n for key, n in overview.items() if str(key).startswith("Rolle eller sektor: ")
    )
    rest = (
        overview["Deltakere"]
        - shown_people
        + overview.get("Rolle eller sektor: Andre roller eller ikke oppgitt", 0)
    )
    assert rest >= MIN_GROUP_SIZE
    assert health_worker.sector.name not in published_names


def test_suppression_holds_against_differencing_on_random_tables():
    """The rule on its own, against the same attacker: random statements with groups of one
    to eight voters; every hidden voter's vote stays open unless the statement's own totals
    (public anyway) are unanimous."""
    rng = random.Random(17)
    checked = 0
    for _ in range(400):
        groups = [
            [rng.choice(VOTES) for _ in range(rng.randint(1, 8))] for _ in range(rng.randint(1, 5))
        ]
        everyone = [vote for group in groups for vote in group]
        totals = tuple(everyone.count(vote) for vote in VOTES)
        sizes = [len(group) for group in groups]
        agree = [group.count("agree") for group in groups]
        shown = suppress(sizes, total=len(everyone), agree=agree, total_agree=totals[0])
        cells = [(n, a) for n, a, show in zip(sizes, agree, shown, strict=True) if show]
        hidden_people = sum(n for n, show in zip(sizes, shown, strict=True) if not show)
        if not hidden_people or totals[0] in (0, len(everyone)):
            continue
        possible = possible_votes(totals=totals, shown=cells, others_capacity=hidden_people - 1)
        assert_not_derivable(possible, where=f"{groups} shown {shown}")
        checked += 1
    assert checked > 200


@pytest.mark.parametrize(
    ("sizes", "expected"), [([6, 6, 1], [False, True, False]), ([5, 1], [False, False])]
)
def test_secondary_suppression_of_people_counts(sizes, expected):
    # The issue's case: 5 young people and 1 health worker – 6 − 5 gives the one away.
    assert suppress(sizes, total=sum(sizes)) == expected


# --- item 12: findings rest on enough votes, and say on how many ----------------------------


def test_no_consensus_from_one_vote_and_findings_say_how_many_votes(world, client):
    dialog = make_dialog(world, results_public=True)
    statements = list(dialog.statements.filter(state=StatementState.APPROVED).order_by("pk"))
    people = [services.participant_create(dialog=dialog).participant for _ in range(20)]
    for i, person in enumerate(people):
        for j, statement in enumerate(statements[:-1]):
            _vote(person, statement, "agree" if j == 0 or (i + j) % 2 else "disagree")
    _vote(people[0], statements[-1], "disagree")  # the only vote on the last statement
    compute_analysis(dialog_id=dialog.pk, phase="")
    page = client.get(reverse("dialogs:results", args=[dialog.slug])).content.decode()
    report = client.get(reverse("dialogs:report", args=[dialog.slug])).content.decode()
    api = client.get(f"/api/v1/dialogs/{dialog.slug}/results").json()["phases"][0]
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("dialogs:report_xlsx", args=[dialog.slug])).content)
    )
    lonely = html.escape(statements[-1].text)
    for text in (page, report):
        assert "Dette er de fleste uenige i" not in text
        consensus = text[text.index("Dette er de fleste enige om") : text.index("Her er gruppene")]
        assert lonely not in consensus
        # Everybody agreed with the first statement: 100 %, and how many votes that is.
        assert re.search(r"100\u00a0% enige \((\d+) av \1 stemmer\)", consensus)
    findings = api["consensus_agree"] + api["consensus_disagree"]
    findings += [rep for group in api["groups"] for rep in group["representative"]]
    assert findings and all(item["n_seen"] >= MIN_FINDING_VOTES for item in findings)
    assert statements[-1].pk not in {item["statement"] for item in findings}
    for item in api["divisive"]:
        for share in item["groups"]:
            assert share["agree_share"] is None or share["seen"] >= MIN_FINDING_VOTES
    rows = list(workbook["Konsensus"].iter_rows(values_only=True))
    assert rows[0][-2:] == ("Antall", "Stemmer")
    assert rows[1:] and all(row[-1] >= MIN_FINDING_VOTES for row in rows[1:])
    assert all(row[1] != statements[-1].text for row in rows[1:])


def test_the_attackers_solver_finds_the_issue_s_leak():
    """The solver is not vacuous: with the old lens (5 young people shown, the health worker
    only hidden) it pins the health worker's vote, as the issue did (6 of 6)."""
    for mine, (agree, disagree, passes) in product(VOTES, [(3, 1, 1)]):
        totals = (
            agree + (mine == "agree"),
            disagree + (mine == "disagree"),
            passes + (mine == "pass"),
        )
        possible = possible_votes(totals=totals, shown=[(5, agree)], others_capacity=0)
        assert derivable(possible)


def _cell(share, n):
    return {"agree_share": share, "n": n} if n else {"agree_share": None, "n": None}


def test_youth_differences_use_only_what_the_lens_shows_and_weigh_the_professionals():
    lens = {
        "sectors": [
            {"slug": "ungdom", "name": "Ungdom", "youth": True},
            {"slug": "skole", "name": "Skole", "youth": False},
            {"slug": "nav", "name": "NAV", "youth": False},
        ],
        "rows": [
            # 90 % of the youth against (0.2 × 6 + 0.5 × 6) / 12 = 35 % of the professionals.
            {
                "statement": 1,
                "text": "Gratis buss",
                "cells": [_cell(0.9, 10), _cell(0.2, 6), _cell(0.5, 6)],
            },
            # A small difference is not told.
            {
                "statement": 2,
                "text": "Mer praksis",
                "cells": [_cell(0.6, 10), _cell(0.5, 6), _cell(0.5, 6)],
            },
            # The youth agree less; a hidden cell is left out of the weighting.
            {
                "statement": 3,
                "text": "Flere prøver",
                "cells": [_cell(0.1, 10), _cell(0.7, 6), _cell(None, 0)],
            },
            # The youth cell hidden: nothing is said.
            {
                "statement": 4,
                "text": "Skjult",
                "cells": [_cell(None, 0), _cell(0.1, 6), _cell(0.1, 6)],
            },
        ],
    }
    found = youth_differences(lens)
    assert [item["statement"] for item in found] == [3, 1]  # 60 points before 55
    assert found[0]["youth_agree_more"] is False and found[0]["professionals_share"] == 0.7
    assert found[1]["youth_agree_more"] is True and found[1]["professionals_share"] == 0.35
    no_youth = {**lens, "sectors": [{**s, "youth": False} for s in lens["sectors"]]}
    assert youth_differences(no_youth) == []


def test_the_results_say_in_words_where_youth_and_professionals_differ(world, client):
    dialog = make_dialog(world, results_public=True, seeds=["Gratis buss", "Mer praksis"])
    first, second = dialog.statements.order_by("pk")
    for sector, value in (("ungdom", 1), ("nav", -1)):
        for _ in range(MIN_GROUP_SIZE + 1):
            participant = services.participant_create(dialog=dialog, sector=sector).participant
            services.vote_cast(participant=participant, statement_id=first.pk, value=value)
            services.vote_cast(participant=participant, statement_id=second.pk, value=1)
    compute_analysis(dialog_id=dialog.pk, phase="")
    page = client.get(reverse("dialogs:results", args=[dialog.slug])).content.decode()
    assert (
        "Ungdommene er mer enige enn fagfolkene i «Gratis buss» (100\u00a0% mot 0\u00a0%)." in page
    )
    assert "fagfolkene i «Mer praksis»" not in page
