"""What the public may see of a dialog's results – decided here and nowhere else.

Every figure about a dialog's votes and participants that leaves the server – the results
page, the JSON API, the report page, its PDF and its XLSX – is taken from `dialog_publication`.
The analysis snapshot holds raw counts; only this module turns them into published ones.

The attacker: knows who took part in which role (the only health worker of a small
municipality, say) and reads everything public. The statement table publishes each
statement's exact totals, so whatever the sector lens shows can be subtracted from them: the
*rest* (total − shown cells) is public too. Hiding one small group is not enough.

The rules (statistical disclosure control, as statistics offices do it):

1. Primary suppression. A sector's cell (votes on one statement) with fewer than
   `MIN_GROUP_SIZE` votes is not shown; a sector or age band with fewer than that many people
   is neither counted nor named.
2. Secondary suppression. Per statement, the rest – votes not in a shown cell – may hold votes
   of people who stated a sector (hidden sectors, hidden cells). If it does, it must hold at
   least `MIN_GROUP_SIZE` votes and both an agree and a non-agree vote, so that no one vote in
   it follows from the totals; otherwise the smallest shown cell joins the rest, until it does
   or nothing is shown. The same for people: participants − the shown groups must be 0 or at
   least `MIN_GROUP_SIZE` once a hidden group is in it.
3. One source. The statement totals, the lens and the findings come from the same analysis
   snapshot, so no figure is subtracted from one of another moment.

What this does not stop: comparing two snapshots taken before and after one person voted
(every live count has that property); an attacker who knows the other voters' votes; and, in
rare cases, reasoning from the suppression itself (a row hidden because its rest was of one
mind tells that much). Which statements a hidden group voted on can show in which rows are
suppressed; how it voted cannot. Snapshots made before this module hold no raw sector counts
and publish no lens until they are recomputed.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from fellesloft.core.choices import AgeBand
from fellesloft.dialogs import keywords
from fellesloft.dialogs.models import (
    WORKSHOP_PHASES,
    Analysis,
    Dialog,
    Participant,
    Phase,
    Statement,
    StatementState,
)
from fellesloft.dialogs.selectors import OwnPlace, linked_experiments, participation_totals

# The smallest group whose figures are shown: nobody can be singled out.
MIN_GROUP_SIZE = 5


def suppress(sizes: list[int], *, total: int, agree: list[int] | None = None, total_agree=0):
    """Which of the cells to show (list of bool), given the published total.

    sizes: the cells' counts (votes or people); total: the count over everybody, cells or not.
    agree, total_agree: agree votes in each cell and in total, when the cells show a share.
    The rest (total − shown) may hold the hidden cells; while it does, it must hold at least
    MIN_GROUP_SIZE and – with shares – an agree and a non-agree vote. Smallest cells go first.
    """
    shown = [size >= MIN_GROUP_SIZE for size in sizes]

    def rest_is_safe() -> bool:
        hidden = sum(size for size, show in zip(sizes, shown, strict=True) if not show)
        if hidden == 0:
            return True  # the rest holds nobody who stated a group
        rest = total - sum(size for size, show in zip(sizes, shown, strict=True) if show)
        if rest < MIN_GROUP_SIZE:
            return False
        if agree is None:
            return True
        rest_agree = total_agree - sum(a for a, show in zip(agree, shown, strict=True) if show)
        return 0 < rest_agree < rest

    while not rest_is_safe() and any(shown):
        _, smallest = min((size, index) for index, size in enumerate(sizes) if shown[index])
        shown[smallest] = False
    return shown


# --- the published figures -------------------------------------------------------------------


@dataclass
class PhaseResults:
    phase: str
    phase_label: str
    analysis: Analysis | None
    groups: list[dict] = field(default_factory=list)
    consensus_agree: list[dict] = field(default_factory=list)
    consensus_disagree: list[dict] = field(default_factory=list)
    divisive: list[dict] = field(default_factory=list)
    # The consensus in its own words (`keywords`); each group has its own under "keywords".
    consensus_agree_keywords: dict | None = None
    consensus_disagree_keywords: dict | None = None
    sector_lens: dict = field(default_factory=dict)
    # Where the young people and the professionals differ most (`youth_differences`).
    youth_differences: list[dict] = field(default_factory=list)
    participation: list[dict] = field(default_factory=list)
    map_points: list = field(default_factory=list)
    # The place of the participant looking at their own results (their token), or None.
    me: OwnPlace | None = None
    participants_counted: int = 0


@dataclass
class BreakdownRow:
    label: str
    people: int


@dataclass
class Publication:
    """Everything public about a dialog's results."""

    dialog: Dialog
    results: list[PhaseResults]
    statements: list[Statement]  # published ones, with n_agree, n_disagree, n_pass, n_seen
    totals: dict
    breakdown: dict  # sectors, age_bands: [BreakdownRow]; *_rest: people in no shown row
    experiments: list
    computed_at: object = None


