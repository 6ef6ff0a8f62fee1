"""Reads of the service landscape. Every function here runs a fixed number of queries.

The measures each read shows are those the reader may see (`core.policy.visible`, by the
rule in measures/rules.py); `user=None` reads as a visitor who is not logged in."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from fellesloft.core.ordering import norwegian
from fellesloft.core.policy import visible
from fellesloft.measures import analysis
from fellesloft.measures.models import HAS_WAY_IN, Measure, MeasureYouthNeed, Reach, YouthNeed
from fellesloft.measures.rules import may_name_as_provider
from fellesloft.measures.youth import ACCESS_ORDER, ACCESS_TEXT
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality, Organisation, Sector


def provider_choices(*, user) -> QuerySet[Organisation]:
    """The organisations the user may name as a measure's provider."""
    return may_name_as_provider.filter(
        Organisation.objects.select_related("sector").order_by(norwegian("name")), user
    )


def _with_details(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    return measures.select_related("provider__sector").prefetch_related(
        "need_themes",
        Prefetch("municipalities", queryset=Municipality.objects.order_by(norwegian("name"))),
        Prefetch("youth_needs", queryset=MeasureYouthNeed.objects.order_by("need")),
    )


def measure_list(
    *,
    user=None,
    municipality: Municipality | None = None,
    sector: Sector | None = None,
    need_theme: NeedTheme | None = None,
    age: int | None = None,
    status: str = "active",
    query: str = "",
) -> QuerySet[Measure]:
    measures = visible(Measure.objects.all(), user)
    if municipality is not None:
        measures = measures.filter(municipalities=municipality)
    if sector is not None:
        measures = measures.filter(provider__sector=sector)
    if need_theme is not None:
        measures = measures.filter(need_themes=need_theme)
    if age is not None:
        measures = measures.filter(age_from__lte=age, age_to__gte=age)
    if status == "active":
        measures = measures.filter(is_active=True)
    elif status == "ended":
        measures = measures.filter(is_active=False)
    if query:
        measures = measures.filter(Q(name__icontains=query) | Q(provider__name__icontains=query))
    return _with_details(measures).order_by(norwegian("name"), "pk")


def measure_detail(*, slug: str, user=None) -> Measure:
    return (
        _with_details(visible(Measure.objects.all(), user))
        .prefetch_related(
            Prefetch(
                "coordinated_with",
                queryset=Measure.objects.select_related("provider").order_by(norwegian("name")),
            )
        )
        .get(slug=slug)
    )


def _facts(measures) -> list[analysis.MeasureFacts]:
    return [
        analysis.MeasureFacts(
            id=measure.pk,
            name=measure.name,
            slug=measure.slug,
            provider_id=measure.provider_id,
            provider_name=measure.provider.name,
            sector_slug=measure.provider.sector.slug,
            sector_name=measure.provider.sector.label,
            age_from=measure.age_from,
            age_to=measure.age_to,
            theme_slugs=frozenset(theme.slug for theme in measure.need_themes.all()),
            linked_ids=frozenset(other.pk for other in measure.coordinated_with.all()),
        )
        for measure in measures
    ]


def _active_for_analysis(user) -> QuerySet[Measure]:
    return (
        visible(Measure.objects.filter(is_active=True), user)
        .select_related("provider__sector")
        .prefetch_related(
            Prefetch("need_themes", queryset=NeedTheme.objects.only("id", "slug")),
            Prefetch("coordinated_with", queryset=Measure.objects.only("id")),
        )
        .order_by(norwegian("name"), "pk")
    )


def municipality_facts(*, municipality: Municipality, user=None) -> list[analysis.MeasureFacts]:
    return _facts(_active_for_analysis(user).filter(municipalities=municipality))


def active_need_themes() -> list[NeedTheme]:
    return list(NeedTheme.objects.filter(is_active=True).order_by("order", norwegian("name")))


def landscape_sectors() -> list[Sector]:
    return list(Sector.objects.filter(is_youth_voice=False).order_by("order", norwegian("name")))


@dataclass
class MatrixRow:
    theme: NeedTheme
    cells: list[list[analysis.MeasureFacts]]
    total: int


@dataclass
class Coverage:
    municipality: Municipality
    themes: list[NeedTheme]
    sectors: list[Sector]  # the sectors with at least one measure here: the matrix columns
    empty_sectors: list[Sector]
    rows: list[MatrixRow]
    gaps: list[tuple[NeedTheme, list[analysis.AgeGap]]]
    fragmentation: list[tuple[NeedTheme, analysis.Fragmentation]]
    figures: analysis.LandscapeFigures
    bands: tuple[tuple[int, int], ...] = analysis.AGE_BANDS
    facts: list[analysis.MeasureFacts] = field(default_factory=list)

    @property
    def fragmented(self) -> list[tuple[NeedTheme, analysis.Fragmentation]]:
        return [(theme, result) for theme, result in self.fragmentation if result.is_fragmented]

    @property
    def open_gaps(self) -> list[analysis.AgeGap]:
        return [
            gap for _, gaps in self.gaps for gap in gaps if gap.status != analysis.GapStatus.COVERED
        ]


def municipality_coverage(*, municipality: Municipality, user=None) -> Coverage:
    facts = municipality_facts(municipality=municipality, user=user)
    themes = active_need_themes()
    used = {fact.sector_slug for fact in facts}
    all_sectors = landscape_sectors()
    sectors = [sector for sector in all_sectors if sector.slug in used]
    empty_sectors = [sector for sector in all_sectors if sector.slug not in used]
    theme_slugs = [theme.slug for theme in themes]
    matrix = analysis.coverage_matrix(facts, theme_slugs, [sector.slug for sector in sectors])
    rows = []
    for theme in themes:
        cells = [matrix[(theme.slug, sector.slug)] for sector in sectors]
        rows.append(MatrixRow(theme=theme, cells=cells, total=sum(len(cell) for cell in cells)))
    gaps_by_theme: dict[str, list[analysis.AgeGap]] = defaultdict(list)
    for gap in analysis.age_gaps(facts, theme_slugs):
        gaps_by_theme[gap.theme_slug].append(gap)
    return Coverage(
        municipality=municipality,
        themes=themes,
        sectors=sectors,
        empty_sectors=empty_sectors,
        rows=rows,
        gaps=[(theme, gaps_by_theme[theme.slug]) for theme in themes],
        fragmentation=[(theme, analysis.fragmentation(facts, theme.slug)) for theme in themes],
        figures=analysis.landscape_figures(facts, theme_slugs),
        facts=facts,
    )


def municipality_comparison(
    *, municipalities: list[Municipality] | None = None, user=None
) -> list[tuple[Municipality, analysis.LandscapeFigures]]:
    """The same figures for each municipality; by default those with at least one measure."""
    measures = list(
        _active_for_analysis(user).prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.only("id"))
        )
    )
    facts_by_id = {fact.id: fact for fact in _facts(measures)}
    per_municipality: dict[int, list[analysis.MeasureFacts]] = defaultdict(list)
    for measure in measures:
        for municipality in measure.municipalities.all():
            per_municipality[municipality.pk].append(facts_by_id[measure.pk])
    if municipalities is None:
        municipalities = list(
            Municipality.objects.filter(pk__in=per_municipality).order_by(norwegian("name"))
        )
    theme_slugs = [theme.slug for theme in active_need_themes()]
    return [
        (
            municipality,
            analysis.landscape_figures(per_municipality.get(municipality.pk, []), theme_slugs),
        )
        for municipality in municipalities
    ]


