from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from fellesloft.api.schemas import NamedOut
from fellesloft.core.policy import visible_object_or_404
from fellesloft.organisations import selectors
from fellesloft.organisations.models import Municipality, Organisation

router = Router(tags=["Kommuner og organisasjoner"])
PREFIX = ""


class CountyOut(Schema):
    number: str
    name: str


class MunicipalityOut(Schema):
    number: str
    name: str
    county: CountyOut


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    sector: NamedOut
    municipality: str | None = None
    website: str

    @staticmethod
    def resolve_municipality(organisation: Organisation) -> str | None:
        return organisation.municipality.number if organisation.municipality else None


@router.get("/municipalities", response=list[MunicipalityOut], summary="Alle kommuner")
def municipalities(request):
    return list(Municipality.objects.select_related("county").order_by("number"))


@router.get("/municipalities/{number}", response=MunicipalityOut, summary="Én kommune")
def municipality(request, number: str):
    return get_object_or_404(Municipality.objects.select_related("county"), number=number)


@router.get("/organisations", response=list[OrganisationOut], summary="Organisasjoner")
def organisations(request, municipality: str | None = None, sector: str | None = None):
    queryset = selectors.organisation_list(user=request.user)
    if municipality:
        queryset = queryset.filter(municipality__number=municipality)
    if sector:
        queryset = queryset.filter(sector__slug=sector)
    return list(queryset)


@router.get("/organisations/{slug}", response=OrganisationOut, summary="Én organisasjon")
def organisation(request, slug: str):
    return visible_object_or_404(
        Organisation.objects.select_related("sector", "municipality"), request.user, slug=slug
    )