class PublishedTexts(dict):
    """Statement id → text of the published statements, with `seeds`: the ids of the
    facilitators' seed statements, which the results mark apart from the participants'."""

    def __init__(self, texts=(), *, seeds=()):
        super().__init__(texts)
        self.seeds = frozenset(seeds)


def _with_texts(items: list[dict], texts: dict[int, str]) -> list[dict]:
    """Attaches the text (and whether it is a seed statement); a statement rejected since the
    analysis disappears at once."""
    seeds = getattr(texts, "seeds", frozenset())
    return [
        {**item, "text": texts[item["statement"]], "is_seed": item["statement"] in seeds}
        for item in items
        if item["statement"] in texts
    ]


def _group(group: dict, texts: dict[int, str]) -> dict:
    keys = ("id", "label", "size", "centre")
    return {
        **{key: group[key] for key in keys if key in group},
        "representative": _with_texts(group.get("representative", []), texts),
    }


def sector_lens(summary: dict, texts: dict[int, str]) -> dict:
    """The share agreeing per self-described sector, with rules 1 and 2 applied per statement
    against the snapshot's totals."""
    counts = summary.get("sector_counts") or {}
    sectors = counts.get("sectors", [])
    totals = summary.get("statements", {})
    rows, used = [], [False] * len(sectors)
    for column, statement in enumerate(counts.get("statements", [])):
        if statement not in texts:
            continue
        seen = [row[column] for row in counts["seen"]]
        agree = [row[column] for row in counts["agree"]]
        total = totals.get(str(statement), {})
        n_agree = total.get("agree", 0)
        shown = suppress(
            seen,
            total=n_agree + total.get("disagree", 0) + total.get("pass", 0),
            agree=agree,
            total_agree=n_agree,
        )
        cells = []
        for index, show in enumerate(shown):
            used[index] |= show
            cells.append(
                {"n": seen[index], "agree_share": round(agree[index] / seen[index], 3)}
                if show
                else {"n": None, "agree_share": None}
            )
        rows.append({"statement": statement, "text": texts[statement], "cells": cells})
    # A sector that shows nothing anywhere is not named.
    keep = [index for index, use in enumerate(used) if use]
    return {
        "sectors": [
            {
                "slug": sectors[i]["slug"],
                "name": sectors[i]["name"],
                "youth": sectors[i].get("youth", False),
            }
            for i in keep
        ],
        "rows": [{**row, "cells": [row["cells"][i] for i in keep]} for row in rows],
        "min_people": MIN_GROUP_SIZE,
    }


# A difference between the young people and the professionals is told in words when the
# shares agreeing differ by at least this much (percentage points / 100).
NOTABLE_DIFFERENCE = 0.25


def youth_differences(lens: dict, *, limit: int = 3) -> list[dict]:
    """The statements on which the young people and the professionals differ most, for a
    plain-language line under the sector lens: the youth's share agreeing against the
    professionals' (every other sector shown, weighted by how many in each), from the cells
    the lens publishes – so nothing the lens hides is used. Largest difference first."""
    sectors = lens.get("sectors", [])
    youth = [index for index, sector in enumerate(sectors) if sector.get("youth")]
    others = [index for index, sector in enumerate(sectors) if not sector.get("youth")]
    if not youth or not others:
        return []
    found = []
    for row in lens.get("rows", []):
        young = row["cells"][youth[0]]
        shown = [row["cells"][index] for index in others if row["cells"][index]["n"]]
        if not young["n"] or not shown:
            continue
        people = sum(cell["n"] for cell in shown)
        professionals = sum(cell["agree_share"] * cell["n"] for cell in shown) / people
        difference = young["agree_share"] - professionals
        if abs(difference) >= NOTABLE_DIFFERENCE:
            found.append(
                {
                    "statement": row["statement"],
                    "text": row["text"],
                    "youth_share": young["agree_share"],
                    "professionals_share": round(professionals, 3),
                    "youth_agree_more": difference > 0,
                    "difference": abs(difference),
                }
            )
    found.sort(key=lambda item: (-item["difference"], item["statement"]))
    return found[:limit]


def phase_results(
    *, phase: str, analysis: Analysis | None, texts, question: str = ""
) -> PhaseResults:
    label = Phase(phase).label if phase else ""
    if analysis is None or not analysis.summary:
        return PhaseResults(phase=phase, phase_label=label, analysis=analysis)
    summary = analysis.summary
    phase_texts = {
        int(statement): texts[int(statement)]
        for statement in summary.get("statements", {})
        if int(statement) in texts
    }
    consensus_agree = _with_texts(summary.get("consensus", {}).get("agree", []), texts)
    consensus_disagree = _with_texts(summary.get("consensus", {}).get("disagree", []), texts)
    groups, agree_keywords, disagree_keywords = keywords.label_phase(
        groups=[_group(group, texts) for group in summary.get("groups", [])],
        consensus_agree=consensus_agree,
        consensus_disagree=consensus_disagree,
        phase_texts=phase_texts,
        question=question,
    )
    lens = sector_lens(summary, texts)
    return PhaseResults(
        phase=phase,
        phase_label=label,
        analysis=analysis,
        groups=groups,
        consensus_agree=consensus_agree,
        consensus_disagree=consensus_disagree,
        consensus_agree_keywords=agree_keywords,
        consensus_disagree_keywords=disagree_keywords,
        divisive=_with_texts(summary.get("divisive", []), texts),
        sector_lens=lens,
        youth_differences=youth_differences(lens),
        participation=summary.get("participation", []),
        map_points=summary.get("map", {}).get("points", []),
        participants_counted=summary.get("participants_counted", 0),
    )


