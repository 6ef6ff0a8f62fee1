"""Demo organisations from every sector in five municipalities, and one user per role."""

from fellesloft.accounts.models import GlobalRole, User
from fellesloft.core.demo_logins import DEMO_PASSWORD
from fellesloft.organisations import services
from fellesloft.organisations.models import (
    Invitation,
    Membership,
    MembershipRole,
    Municipality,
    Organisation,
    OrganisationKind,
    Sector,
)

DEMO_MUNICIPALITIES = {
    # number: (upper secondary school, volunteer organisation, business)
    "5001": ("Thora Storm videregående skole", "Røde Kors Trondheim", "Trondheim Havn"),
    "5014": ("Guri Kunna videregående skole", "Frøya frivilligsentral", "Frøya Sjømat AS"),
    "5006": (
        "Steinkjer videregående skole",
        "Kirkens Bymisjon Steinkjer",
        "Steinkjer Byggmester AS",
    ),
    "5037": ("Levanger videregående skole", "Levanger frivilligsentral", "Levanger Næringsforum"),
    "5059": ("Orkdal videregående skole", "Orkland Røde Kors", "Orkla Industripark"),
}

REGIONAL = [
    ("Trøndelag fylkeskommune – oppfølgingstjenesten", OrganisationKind.COUNTY, "fylkeskommune"),
    ("Statsforvalteren i Trøndelag", OrganisationKind.STATE, "stat"),
    ("St. Olavs hospital – BUP", OrganisationKind.SPECIALIST_HEALTH, "spesialisthelse"),
    ("RKBU Midt-Norge, NTNU", OrganisationKind.RESEARCH, "forskning"),
    ("KS Trøndelag", OrganisationKind.KS, "ks-pri"),
    ("Partnerskap for radikal innovasjon (PRI)", OrganisationKind.KS, "ks-pri"),
    ("NAV Trøndelag", OrganisationKind.NAV, "nav"),
    ("Blå Kors Trøndelag", OrganisationKind.VOLUNTEER, "frivillighet"),
]


def _organisation(name: str, kind: str, sector_slug: str, municipality=None) -> Organisation:
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=name,
            slug=services.unique_organisation_slug(name),
            kind=kind,
            sector=Sector.objects.get(slug=sector_slug),
            municipality=municipality,
        )
    return organisation


def _user(email: str, full_name: str, **fields) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, **fields)
    return user


def _member(user: User, organisation: Organisation, role: str) -> None:
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})


def load(*, stdout) -> None:
    for number, (school, volunteer, business) in DEMO_MUNICIPALITIES.items():
        municipality = Municipality.objects.get(number=number)
        name = municipality.name
        for label, sector in [
            ("oppvekst", "skole-oppvekst"),
            ("helse og velferd", "helse"),
            ("barnevern", "barnevern"),
            ("kultur og fritid", "kultur-fritid"),
        ]:
            _organisation(
                f"{name} kommune – {label}",
                OrganisationKind.MUNICIPAL_SERVICE,
                sector,
                municipality,
            )
        _organisation(f"NAV {name}", OrganisationKind.NAV, "nav", municipality)
        _organisation(school, OrganisationKind.COUNTY, "fylkeskommune", municipality)
        _organisation(volunteer, OrganisationKind.VOLUNTEER, "frivillighet", municipality)
        _organisation(business, OrganisationKind.BUSINESS, "naeringsliv", municipality)
    for name, kind, sector in REGIONAL:
        _organisation(name, kind, sector)

    _user("admin@demo.fellesloft.no", "Admin Demo", is_staff=True, is_superuser=True)
    lead = _user(
        "oppdragsleder@demo.fellesloft.no",
        "Ingrid Oppdragsleder",
        global_role=GlobalRole.MISSION_LEAD,
    )
    _member(lead, Organisation.objects.get(name="KS Trøndelag"), MembershipRole.COORDINATOR)
    _user("moderator@demo.fellesloft.no", "Morten Moderator", global_role=GlobalRole.MODERATOR)
    national = _user(
        "nasjonal@demo.fellesloft.no", "Nora Nasjonal", global_role=GlobalRole.NATIONAL_PARTNER
    )
    _member(
        national,
        Organisation.objects.get(name="Partnerskap for radikal innovasjon (PRI)"),
        MembershipRole.MEMBER,
    )
    coordinator = _user("koordinator.trondheim@demo.fellesloft.no", "Kari Koordinator")
    _member(
        coordinator,
        Organisation.objects.get(name="Trondheim kommune – oppvekst"),
        MembershipRole.COORDINATOR,
    )
    member = _user("medlem.trondheim@demo.fellesloft.no", "Mats Medlem")
    _member(member, Organisation.objects.get(name="NAV Trondheim"), MembershipRole.MEMBER)
    _member(
        member, Organisation.objects.get(name="Trondheim kommune – oppvekst"), MembershipRole.MEMBER
    )
    froya = _user("koordinator.froya@demo.fellesloft.no", "Frida Frøya")
    _member(
        froya, Organisation.objects.get(name="Frøya kommune – oppvekst"), MembershipRole.COORDINATOR
    )
    _invitations_and_a_former_member(coordinator)
    stdout.write(
        f"  Organisasjoner: {Organisation.objects.count()}, "
        f"invitasjoner som venter: {Invitation.objects.filter(accepted_at=None).count()}"
    )


def _invitations_and_a_former_member(coordinator: User) -> None:
    """What the members page and the audit log show: an invitation waiting for an answer and
    a colleague who has left (the membership deactivated by the coordinator)."""
    organisation = Organisation.objects.get(name="Trondheim kommune – oppvekst")
    if not Invitation.objects.filter(organisation=organisation).exists():
        services.invitation_create(
            organisation=organisation,
            email="ny.kollega.trondheim@demo.fellesloft.no",
            role=MembershipRole.MEMBER,
            invited_by=coordinator,
        )
    former = _user("tidligere.ansatt.trondheim@demo.fellesloft.no", "Tore Tidligere")
    _member(former, organisation, MembershipRole.MEMBER)
    membership = Membership.objects.get(user=former, organisation=organisation)
    if membership.is_active:
        services.membership_deactivate(membership=membership, actor=coordinator)
