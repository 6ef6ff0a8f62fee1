import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from fellesloft.accounts.models import GlobalRole
from fellesloft.api.auth import STAFF_AUTH
from fellesloft.api.permissions import visible_permitted_object
from fellesloft.api.schemas import Id, NamedOut, Page, one_of
from fellesloft.core.policy import visible_object_or_404
from fellesloft.organisations import selectors, services
from fellesloft.organisations.models import (
    Invitation,
    InvitationStatus,
    Membership,
    MembershipRole,
    Municipality,
    Organisation,
    OrganisationKind,
)

# Managing members needs a login or an API key; the register of municipalities and
# organisations says it is open (`auth=None`).
router = Router(tags=["Kommuner og organisasjoner"], auth=STAFF_AUTH)
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
    kind: one_of(OrganisationKind)
    sector: NamedOut
    municipality: str | None = None
    website: str

    @staticmethod
    def resolve_municipality(organisation: Organisation) -> str | None:
        return organisation.municipality.number if organisation.municipality else None


@router.get("/municipalities", response=list[MunicipalityOut], auth=None, summary="Alle kommuner")
def municipalities(request):
    return list(Municipality.objects.select_related("county").order_by("number"))


@router.get("/municipalities/{number}", response=MunicipalityOut, auth=None, summary="Én kommune")
def municipality(request, number: str):
    return get_object_or_404(Municipality.objects.select_related("county"), number=number)


@router.get("/organisations", response=list[OrganisationOut], auth=None, summary="Organisasjoner")
def organisations(request, municipality: str | None = None, sector: str | None = None):
    queryset = selectors.organisation_list(user=request.user)
    if municipality:
        queryset = queryset.filter(municipality__number=municipality)
    if sector:
        queryset = queryset.filter(sector__slug=sector)
    return list(queryset)


@router.get("/organisations/{slug}", response=OrganisationOut, auth=None, summary="Én organisasjon")
def organisation(request, slug: str):
    return visible_object_or_404(
        Organisation.objects.select_related("sector", "municipality"), request.user, slug=slug
    )


# --- Members and invitations: for who manages an organisation's members ----------------------


class InvitationIn(Schema):
    email: str = Field(max_length=254, description="E-postadressen invitasjonen sendes til")
    role: one_of(MembershipRole) = MembershipRole.MEMBER.value
    global_role: one_of(GlobalRole) = Field(
        "", description="En rolle i hele oppdraget (bare oppdragslederen kan gi en)"
    )


class InvitationOut(Schema):
    id: int
    email: str
    role: one_of(MembershipRole)
    global_role: one_of(GlobalRole)
    status: one_of(InvitationStatus)
    invited_by: str | None
    created_at: datetime.datetime
    sent_at: datetime.datetime | None
    expires_at: datetime.datetime
    accepted_at: datetime.datetime | None
    revoked_at: datetime.datetime | None

    @staticmethod
    def resolve_invited_by(invitation: Invitation) -> str | None:
        return invitation.invited_by.email if invitation.invited_by else None


class MemberOut(Schema):
    id: int = Field(description="Medlemskapets id")
    name: str = Field(alias="user.full_name")
    email: str = Field(alias="user.email")
    role: one_of(MembershipRole)
    is_active: bool = Field(description="Om medlemskapet er aktivt")
    account_is_active: bool = Field(alias="user.is_active")


def _managed(request, slug: str) -> Organisation:
    """The organisation if the user may manage its members; 404 for none, 403 without right."""
    organisations = Organisation.objects.all()
    return visible_permitted_object(
        request, "organisations.manage_members", organisations, slug=slug
    )


@router.get(
    "/organisations/{slug}/members",
    response=list[MemberOut],
    summary="Medlemmene i en organisasjon (koordinator, oppdragsleder)",
)
def organisation_members(request, slug: str, page: Query[Page]):
    organisation = _managed(request, slug)
    return page.of(selectors.organisation_memberships(organisation=organisation))


def _managed_membership(request, slug: str, membership_id: int) -> Membership:
    """A membership in an organisation whose members the user may manage (see `_managed`)."""
    memberships = _managed(request, slug).memberships.select_related("user")
    return get_object_or_404(memberships, pk=membership_id)


@router.post(
    "/organisations/{slug}/members/{membership_id}/deactivate",
    response=MemberOut,
    summary="Deaktiver et medlemskap (personen mister tilgangen med en gang)",
)
def organisation_member_deactivate(request, slug: str, membership_id: Id):
    membership = _managed_membership(request, slug, membership_id)
    return services.membership_deactivate(membership=membership, actor=request.user)


@router.post(
    "/organisations/{slug}/members/{membership_id}/reactivate",
    response=MemberOut,
    summary="Aktiver et medlemskap igjen",
)
def organisation_member_reactivate(request, slug: str, membership_id: Id):
    membership = _managed_membership(request, slug, membership_id)
    return services.membership_reactivate(membership=membership, actor=request.user)


@router.get(
    "/organisations/{slug}/invitations",
    response=list[InvitationOut],
    summary="Invitasjoner som ikke er besvart",
)
def organisation_invitations(request, slug: str, page: Query[Page]):
    organisation = _managed(request, slug)
    return page.of(selectors.organisation_invitations(organisation=organisation))


@router.post(
    "/organisations/{slug}/invitations",
    response={201: InvitationOut},
    summary="Inviter en person til organisasjonen på e-post",
)
def organisation_invitation_create(request, slug: str, payload: InvitationIn):
    organisation = _managed(request, slug)
    invitation = services.invitation_create(
        organisation=organisation,
        email=payload.email,
        role=payload.role,
        global_role=payload.global_role,
        invited_by=request.user,
    )
    return 201, invitation


@router.post(
    "/organisations/{slug}/invitations/{invitation_id}/revoke",
    response=InvitationOut,
    summary="Trekk tilbake en invitasjon",
)
def organisation_invitation_revoke(request, slug: str, invitation_id: Id):
    organisation = _managed(request, slug)
    invitation = get_object_or_404(organisation.invitations, pk=invitation_id)
    return services.invitation_revoke(invitation=invitation, actor=request.user)
