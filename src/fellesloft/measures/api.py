"""Read API of the service landscape: measures, coverage per municipality, comparison."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from fellesloft.api.auth import STAFF_AUTH
from fellesloft.api.lookups import named, one_named
from fellesloft.api.permissions import permitted_object, require
from fellesloft.api.schemas import NamedOut, Page, one_of
from fellesloft.measures import selectors, services
from fellesloft.measures.analysis import GapStatus, LandscapeFigures
from fellesloft.measures.models import Access, Measure, Reach, YouthNeed
from fellesloft.measures.validation import MeasureInput
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality, Organisation, Sector

router = Router(tags=["Tiltak"])


class MunicipalityRef(Schema):
    number: str
    name: str


class ProviderOut(Schema):
    slug: str
    name: str
    sector: NamedOut


class MeasureOut(Schema):
    slug: str
    name: str
    description: str
    provider: ProviderOut
    reach: one_of(Reach) = Field(description="regional: hele fylket")
    municipalities: list[MunicipalityRef]
    age_from: int
    age_to: int
    need_themes: list[NamedOut]
    youth_needs: list[one_of(YouthNeed)]
    access: one_of(Access)
    access_note: str
    capacity: int | None
    contact_role: str
    opening_hours: str
    location: str
    contact_phone: str
    website: str
    is_active: bool

    @staticmethod
    def resolve_youth_needs(measure: Measure) -> list[str]:
        return [item.need for item in measure.youth_needs.all()]


class MeasureDetailOut(MeasureOut):
    coordinated_with: list[str] = Field(
        description="Slugs of the measures this one is coordinated with."
    )

    @staticmethod
    def resolve_coordinated_with(measure: Measure) -> list[str]:
        return [other.slug for other in measure.coordinated_with.all()]


class MeasureFilters(Page):
    municipality: str | None = Field(None, description="Kommunenummer, e.g. 5001")
    sector: str | None = Field(None, description="Sector slug")
    need_theme: str | None = Field(None, description="Need theme slug")
    youth_need: YouthNeed | None = None
    age: int | None = Field(None, ge=0, le=99)
    status: str = Field("active", pattern="^(active|ended|all)$")


class FactOut(Schema):
    slug: str
    name: str
    provider_name: str
    sector_slug: str


class MatrixCellOut(Schema):
    need_theme: str
    sector: str
    measures: list[str]


class GapOut(Schema):
    need_theme: str
    age_from: int
    age_to: int
    status: one_of(GapStatus)
    uncovered: list[tuple[int, int]]


class FragmentationOut(Schema):
    need_theme: str
    is_fragmented: bool
    uncoordinated: list[FactOut]
    islands: list[list[str]]


class CoverageOut(Schema):
    municipality: MunicipalityRef
    age_bands: list[tuple[int, int]]
    figures: LandscapeFigures
    matrix: list[MatrixCellOut]
    gaps: list[GapOut]
    fragmentation: list[FragmentationOut]


class ComparisonOut(Schema):
    municipality: MunicipalityRef
    figures: LandscapeFigures


@router.get("", response=list[MeasureOut], summary="Tiltak")
def measures(request, filters: Query[MeasureFilters]):
    """Active measures by default; filter by municipality, sector, need theme, youth need, age.
    Sorted by name; page with `limit` and `offset`."""
    queryset = selectors.measure_list(
        user=request.user,
        municipality=one_named(
            Municipality, "number", filters.municipality, _("kommunenummer"), "municipality"
        ),
        sector=one_named(Sector, "slug", filters.sector, _("sektor"), "sector"),
        need_theme=one_named(NeedTheme, "slug", filters.need_theme, _("behovstema"), "need_theme"),
        age=filters.age,
        status=filters.status,
    )
    if filters.youth_need:
        queryset = queryset.filter(youth_needs__need=filters.youth_need.value)
    return filters.of(queryset)


@router.get("/comparison", response=list[ComparisonOut], summary="Sammenligning av kommuner")
def measures_comparison(request):
    return [
        {"municipality": municipality, "figures": figures}
        for municipality, figures in selectors.municipality_comparison(user=request.user)
    ]


@router.get("/coverage/{number}", response=CoverageOut, summary="Dekning i en kommune")
def measures_coverage(request, number: str):
    """Need themes × sectors, gaps per age band, and fragmentation, for active measures."""
    municipality = get_object_or_404(Municipality, number=number)
    coverage = selectors.municipality_coverage(municipality=municipality, user=request.user)
    return {
        "municipality": municipality,
        "age_bands": list(coverage.bands),
        "figures": coverage.figures,
        "matrix": [
            {
                "need_theme": row.theme.slug,
                "sector": sector.slug,
                "measures": [fact.slug for fact in cell],
            }
            for row in coverage.rows
            for sector, cell in zip(coverage.sectors, row.cells, strict=True)
        ],
        "gaps": [
            {
                "need_theme": gap.theme_slug,
                "age_from": gap.band[0],
                "age_to": gap.band[1],
                "status": gap.status,
                "uncovered": list(gap.uncovered),
            }
            for _theme, gaps in coverage.gaps
            for gap in gaps
        ],
        "fragmentation": [
            {
                "need_theme": theme.slug,
                "is_fragmented": result.is_fragmented,
                "uncoordinated": result.uncoordinated,
                "islands": [[fact.slug for fact in island] for island in result.islands],
            }
            for theme, result in coverage.fragmentation
        ],
    }


@router.get("/{slug}", response=MeasureDetailOut, summary="Ett tiltak")
def measure(request, slug: str):
    try:
        return selectors.measure_detail(slug=slug, user=request.user)
    except Measure.DoesNotExist:
        raise Http404 from None


class MeasureIn(Schema):
    """A measure as the form takes it; organisations, municipalities and themes by their
    slugs and numbers."""

    name: str = Field(..., max_length=200)
    provider: str = Field(..., description="Organisasjonens slug")
    reach: one_of(Reach) = Reach.MUNICIPAL.value
    municipalities: list[str] = Field(default_factory=list, description="Kommunenumre")
    description: str = Field("", max_length=4000)
    age_from: int | None = Field(None, ge=0, le=120)
    age_to: int | None = Field(None, ge=0, le=120)
    need_themes: list[str] = Field(default_factory=list, description="Behovstemaenes slug")
    youth_needs: list[str] = Field(default_factory=list)
    access: one_of(Access)
    access_note: str = Field("", max_length=300)
    capacity: int | None = Field(None, ge=0, le=1_000_000)
    contact_role: str = Field("", max_length=200)
    opening_hours: str = Field("", max_length=200)
    location: str = Field("", max_length=200)
    contact_phone: str = Field("", max_length=40)
    website: str = Field("", max_length=500)
    is_active: bool = True


def _measure_input(payload: MeasureIn) -> MeasureInput:
    data = payload.dict()
    # Required: an empty slug is as unknown as a wrong one.
    [provider] = named(Organisation, "slug", [data.pop("provider")], _("organisasjon"), "provider")
    return MeasureInput(
        **data
        | {
            "provider": provider,
            "municipalities": named(
                Municipality, "number", data["municipalities"], _("kommune"), "municipalities"
            ),
            "need_themes": named(
                NeedTheme, "slug", data["need_themes"], _("behovstema"), "need_themes"
            ),
        }
    )


@router.post("", response={201: MeasureDetailOut}, auth=STAFF_AUTH, summary="Registrer et tiltak")
def measures_create(request, payload: MeasureIn):
    require(request, "measures.add_measure")
    created = services.measure_create(actor=request.user, data=_measure_input(payload))
    return 201, selectors.measure_detail(slug=created.slug, user=request.user)


@router.put(
    "/{slug}",
    response=MeasureDetailOut,
    auth=STAFF_AUTH,
    summary="Endre et tiltak (hele tiltaket sendes)",
)
def measures_update(request, slug: str, payload: MeasureIn):
    found = permitted_object(request, "measures.change_measure", Measure, slug=slug)
    services.measure_update(actor=request.user, measure=found, data=_measure_input(payload))
    return selectors.measure_detail(slug=found.slug, user=request.user)
