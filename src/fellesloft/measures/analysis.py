"""Coverage, gaps and fragmentation of a service landscape, computed on plain data.

No Django here: the selectors turn measures into `MeasureFacts` and these functions do the
counting, so the rules are easy to read and to test.

Definitions (the issue's words made exact):
- coverage matrix: need theme × sector, each cell the active measures tagged with the theme
  whose provider belongs to the sector;
- gap: a need theme and an age band where no active measure's age range reaches; «partial»
  when some ages of the band are reached and others not (those ages are listed);
- fragmentation: a need theme is fragmented when at least three providers from different
  sectors serve it with no coordination between them. Measures joined by «koordinert med»
  links, directly or through other measures of the same municipality (of any theme), form
  one coordinated *island*; the theme is fragmented
  when three or more islands can each contribute a measure from a sector no other picked island
  uses. That is a maximum matching between islands and sectors (Hopcroft–Karp, networkx);
  its size is the largest number of mutually uncoordinated providers from different sectors.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import networkx as nx

from fellesloft.core.ordering import norwegian_key

# SSB's five-year bands over the mission's target group (15–29 year olds).
AGE_BANDS: tuple[tuple[int, int], ...] = ((15, 19), (20, 24), (25, 29))
FRAGMENTATION_THRESHOLD = 3


@dataclass(frozen=True)
class MeasureFacts:
    id: int
    name: str
    slug: str
    provider_id: int
    provider_name: str
    sector_slug: str
    sector_name: str
    age_from: int
    age_to: int
    theme_slugs: frozenset[str]
    linked_ids: frozenset[int] = frozenset()


class GapStatus(StrEnum):
    """How much of an age band a need theme's measures reach (the pages compare the values)."""

    COVERED = "covered"
    PARTIAL = "partial"
    GAP = "gap"


@dataclass(frozen=True)
class AgeGap:
    theme_slug: str
    band: tuple[int, int]
    uncovered: tuple[tuple[int, int], ...]  # runs of ages no measure reaches

    @property
    def uncovered_text(self) -> str:
        """«15–16, 19» – the ages no measure reaches, for people to read."""
        return ", ".join(
            str(start) if start == end else f"{start}–{end}" for start, end in self.uncovered
        )

    @property
    def status(self) -> GapStatus:
        if not self.uncovered:
            return GapStatus.COVERED
        if self.uncovered == (self.band,):
            return GapStatus.GAP
        return GapStatus.PARTIAL


@dataclass
class Fragmentation:
    theme_slug: str
    islands: list[list[MeasureFacts]] = field(default_factory=list)
    # One measure per matched island, each from a different sector: the uncoordinated set.
    uncoordinated: list[MeasureFacts] = field(default_factory=list)

    @property
    def is_fragmented(self) -> bool:
        return len(self.uncoordinated) >= FRAGMENTATION_THRESHOLD


def measures_with_theme(measures: Iterable[MeasureFacts], theme_slug: str) -> list[MeasureFacts]:
    return [measure for measure in measures if theme_slug in measure.theme_slugs]


def coverage_matrix(
    measures: Sequence[MeasureFacts], theme_slugs: Sequence[str], sector_slugs: Sequence[str]
) -> dict[tuple[str, str], list[MeasureFacts]]:
    """{(theme, sector): measures}, with every pair present (empty cells are the point)."""
    matrix: dict[tuple[str, str], list[MeasureFacts]] = {
        (theme, sector): [] for theme in theme_slugs for sector in sector_slugs
    }
    for measure in measures:
        for theme in measure.theme_slugs:
            cell = matrix.get((theme, measure.sector_slug))
            if cell is not None:
                cell.append(measure)
    for cell in matrix.values():
        cell.sort(key=lambda measure: norwegian_key(measure.name))
    return matrix


