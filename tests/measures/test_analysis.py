"""Coverage, gaps and fragmentation on plain data (no database)."""

from fellesloft.measures import analysis
from fellesloft.measures.analysis import MeasureFacts

THEMES = ["psykisk-helse", "lavinntekt"]


def fact(id, sector, themes=("psykisk-helse",), ages=(15, 29), links=(), provider=None):
    return MeasureFacts(
        id=id,
        name=f"Tiltak {id}",
        slug=f"tiltak-{id}",
        provider_id=provider or id,
        provider_name=f"Tilbyder {id}",
        sector_slug=sector,
        sector_name=sector.title(),
        age_from=ages[0],
        age_to=ages[1],
        theme_slugs=frozenset(themes),
        linked_ids=frozenset(links),
    )


def test_matrix_has_every_cell_and_puts_measures_by_theme_and_sector():
    measures = [fact(1, "helse"), fact(2, "nav", themes=("lavinntekt", "psykisk-helse"))]
    matrix = analysis.coverage_matrix(measures, THEMES, ["helse", "nav", "frivillighet"])
    assert len(matrix) == 6
    assert [m.id for m in matrix[("psykisk-helse", "helse")]] == [1]
    assert [m.id for m in matrix[("lavinntekt", "nav")]] == [2]
    assert matrix[("lavinntekt", "frivillighet")] == []


def test_gap_partial_and_covered_per_age_band():
    measures = [fact(1, "helse", ages=(13, 17)), fact(2, "nav", ages=(19, 24))]
    gaps = {(gap.theme_slug, gap.band): gap for gap in analysis.age_gaps(measures, THEMES)}
    first = gaps[("psykisk-helse", (15, 19))]
    assert first.status == "partial"
    assert first.uncovered == ((18, 18),)
    assert gaps[("psykisk-helse", (20, 24))].status == "covered"
    assert gaps[("psykisk-helse", (25, 29))].status == "gap"
    assert gaps[("lavinntekt", (15, 19))].status == "gap"


def test_uncovered_ages_are_written_as_runs():
    gap = analysis.AgeGap("x", (15, 19), ((15, 16), (19, 19)))
    assert gap.uncovered_text == "15–16, 19"


def test_three_sectors_without_links_are_fragmented():
    measures = [fact(1, "helse"), fact(2, "nav"), fact(3, "frivillighet")]
    result = analysis.fragmentation(measures, "psykisk-helse")
    assert result.is_fragmented
    assert {m.id for m in result.uncoordinated} == {1, 2, 3}
    assert len(result.islands) == 3


def test_one_link_is_enough_to_stop_fragmentation_of_three():
    measures = [fact(1, "helse", links=(2,)), fact(2, "nav", links=(1,)), fact(3, "frivillighet")]
    result = analysis.fragmentation(measures, "psykisk-helse")
    assert not result.is_fragmented
    assert len(result.uncoordinated) == 2


def test_coordination_through_a_measure_of_another_theme_counts():
    hub = fact(9, "skole-oppvekst", themes=("relasjoner",), links=(1, 2, 3))
    measures = [
        fact(1, "helse", links=(9,)),
        fact(2, "nav", links=(9,)),
        fact(3, "frivillighet", links=(9,)),
        hub,
    ]
    assert not analysis.fragmentation(measures, "psykisk-helse").is_fragmented


def test_many_providers_of_one_sector_are_not_fragmentation():
    measures = [fact(1, "helse"), fact(2, "helse"), fact(3, "helse"), fact(4, "nav")]
    result = analysis.fragmentation(measures, "psykisk-helse")
    assert not result.is_fragmented
    assert len(result.uncoordinated) == 2


def test_matching_picks_distinct_sectors_across_islands():
    # Islands {1, 2} (helse and nav), {3} helse, {4} nav, {5} frivillighet: only three
    # sectors exist, so three uncoordinated providers from different sectors is the most.
    measures = [
        fact(1, "helse", links=(2,)),
        fact(2, "nav", links=(1,)),
        fact(3, "helse"),
        fact(4, "nav"),
        fact(5, "frivillighet"),
    ]
    result = analysis.fragmentation(measures, "psykisk-helse")
    assert len(result.uncoordinated) == 3
    assert len({m.sector_slug for m in result.uncoordinated}) == 3
    assert result.is_fragmented


def test_links_to_measures_outside_the_municipality_are_ignored():
    measures = [fact(1, "helse", links=(99,)), fact(2, "nav", links=(99,)), fact(3, "stat")]
    assert analysis.fragmentation(measures, "psykisk-helse").is_fragmented


def test_figures_for_an_empty_landscape():
    figures = analysis.landscape_figures([], THEMES)
    assert figures.measure_count == 0
    assert figures.gap_count == 6
    assert figures.coordinated_share is None


def test_figures_count_providers_sectors_and_coordination():
    measures = [
        fact(1, "helse", links=(2,), provider=10),
        fact(2, "helse", links=(1,), provider=10),
        fact(3, "nav", themes=("lavinntekt",)),
    ]
    figures = analysis.landscape_figures(measures, THEMES)
    assert (figures.measure_count, figures.provider_count, figures.sector_count) == (3, 2, 2)
    assert figures.themes_covered == 2
    assert round(figures.coordinated_share, 2) == 0.67
