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
   The age bands are published once, by `who_responded` («Hvem har svart»): the young
   participants' bands are suppressed against their own total, which their shares reveal.
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
from django.utils.translation import gettext as _

from fellesloft.core.choices import PARTICIPANT_AGE_BANDS, AgeBand
from fellesloft.core.models import localized_name
from fellesloft.core.numbers import format_percent
from fellesloft.core.ordering import norwegian
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
from fellesloft.mission.charts import bar_chart
from fellesloft.mission.selectors import population_by_band
from fellesloft.mission.ssb import ATTRIBUTION

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
    breakdown: dict  # sectors: [BreakdownRow]; sectors_rest: people in no shown row
    experiments: list
    computed_at: object = None
    who: "WhoResponded | None" = None  # the age bands, against the municipality's population


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
    """Who took part by their own role or sector, rules 1 and 2: the rest (participants in no
    shown row, with or without a role) is one published number, so no hidden group's size
    follows from it. Age bands are published once, by `who_responded`."""
    sectors = [
        (localized_name(name, name_en), n)
        for name, name_en, n in Participant.objects.filter(dialog=dialog, sector__isnull=False)
        .values_list("sector__name", "sector__name_en")
        .annotate(n=Count("id"))
        .order_by("sector__order", norwegian("sector__name"))
    ]
    shown = suppress([n for _label, n in sectors], total=participants)
    published = [
        BreakdownRow(label=label, people=n)
        for (label, n), show in zip(sectors, shown, strict=True)
        if show
    ]
    return {
        "sectors": published,
        "sectors_rest": participants - sum(row.people for row in published),
    }


# --- «Hvem har svart»: the participants' age bands against the municipality's population ----

# The mission's young people; those of 30 or more (mostly the professionals taking part) are
# counted, but the shares compare the young participants with the young who live there.
YOUNG_BANDS = tuple(band for band in PARTICIPANT_AGE_BANDS if band != AgeBand.AGE_30_PLUS)
# A band is underrepresented when its share of the young participants is this many
# percentage points or more below its share of the young people living in the municipality.
UNDERREPRESENTED_BY = 5


@dataclass
class BandRow:
    band: str  # the age band's value, «16-19»
    label: str
    people: int | None  # None: not shown
    few: bool = False  # hidden because fewer than MIN_GROUP_SIZE gave the band
    share: int | None = None  # % of the young participants who gave a band
    population: int | None = None
    population_share: int | None = None  # % of the young people living in the municipality
    underrepresented: bool = False