def _youth_measures(measures: QuerySet[Measure], *, needs, age: int | None) -> list[Measure]:
    """Active measures a young person can get in touch with, for any of the needs and the age,
    easiest way in first."""
    measures = measures.filter(HAS_WAY_IN, is_active=True)
    if needs:
        measures = measures.filter(
            pk__in=MeasureYouthNeed.objects.filter(need__in=needs).values("measure_id")
        )
    else:
        measures = measures.filter(pk__in=MeasureYouthNeed.objects.values("measure_id"))
    if age is not None:
        measures = measures.filter(age_from__lte=age, age_to__gte=age)
    found = list(
        measures.select_related("provider").prefetch_related(
            Prefetch("youth_needs", queryset=MeasureYouthNeed.objects.order_by("need"))
        )
    )
    for measure in found:
        measure.access_text = ACCESS_TEXT[measure.access]
    return sorted(
        found, key=lambda measure: (ACCESS_ORDER[measure.access], measure.reach, measure.name)
    )


def youth_measures(
    *, municipality: Municipality, needs: list[str], age: int | None, user=None
) -> list[Measure]:
    """What the municipality itself offers young people for the needs and the age."""
    local = Measure.objects.filter(reach=Reach.MUNICIPAL, municipalities=municipality)
    return _youth_measures(visible(local, user), needs=needs, age=age)


@dataclass
class YouthHelp:
    """The answer of «Hva kan hjelpe meg?»: the municipality's own measures, and, for the needs
    it has nothing for, the services for the whole county and the whole country."""

    local: list[Measure]
    uncovered_needs: list[str]
    wider: list[Measure]


def youth_help(
    *, municipality: Municipality, needs: list[str], age: int | None, user=None
) -> YouthHelp:
    local = youth_measures(municipality=municipality, needs=needs, age=age, user=user)
    covered = {item.need for measure in local for item in measure.youth_needs.all()}
    asked = needs or YouthNeed.values
    uncovered = [need for need in YouthNeed.values if need in asked and need not in covered]
    wider = []
    if uncovered:
        everywhere = Measure.objects.exclude(reach=Reach.MUNICIPAL)
        wider = _youth_measures(visible(everywhere, user), needs=uncovered, age=age)
    return YouthHelp(local=local, uncovered_needs=uncovered, wider=wider)


def youth_municipalities() -> QuerySet[Municipality]:
    """Every municipality is offered: where one has nothing yet, the page still helps with the
    services for the whole county and the whole country."""
    return Municipality.objects.select_related("county").order_by(norwegian("name"))