def _runs(ages: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """[15, 16, 17, 20] → ((15, 17), (20, 20))."""
    runs: list[list[int]] = []
    for age in sorted(ages):
        if runs and age == runs[-1][1] + 1:
            runs[-1][1] = age
        else:
            runs.append([age, age])
    return tuple((start, end) for start, end in runs)


def age_gaps(
    measures: Sequence[MeasureFacts],
    theme_slugs: Sequence[str],
    bands: Sequence[tuple[int, int]] = AGE_BANDS,
) -> list[AgeGap]:
    """One AgeGap per theme and band, in that order, covered ones included."""
    result: list[AgeGap] = []
    for theme in theme_slugs:
        serving = measures_with_theme(measures, theme)
        for low, high in bands:
            reached: set[int] = set()
            for measure in serving:
                reached.update(range(max(low, measure.age_from), min(high, measure.age_to) + 1))
            missing = set(range(low, high + 1)) - reached
            result.append(AgeGap(theme_slug=theme, band=(low, high), uncovered=_runs(missing)))
    return result


def fragmentation(measures: Sequence[MeasureFacts], theme_slug: str) -> Fragmentation:
    serving = measures_with_theme(measures, theme_slug)
    result = Fragmentation(theme_slug=theme_slug)
    if not serving:
        return result
    # Coordination runs through the whole local landscape: two measures of the theme that are
    # both linked to a third (of any theme) are coordinated.
    everything = {measure.id: measure for measure in measures}
    links = nx.Graph()
    links.add_nodes_from(everything)
    for measure in measures:
        links.add_edges_from(
            (measure.id, other) for other in measure.linked_ids if other in everything
        )
    serving_ids = {measure.id for measure in serving}
    islands = [
        sorted(
            (everything[node] for node in component & serving_ids),
            key=lambda m: norwegian_key(m.name),
        )
        for component in nx.connected_components(links)
        if component & serving_ids
    ]
    islands.sort(key=lambda island: (-len(island), norwegian_key(island[0].name)))
    result.islands = islands

    pairs = nx.Graph()
    island_nodes = [("island", index) for index in range(len(islands))]
    pairs.add_nodes_from(island_nodes, bipartite=0)
    for index, island in enumerate(islands):
        for measure in island:
            pairs.add_node(("sector", measure.sector_slug), bipartite=1)
            pairs.add_edge(("island", index), ("sector", measure.sector_slug))
    matching = nx.bipartite.hopcroft_karp_matching(pairs, top_nodes=island_nodes)
    for node in island_nodes:
        if node in matching:
            sector = matching[node][1]
            island = islands[node[1]]
            result.uncoordinated.append(
                next(measure for measure in island if measure.sector_slug == sector)
            )
    result.uncoordinated.sort(
        key=lambda measure: (norwegian_key(measure.sector_name), norwegian_key(measure.name))
    )
    return result


@dataclass(frozen=True)
class LandscapeFigures:
    measure_count: int
    provider_count: int
    sector_count: int
    themes_covered: int
    theme_count: int
    gap_count: int
    partial_gap_count: int
    fragmented_theme_count: int
    coordinated_share: float | None  # share of measures with a link to another one here


def landscape_figures(
    measures: Sequence[MeasureFacts],
    theme_slugs: Sequence[str],
    bands: Sequence[tuple[int, int]] = AGE_BANDS,
) -> LandscapeFigures:
    ids = {measure.id for measure in measures}
    gaps = age_gaps(measures, theme_slugs, bands)
    coordinated = sum(1 for measure in measures if measure.linked_ids & (ids - {measure.id}))
    return LandscapeFigures(
        measure_count=len(measures),
        provider_count=len({measure.provider_id for measure in measures}),
        sector_count=len({measure.sector_slug for measure in measures}),
        themes_covered=sum(1 for theme in theme_slugs if measures_with_theme(measures, theme)),
        theme_count=len(theme_slugs),
        gap_count=sum(1 for gap in gaps if gap.status == GapStatus.GAP),
        partial_gap_count=sum(1 for gap in gaps if gap.status == GapStatus.PARTIAL),
        fragmented_theme_count=sum(
            1 for theme in theme_slugs if fragmentation(measures, theme).is_fragmented
        ),
        coordinated_share=(coordinated / len(measures)) if measures else None,
    )
