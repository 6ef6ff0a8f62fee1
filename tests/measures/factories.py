"""Small builders for measures in tests."""

from fellesloft.measures import services
from fellesloft.measures.models import Access, Measure, Reach
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality, Organisation, OrganisationKind, Sector
from fellesloft.organisations.services import unique_organisation_slug


def organisation(name: str, sector_slug: str, municipality: Municipality | None = None):
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return Organisation.objects.create(
        name=name,
        slug=unique_organisation_slug(name),
        kind=OrganisationKind.OTHER,
        sector=Sector.objects.get(slug=sector_slug),
        municipality=municipality,
    )


def measure_input(**overrides) -> services.MeasureInput:
    values = {
        "name": "Helsestasjon for ungdom",
        "provider": None,
        "municipalities": [Municipality.objects.get(number="5001")],
        "description": "Et gratis sted å snakke om kropp og følelser.",
        "age_from": 13,
        "age_to": 23,
        "need_themes": [NeedTheme.objects.get(slug="psykisk-helse")],
        "access": Access.DROP_IN,
        "contact_role": "Helsesykepleier",
        "opening_hours": "Tirsdag 15–19",
        "location": "Helsehuset",
    }
    values.update(overrides)
    return services.MeasureInput(**values)


def make_measure(
    *,
    provider: Organisation,
    name: str = "Helsestasjon for ungdom",
    municipalities=None,
    themes=("psykisk-helse",),
    ages=(13, 23),
    access=Access.DROP_IN,
    youth_needs=(),
    is_active=True,
    links=(),
    reach=Reach.MUNICIPAL,
    location="Helsehuset",
    website="",
    phone="",
) -> Measure:
    data = measure_input(
        name=name,
        provider=provider,
        municipalities=[]
        if reach != Reach.MUNICIPAL
        else list(municipalities or [Municipality.objects.get(number="5001")]),
        need_themes=list(NeedTheme.objects.filter(slug__in=themes)),
        age_from=ages[0],
        age_to=ages[1],
        access=access,
        youth_needs=list(youth_needs),
        is_active=is_active,
        coordinated_with=list(links),
        reach=reach,
        location=location,
        website=website,
        contact_phone=phone,
    )
    measure = Measure(slug=services.unique_measure_slug(name, municipalities=data.municipalities))
    return services.write_measure(measure, data)