@dataclass
class WhoResponded:
    """The participants by their own description against who lives in the municipality."""

    dialog: Dialog
    bands: list[BandRow]  # the young bands (13–29)
    older: BandRow  # 30 or more: counted, not compared
    sectors: list[BreakdownRow]
    sectors_rest: int
    population: object = None  # mission.selectors.Population, or None when not imported
    advice: list[str] = field(default_factory=list)  # whom to reach, while the dialog is open
    chart: dict = field(default_factory=dict)  # for mission/_chart.html

    @property
    def asks_age(self) -> bool:
        return self.dialog.ask_age_band

    min_group_size = MIN_GROUP_SIZE

    @property
    def municipality(self):
        return self.dialog.municipality

    @property
    def source(self) -> str:
        """Where the population figures come from – or that they are missing, and how to
        import them."""
        if self.population:
            return _("Befolkningen: SSB tabell 07459, %(region)s, %(year)s.") % {
                "region": self.population.region_name,
                "year": self.population.period,
            }
        if self.municipality:
            return _(
                "Befolkningstallene for %(region)s mangler, så bare deltakerne vises. "
                "Importer dem med «fellesloft indicators import --preset befolkning-alder» "
                "(eller forhåndsvalget «befolkning-alder» under Indikatorer → Importer tall)."
            ) % {"region": self.municipality.name}
        return _(
            "Dialogen er ikke knyttet til en kommune, så deltakerne sammenlignes ikke med "
            "befolkningen."
        )

    @property
    def suppression_note(self) -> str:
        return _(
            "Andelene er av deltakerne 13–29 år som oppga aldersgruppe. Grupper med færre "
            "enn %(min)d personer vises som «færre enn %(min)d», aldri med tallet, og "
            "grupper som ellers kunne regnes ut av de andre, som «skjult»."
        ) % {"min": MIN_GROUP_SIZE}

    @property
    def notes(self) -> list[str]:
        """The lines under the table, for the spreadsheet (the page links the licence)."""
        attribution = [f"{ATTRIBUTION}."] if self.population else []
        return [self.source, *attribution, self.suppression_note]


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def who_responded(*, dialog: Dialog, breakdown: dict | None = None) -> WhoResponded:
    """«Hvem har svart»: the young participants' age bands as shares against the population of
    the dialog's municipality in the same bands (SSB table 07459, preset «befolkning-alder»),
    the older participants counted, the roles counted (no population to compare with).

    Rules 1 and 2 as everywhere: a band with fewer than MIN_GROUP_SIZE people shows
    «færre enn 5», never the number; the shares publish the number of young participants who
    gave a band, so the bands are suppressed against that total (the hidden bands together
    are 0 or at least MIN_GROUP_SIZE). Four queries, whatever the numbers."""
    if breakdown is None:
        totals = participation_totals(dialog=dialog)
        breakdown = participant_breakdown(dialog=dialog, participants=totals["participants"])
    counts = dict(
        Participant.objects.filter(dialog=dialog)
        .exclude(age_band="")
        .values_list("age_band")
        .annotate(n=Count("id"))
        .values_list("age_band", "n")
    )
    sizes = [counts.get(band.value, 0) for band in YOUNG_BANDS]
    young = sum(sizes)
    shown = suppress(sizes, total=young)
    population = (
        population_by_band(region_code=dialog.municipality.number)
        if dialog.municipality_id
        else None
    )
    young_population = (
        sum(population.by_band.get(band.value, 0) for band in YOUNG_BANDS) if population else 0
    )
    rows = []
    for band, size, show in zip(YOUNG_BANDS, sizes, shown, strict=True):
        persons = population.by_band.get(band.value) if population else None
        row = BandRow(
            band=band.value,
            label=band.label,
            people=size if show else None,
            few=size < MIN_GROUP_SIZE,
            share=_percent(size, young) if show else None,
            population=persons,
            population_share=_percent(persons, young_population) if persons is not None else None,
        )
        row.underrepresented = (
            row.share is not None
            and row.population_share is not None
            and row.population_share - row.share >= UNDERREPRESENTED_BY
        )
        rows.append(row)
    older_size = counts.get(AgeBand.AGE_30_PLUS.value, 0)
    older = BandRow(
        band=AgeBand.AGE_30_PLUS.value,
        label=AgeBand.AGE_30_PLUS.label,
        people=older_size if older_size >= MIN_GROUP_SIZE else None,
        few=older_size < MIN_GROUP_SIZE,
        population=population.by_band.get(AgeBand.AGE_30_PLUS.value) if population else None,
    )
    result = WhoResponded(
        dialog=dialog,
        bands=rows,
        older=older,
        sectors=breakdown["sectors"],
        sectors_rest=breakdown["sectors_rest"],
        population=population,
    )
    if not dialog.ask_age_band and not counts:
        return result  # nobody was asked: nothing to compare, nobody to reach
    if dialog.is_open():
        result.advice = _advice(rows, population)
    if young or population:
        result.chart = bar_chart(
            unit="%",
            labels=[row.label for row in rows],
            series=[
                (_("De unge deltakerne"), [row.share for row in rows]),
                *(
                    [(_("Unge som bor i kommunen"), [row.population_share for row in rows])]
                    if population
                    else []
                ),
            ],
        )
    return result


def _advice(rows: list[BandRow], population) -> list[str]:
    """Whom to reach before the dialog closes, in plain words."""
    lines = []
    for row in rows:
        if row.underrepresented:
            lines.append(
                _(
                    "Aldersgruppen %(band)s er underrepresentert: %(share)s av de unge "
                    "deltakerne, mot %(population)s av de unge som bor i kommunen. Prøv å nå "
                    "flere i denne aldersgruppen før dialogen stenger."
                )
                % {
                    "band": row.label,
                    "share": format_percent(row.share),
                    "population": format_percent(row.population_share),
                }
            )
        elif row.few and (population is None or row.population):
            lines.append(
                _(
                    "Aldersgruppen %(band)s har færre enn %(min)s deltakere. Prøv å nå flere i "
                    "denne aldersgruppen før dialogen stenger."
                )
                % {"band": row.label, "min": MIN_GROUP_SIZE}
            )
    return lines


def dialog_publication(*, dialog: Dialog) -> Publication:
    """Everything the public may see of the dialog's results (page, API, PDF, XLSX)."""
    analyses = _analyses(dialog)
    texts = _texts(dialog)
    results = dialog_results(dialog=dialog, analyses=analyses, texts=texts)
    totals = participation_totals(dialog=dialog)
    computed = [r.analysis.computed_at for r in results if r.analysis]
    breakdown = participant_breakdown(dialog=dialog, participants=totals["participants"])
    return Publication(
        dialog=dialog,
        results=results,
        statements=published_statements(dialog=dialog, analyses=analyses),
        totals=totals,
        breakdown=breakdown,
        experiments=list(linked_experiments(dialog=dialog)),
        computed_at=max(computed) if computed else None,
        who=who_responded(dialog=dialog, breakdown=breakdown),
    )