def dialog_phases(dialog: Dialog) -> list[str]:
    return list(WORKSHOP_PHASES) if dialog.is_future_workshop else [Phase.NONE]


def _analyses(dialog: Dialog) -> dict[str, Analysis]:
    # What a page shows is in the summary; the engine's state and the participants' places
    # (large, and per participant) stay in the database.
    rows = Analysis.objects.filter(dialog=dialog).defer("engine_state", "positions")
    return {a.phase: a for a in rows}


def _texts(dialog: Dialog) -> PublishedTexts:
    rows = list(
        Statement.objects.filter(dialog=dialog, state=StatementState.APPROVED).values_list(
            "pk", "text", "is_seed"
        )
    )
    return PublishedTexts(
        ((pk, text) for pk, text, _seed in rows),
        seeds=(pk for pk, _text, is_seed in rows if is_seed),
    )


def dialog_results(*, dialog: Dialog, analyses=None, texts=None) -> list[PhaseResults]:
    """The published analysis of each phase – read from the stored snapshots, never computed."""
    analyses = _analyses(dialog) if analyses is None else analyses
    texts = _texts(dialog) if texts is None else texts
    return [
        phase_results(
            phase=phase, analysis=analyses.get(phase), texts=texts, question=dialog.question
        )
        for phase in dialog_phases(dialog)
    ]


def published_statements(*, dialog: Dialog, analyses: dict[str, Analysis]) -> list[Statement]:
    """The published statements with their vote counts from their phase's snapshot (rule 3),
    so the totals and the lens are of the same moment."""
    statements = list(
        Statement.objects.filter(dialog=dialog, state=StatementState.APPROVED)
        .select_related("builds_on")
        .order_by("phase", "pk")
    )
    for statement in statements:
        analysis = analyses.get(statement.phase)
        counts = (analysis.summary or {}).get("statements", {}) if analysis else {}
        row = counts.get(str(statement.pk), {})
        statement.n_agree = row.get("agree", 0)
        statement.n_disagree = row.get("disagree", 0)
        statement.n_pass = row.get("pass", 0)
        statement.n_seen = statement.n_agree + statement.n_disagree + statement.n_pass
        statement.agree_share = (
            round(100 * statement.n_agree / statement.n_seen) if statement.n_seen else None
        )
    return statements


def participant_breakdown(*, dialog: Dialog, participants: int) -> dict:
    """Who took part by their own description (role or sector, age band), rules 1 and 2: the
    rest (participants in no shown row, with or without a description) is one published
    number, so no hidden group's size follows from it."""
    sectors = list(
        Participant.objects.filter(dialog=dialog, sector__isnull=False)
        .values_list("sector__name")
        .annotate(n=Count("id"))
        .order_by("sector__order", "sector__name")
    )
    ages = dict(
        Participant.objects.filter(dialog=dialog)
        .exclude(age_band="")
        .values_list("age_band")
        .annotate(n=Count("id"))
        .values_list("age_band", "n")
    )
    age_rows = [(label, ages[value]) for value, label in AgeBand.choices if value in ages]
    breakdown = {}
    for key, rows in (("sectors", sectors), ("age_bands", age_rows)):
        shown = suppress([n for _, n in rows], total=participants)
        published = [
            BreakdownRow(label=label, people=n)
            for (label, n), show in zip(rows, shown, strict=True)
            if show
        ]
        breakdown[key] = published
        breakdown[f"{key}_rest"] = participants - sum(row.people for row in published)
    return breakdown


def dialog_publication(*, dialog: Dialog) -> Publication:
    """Everything the public may see of the dialog's results (page, API, PDF, XLSX)."""
    analyses = _analyses(dialog)
    texts = _texts(dialog)
    results = dialog_results(dialog=dialog, analyses=analyses, texts=texts)
    totals = participation_totals(dialog=dialog)
    computed = [r.analysis.computed_at for r in results if r.analysis]
    return Publication(
        dialog=dialog,
        results=results,
        statements=published_statements(dialog=dialog, analyses=analyses),
        totals=totals,
        breakdown=participant_breakdown(dialog=dialog, participants=totals["participants"]),
        experiments=list(linked_experiments(dialog=dialog)),
        computed_at=max(computed) if computed else None,
    )
